// A channel's templates ({{SECRET}}, {{incident.severity}}) and the address
// guard's reading of a URL's host. The first byte picks which.
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "notify/address_guard.h"
#include "notify/template.h"

namespace hw = hookwarden;

namespace {

void Template(std::string_view text, hw::notify::Escape escape) {
  auto parsed = hw::notify::Template::Parse(text, "body");
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().field() == "body");
    return;
  }
  size_t secrets = 0, fields = 0;
  for (const auto& part : parsed->parts()) {
    secrets += part.kind == hw::notify::TemplatePart::kSecret;
    fields += part.kind == hw::notify::TemplatePart::kField;
  }
  FUZZ_CHECK(parsed->Secrets().size() <= secrets);
  FUZZ_CHECK(parsed->Fields().size() <= fields);
  // A secret's value never passes through as a placeholder of its own.
  auto secret = [](const std::string&) -> hw::Result<std::string> {
    return std::string("{{x}}\"\\%");
  };
  auto field = [](const std::string& name) -> hw::Result<std::string> {
    return name;
  };
  auto rendered = parsed->Render(secret, escape, field, escape);
  FUZZ_CHECK(rendered.ok());
  if (escape == hw::notify::Escape::kUrl) {
    // Every secret's '"' and '\' came out percent-encoded.
    if (secrets > 0)
      FUZZ_CHECK(rendered->find("%22%5C%25") != std::string::npos);
  }
}

void Address(std::string_view host) {
  auto address = hw::notify::LiteralHostAddress(host);
  if (!address) return;
  auto reason = hw::notify::ForbiddenAddressReason(*address);
  // The address's own text reads back as the same address, with the same
  // verdict.
  auto again = hw::notify::LiteralHostAddress(address->to_string());
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *address);
  FUZZ_CHECK(hw::notify::ForbiddenAddressReason(*again) == reason);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Template(text, hw::notify::Escape::kNone);
      break;
    case 1:
      Template(text, hw::notify::Escape::kJson);
      break;
    case 2:
      Template(text, hw::notify::Escape::kUrl);
      break;
    case 3:
      Address(text);
      break;
  }
  return 0;
}
