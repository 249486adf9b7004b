// Field checks shared by the handlers: each records a 422 naming the field
// in the reader when the value is present and unacceptable.
#pragma once

#include <optional>
#include <string>

#include "http/json_body.h"

namespace hookwarden::api {

void CheckName(http::BodyReader& reader,
               const std::optional<std::string>& name);
void CheckSlug(http::BodyReader& reader,
               const std::optional<std::string>& slug);
void CheckRole(http::BodyReader& reader,
               const std::optional<std::string>& role);
void CheckUsername(http::BodyReader& reader,
                   const std::optional<std::string>& username);

}  // namespace hookwarden::api
