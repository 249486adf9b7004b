#include "domain/cron.h"

#include <date/tz.h>

#include <array>
#include <cctype>
#include <charconv>
#include <exception>
#include <vector>

namespace hookwarden {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kDayNames = {
    "sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const std::string_view* names;  // Names of min, min + 1, ...; or null.
  size_t name_count;
};

std::vector<std::string_view> Split(std::string_view text, char by) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(by, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::optional<int> Value(std::string_view text, const FieldSpec& spec) {
  if (text.empty()) return std::nullopt;
  if (spec.names && text.size() == 3) {
    std::string lower;
    for (char c : text) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (size_t i = 0; i < spec.name_count; ++i) {
      if (spec.names[i] == lower) return spec.min + static_cast<int>(i);
    }
  }
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

// Sets in `bits` the values of one field; Invalid when it is malformed.
template <size_t N>
Status ParseField(std::string_view text, const FieldSpec& spec, int value_max,
                  std::bitset<N>& bits, const std::string& field) {
  auto bad = [&](std::string_view what) {
    return Status::Invalid(field, "the " + std::string(spec.name) + " field '" +
                                      std::string(text) + "' " +
                                      std::string(what));
  };
  if (text.empty()) return bad("is empty");
  for (std::string_view item : Split(text, ',')) {
    std::vector<std::string_view> stepped = Split(item, '/');
    if (stepped.size() > 2) return bad("has more than one step");
    int step = 1;
    if (stepped.size() == 2) {
      auto s = Value(stepped[1], FieldSpec{spec.name, 0, 0, nullptr, 0});
      if (!s || *s < 1 || *s > spec.max) return bad("has a bad step");
      step = *s;
    }
    std::string_view range = stepped[0];
    int low = 0, high = 0;
    if (range == "*") {
      low = spec.min;
      high = spec.max;
    } else {
      std::vector<std::string_view> ends = Split(range, '-');
      if (ends.size() > 2) return bad("has a bad range");
      auto first = Value(ends[0], spec);
      if (!first) return bad("has a value that is not a number or name");
      low = high = *first;
      if (ends.size() == 2) {
        auto last = Value(ends[1], spec);
        if (!last) return bad("has a value that is not a number or name");
        high = *last;
      } else if (stepped.size() == 2) {
        high = spec.max;  // `5/20`: from 5 to the end.
      }
      if (low < spec.min || high > value_max || low > high) {
        return bad("is out of range " + std::to_string(spec.min) + "-" +
                   std::to_string(value_max));
      }
    }
    for (int v = low; v <= high; v += step) {
      bits.set(static_cast<size_t>(v == 7 && N == 7 ? 0 : v));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<CronExpression> CronExpression::Parse(std::string_view text,
                                             const std::string& field) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  if (fields.size() != 5) {
    return Status::Invalid(
        field,
        "a cron expression has five fields: minute hour day-of-month month "
        "day-of-week");
  }
  CronExpression e;
  HW_RETURN_IF_ERROR(ParseField(fields[0], {"minute", 0, 59, nullptr, 0}, 59,
                                e.minutes_, field));
  HW_RETURN_IF_ERROR(
      ParseField(fields[1], {"hour", 0, 23, nullptr, 0}, 23, e.hours_, field));
  HW_RETURN_IF_ERROR(ParseField(fields[2], {"day-of-month", 1, 31, nullptr, 0},
                                31, e.days_, field));
  HW_RETURN_IF_ERROR(ParseField(fields[3],
                                {"month", 1, 12, kMonthNames.data(), 12}, 12,
                                e.months_, field));
  // Day 7 is Sunday too; `*` and steps run over 0..6.
  HW_RETURN_IF_ERROR(ParseField(fields[4],
                                {"day-of-week", 0, 6, kDayNames.data(), 7}, 7,
                                e.weekdays_, field));
  e.any_day_ = fields[2].front() == '*';
  e.any_weekday_ = fields[4].front() == '*';
  e.wildcard_ = fields[0].front() == '*' || fields[1].front() == '*';
  const date::time_zone* utc = FindTimeZone("UTC");
  if (utc && !e.NextAfter(0, *utc)) {
    return Status::Invalid(field, "the cron expression never fires");
  }
  return e;
}

std::optional<int64_t> CronExpression::NextAfter(
    int64_t after, const date::time_zone& zone) const {
  using namespace std::chrono;
  const sys_seconds after_s =
      floor<seconds>(sys_time<milliseconds>(milliseconds(after)));
  const auto local_after = zone.to_local(after_s);
  const date::local_days first_day = floor<date::days>(local_after);
  const auto after_minute =
      floor<minutes>(local_after - first_day);  // Minutes into the first day.
  constexpr int kDaysAhead = 8 * 366;
  for (int d = 0; d < kDaysAhead; ++d) {
    const date::local_days day = first_day + date::days(d);
    const date::year_month_day ymd(day);
    if (!months_[static_cast<unsigned>(ymd.month())]) continue;
    const bool day_ok = days_[static_cast<unsigned>(ymd.day())];
    const bool weekday_ok = weekdays_[date::weekday(day).c_encoding()];
    bool fires_on_day;
    if (any_day_ || any_weekday_) {
      fires_on_day = day_ok && weekday_ok;
    } else {
      fires_on_day = day_ok || weekday_ok;  // Both restricted: either.
    }
    if (!fires_on_day) continue;
    for (int h = 0; h < 24; ++h) {
      if (!hours_[h]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!minutes_[m]) continue;
        const minutes into_day = hours(h) + minutes(m);
        if (d == 0 && into_day < after_minute) continue;
        const date::local_seconds local = day + into_day;
        const date::local_info info = zone.get_info(local);
        sys_seconds at;
        if (info.result == date::local_info::nonexistent) {
          // Skipped by a change forward: a wildcard job skips it too, any
          // other fires at the jump.
          if (wildcard_) continue;
          at = info.first.end;
        } else {
          // Unique, or the first of two occurrences.
          at = sys_seconds(local.time_since_epoch() - info.first.offset);
        }
        const int64_t at_ms =
            duration_cast<milliseconds>(at.time_since_epoch()).count();
        if (at_ms > after) return at_ms;
      }
    }
  }
  return std::nullopt;
}

const date::time_zone* FindTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace hookwarden
