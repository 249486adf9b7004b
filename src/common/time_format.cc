#include "common/time_format.h"

#include <chrono>
#include <cstdio>

namespace hookwarden {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

void AppendRfc3339(std::string& out, int64_t epoch_millis) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{epoch_millis}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{tp - day};
  int year = static_cast<int>(ymd.year());
  if (year >= 0 && year <= 9999) {
    // Every answer to a report carries one: written digit by digit.
    size_t at = out.size();
    out += "0000-00-00T00:00:00.000Z";
    auto put = [&](size_t end, int64_t value, int width) {
      for (int k = 1; k <= width; ++k, value /= 10) {
        out[at + end - k] = static_cast<char>('0' + value % 10);
      }
    };
    put(4, year, 4);
    put(7, static_cast<unsigned>(ymd.month()), 2);
    put(10, static_cast<unsigned>(ymd.day()), 2);
    put(13, hms.hours().count(), 2);
    put(16, hms.minutes().count(), 2);
    put(19, hms.seconds().count(), 2);
    put(23, hms.subseconds().count(), 3);
    return;
  }
  char buf[32];
  std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
      static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
      static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
      static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()),
      static_cast<int>(hms.subseconds().count()));
  out += buf;
}

std::string FormatRfc3339(int64_t epoch_millis) {
  std::string out;
  AppendRfc3339(out, epoch_millis);
  return out;
}

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, &y) || s.size() < 20 || s[4] != '-' ||
      !Digits(s, 5, 2, &mo) || s[7] != '-' || !Digits(s, 8, 2, &d) ||
      (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, &h) || s[13] != ':' ||
      !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &se)) {
    return std::nullopt;
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                     day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1 || h > 23 || mi > 59 || se > 59) return std::nullopt;
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  int64_t offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() ||
        s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &om) || oh > 23 ||
        om > 59) {
      return std::nullopt;
    }
    offset_minutes = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t days_since = sys_days{ymd}.time_since_epoch().count();
  int64_t secs =
      days_since * 86400 + h * 3600 + mi * 60 + se - offset_minutes * 60;
  int64_t result = secs * 1000 + millis;
  // What FormatRfc3339 can write back: years 0001 to 9999 in UTC.
  constexpr int64_t kFirst = -62135596800000;  // 0001-01-01T00:00:00Z
  constexpr int64_t kLast = 253402300799999;   // 9999-12-31T23:59:59.999Z
  if (result < kFirst || result > kLast) return std::nullopt;
  return result;
}

}  // namespace hookwarden
