// A product groups applications within an organization.
#pragma once

#include <cstdint>
#include <string>

namespace hookwarden {

struct Product {
  std::string id;  // "prd_..."
  std::string organization_id;
  std::string name;
  std::string slug;  // Unique within the organization.
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

}  // namespace hookwarden
