// The text of a channel (its URL, header values and body template) with
// placeholders: {{SECRET_NAME}} names a secret variable (upper case, as
// secret names are) and {{incident.severity}} an event field (lower case,
// dotted; see event_fields.h). Spaces inside the braces are allowed.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace hookwarden::notify {

struct TemplatePart {
  enum Kind { kText, kSecret, kField };
  Kind kind = kText;
  std::string text;  // The literal text, or the secret's or field's name.
};

// How a value is written where it goes: as it is, percent-encoded (a URL's
// fields), or escaped for the inside of a JSON string (a JSON body).
enum class Escape { kNone, kUrl, kJson };

class Template {
 public:
  // Parses `text`. Invalid (naming `field`) for a "{{" without its "}}", or
  // a placeholder that is neither a secret name nor a field name. Does not
  // check that the secrets or fields exist.
  static Result<Template> Parse(std::string_view text, std::string_view field);

  const std::vector<TemplatePart>& parts() const { return parts_; }
  // The names of its secrets and fields, in order of first appearance.
  std::vector<std::string> Secrets() const;
  std::vector<std::string> Fields() const;

  // Returns the parts joined, each secret replaced by `secret(name)` and each
  // field by `field(name)`, escaped as `fields_escape` and `secrets_escape`
  // say. The first failed lookup is returned.
  using Lookup = std::function<Result<std::string>(const std::string& name)>;
  Result<std::string> Render(const Lookup& secret, Escape secrets_escape,
                             const Lookup& field, Escape fields_escape) const;

 private:
  std::vector<TemplatePart> parts_;
};

// `value` percent-encoded: everything but RFC 3986's unreserved characters.
std::string PercentEncode(std::string_view value);
// `value` as the inside of a JSON string (without the quotes).
std::string JsonEscape(std::string_view value);

}  // namespace hookwarden::notify
