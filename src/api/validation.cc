#include "api/validation.h"

#include "domain/naming.h"

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

}  // namespace hookwarden::api
