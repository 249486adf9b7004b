// Field checks shared by the handlers: each records a 422 naming the field
// in the reader when the value is present and unacceptable.
#pragma once

#include <optional>
#include <string>

#include "api/json_body.h"

namespace hookwarden::api {

void CheckName(BodyReader& reader, const std::optional<std::string>& name);
void CheckSlug(BodyReader& reader, const std::optional<std::string>& slug);

}  // namespace hookwarden::api
