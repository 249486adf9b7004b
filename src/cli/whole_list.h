// Whole lists through a paged API: a list endpoint answers at most `limit`
// items with the `next_cursor` of the next page; these follow it to the end,
// so `hookwarden ... list` shows every item.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cli/api_client.h"
#include "cli/client_command.h"

namespace hookwarden::cli {

// The page the client asks for (the servers' default; they take up to 500).
inline constexpr int kListPageLimit = 100;

// Reads `path` (which may hold a query) page by page with `get`, which
// returns the answer or nullopt when it failed (reporting it, or not, as it
// likes). Returns the last page's answer with every page's `field` items in
// order under `field` and next_cursor null, its body the JSON serialized; the
// first failed answer (not 2xx) as it came; nullopt when `get` failed or the
// server gave a page without `field` or repeated a cursor.
std::optional<ApiResponse> ReadWholeList(
    const std::function<std::optional<ApiResponse>(const std::string&)>& get,
    const std::string& path, std::string_view field);

// ReadWholeList with SendWithApiKey (which reports failures); nullopt on any
// failure, the exit code then 1.
std::optional<ApiResponse> SendListWithApiKey(const ClientFlags& flags,
                                              const std::string& path,
                                              std::string_view field);

}  // namespace hookwarden::cli
