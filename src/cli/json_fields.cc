#include "cli/json_fields.h"

#include <ctime>
#include <optional>

#include "common/time_format.h"

namespace hookwarden::cli {

namespace json = boost::json;

const json::value* Member(const json::value& v, std::string_view key) {
  const json::object* object = v.if_object();
  return object ? object->if_contains(key) : nullptr;
}

std::string Text(const json::value& v, std::string_view key) {
  const json::value* member = Member(v, key);
  if (member == nullptr) return "";
  if (const json::string* s = member->if_string()) return std::string(*s);
  if (member->is_int64()) return std::to_string(member->get_int64());
  if (member->is_uint64()) return std::to_string(member->get_uint64());
  if (member->is_double()) return json::serialize(*member);
  return "";
}

const json::array& Array(const json::value& v, std::string_view key) {
  static const json::array kEmpty;
  const json::value* member = Member(v, key);
  const json::array* array = member ? member->if_array() : nullptr;
  return array ? *array : kEmpty;
}

std::string DisplayTime(std::string_view rfc3339, Zone zone) {
  // 2026-11-26T20:26:29.123Z
  if (rfc3339.size() < 20 || rfc3339[10] != 'T' || rfc3339.back() != 'Z') {
    return std::string(rfc3339);
  }
  if (zone == Zone::kLocal) {
    std::optional<int64_t> millis = ParseRfc3339(rfc3339);
    if (!millis) return std::string(rfc3339);
    std::time_t seconds = static_cast<std::time_t>(
        *millis >= 0 ? *millis / 1000 : (*millis - 999) / 1000);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr) return std::string(rfc3339);
    char text[64];
    size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %Z", &local);
    if (n == 0) return std::string(rfc3339);
    return std::string(text, n);
  }
  return std::string(rfc3339.substr(0, 10)) + " " +
         std::string(rfc3339.substr(11, 8)) + "Z";
}

std::string OrDash(std::string text) { return text.empty() ? "-" : text; }

}  // namespace hookwarden::cli
