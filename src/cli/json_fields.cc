#include "cli/json_fields.h"

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

std::string DisplayTime(std::string_view rfc3339) {
  // 2026-11-26T20:26:29.123Z
  if (rfc3339.size() < 20 || rfc3339[10] != 'T' || rfc3339.back() != 'Z') {
    return std::string(rfc3339);
  }
  return std::string(rfc3339.substr(0, 10)) + " " +
         std::string(rfc3339.substr(11, 8)) + "Z";
}

std::string OrDash(std::string text) { return text.empty() ? "-" : text; }

}  // namespace hookwarden::cli
