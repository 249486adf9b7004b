// The small parsers of untrusted text: RFC 3339 date-times, bearer tokens
// and their checksum, query parameters and time windows, slugs and names.
// The first byte picks the parser; the rest is its input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/query_params.h"
#include "auth/crc32.h"
#include "auth/token.h"
#include "common/time_format.h"
#include "domain/naming.h"
#include "fuzz_check.h"
#include "http/request.h"

namespace hw = hookwarden;

namespace {

void Rfc3339(std::string_view text) {
  std::optional<int64_t> at = hw::ParseRfc3339(text);
  if (!at) return;
  // What we write back reads as the same instant.
  std::string formatted = hw::FormatRfc3339(*at);
  std::optional<int64_t> again = hw::ParseRfc3339(formatted);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *at);
}

void Token(std::string_view text) {
  std::optional<hw::auth::TokenKind> kind = hw::auth::ParseToken(text);
  std::string hint = hw::auth::TokenHint(text);
  // A hint never shows more than 8 characters of the token.
  FUZZ_CHECK(hint.size() <= 11);
  (void)hw::auth::Crc32(text);
  if (kind) {
    FUZZ_CHECK(text.size() == hw::auth::kTokenLength);
    FUZZ_CHECK(text.substr(0, 4) == hw::auth::TokenPrefix(*kind));
  }
}

void Query(std::string_view text) {
  hw::http::Request request;
  request.query = std::string(text);
  auto limit = hw::api::IntParam(request, "limit", 50, 1, 500);
  if (limit.ok()) FUZZ_CHECK(*limit >= 1 && *limit <= 500);
  auto since = hw::api::OptionalIntParam(request, "since", -5, 5);
  if (since.ok() && *since) FUZZ_CHECK(**since >= -5 && **since <= 5);
  auto from = hw::api::TimeParam(request, "from");
  auto to = hw::api::TimeParam(request, "to");
  if (from.ok() && *from) {
    FUZZ_CHECK(hw::ParseRfc3339(*request.QueryParam("from")) == **from);
  }
  (void)to;
  (void)request.QueryParam("cursor");
}

void Naming(std::string_view text) {
  std::string slug = hw::SlugFromName(text);
  FUZZ_CHECK(hw::IsValidSlug(slug));
  FUZZ_CHECK(!hw::LooksLikeId(slug));
  // A slug made from a name is its own slug (a slug the user gives may
  // also end with '-' or repeat it, which a made one never does).
  FUZZ_CHECK(hw::SlugFromName(slug) == slug);
  (void)hw::IsValidName(text);
  if (hw::IsValidUsername(text)) {
    FUZZ_CHECK(text.size() <= hw::kMaxUsernameLength);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Rfc3339(text);
      break;
    case 1:
      Token(text);
      break;
    case 2:
      Query(text);
      break;
    case 3:
      Naming(text);
      break;
  }
  return 0;
}
