#include "api/validation.h"

#include "domain/naming.h"
#include "domain/role.h"

namespace hookwarden::api {

void CheckName(http::BodyReader& reader,
               const std::optional<std::string>& name) {
  if (name && !IsValidName(*name)) {
    reader.Fail(Status::Invalid(
        "name", "name must be 1 to 100 characters, not only blanks"));
  }
}

void CheckSlug(http::BodyReader& reader,
               const std::optional<std::string>& slug) {
  if (slug && !IsValidSlug(*slug)) {
    reader.Fail(Status::Invalid("slug",
                                "slug must be 1 to 63 of a-z, 0-9 and '-', "
                                "starting with a letter or digit"));
  }
}

void CheckRole(http::BodyReader& reader,
               const std::optional<std::string>& role) {
  if (role && !ParseRole(*role)) {
    reader.Fail(Status::Invalid("role", "role must be owner, admin or member"));
  }
}

void CheckUsername(http::BodyReader& reader,
                   const std::optional<std::string>& username) {
  if (username && !IsValidUsername(*username)) {
    reader.Fail(Status::Invalid(
        "username",
        "username must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'"));
  }
}

}  // namespace hookwarden::api
