#include "domain/application.h"

namespace hookwarden {

bool IsValidSeverity(std::string_view s) {
  return s == "not_classified" || (s.size() == 4 && s.substr(0, 3) == "sev" &&
                                   s[3] >= '1' && s[3] <= '5');
}

}  // namespace hookwarden
