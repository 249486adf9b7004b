#include "cli/whole_list.h"

#include <iostream>
#include <set>

namespace hookwarden::cli {

namespace json = boost::json;

std::optional<ApiResponse> ReadWholeList(
    const std::function<std::optional<ApiResponse>(const std::string&)>& get,
    const std::string& path, std::string_view field) {
  const char separator = path.find('?') == std::string::npos ? '?' : '&';
  const std::string first =
      path + separator + "limit=" + std::to_string(kListPageLimit);
  json::array items;
  std::set<std::string> seen;
  std::string next = first;
  while (true) {
    std::optional<ApiResponse> answer = get(next);
    if (!answer || !answer->ok()) return answer;
    json::object* page = answer->json.if_object();
    json::value* list = page ? page->if_contains(field) : nullptr;
    if (!list || !list->is_array()) {
      std::cerr << "hookwarden: the server's answer holds no " << field
                << " list\n";
      return std::nullopt;
    }
    for (json::value& item : list->as_array()) items.push_back(std::move(item));
    const json::value* cursor = page->if_contains("next_cursor");
    if (!cursor || !cursor->is_string()) {
      *list = std::move(items);
      (*page)["next_cursor"] = nullptr;
      answer->body = json::serialize(answer->json);
      return answer;
    }
    std::string text(cursor->as_string());
    if (!seen.insert(text).second) {
      std::cerr << "hookwarden: the server answered the same page twice\n";
      return std::nullopt;
    }
    next = first + "&cursor=" + PathSegment(text);
  }
}

std::optional<ApiResponse> SendListWithApiKey(const ClientFlags& flags,
                                              const std::string& path,
                                              std::string_view field) {
  return ReadWholeList(
      [&flags](const std::string& page) {
        return SendWithApiKey(flags, "GET", page);
      },
      path, field);
}

}  // namespace hookwarden::cli
