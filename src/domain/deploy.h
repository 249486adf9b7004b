// A deployment of an application, reported with its deploy token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden {

struct Deploy {
  std::string id;  // The client's id, or one made up ("dep_...").
  std::string organization_id;
  std::string application_id;
  std::string version;
  std::optional<std::string> commit;
  std::optional<int64_t> commit_at;
  std::optional<std::string> description;
  std::string environment = "production";
  std::string status = "success";  // success, failure or rollback.
  std::optional<int64_t> started_at;
  std::optional<int64_t> finished_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// True for "success", "failure" and "rollback".
inline bool IsValidDeployStatus(std::string_view s) {
  return s == "success" || s == "failure" || s == "rollback";
}

}  // namespace hookwarden
