#include "domain/status_page.h"

#include "domain/naming.h"

namespace hookwarden {
namespace {

// Code points of `text` if it holds no control character but line breaks
// and tabs; nullopt otherwise.
std::optional<size_t> TextLength(std::string_view text) {
  size_t code_points = 0;
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
      return std::nullopt;
    }
    if ((c & 0xC0) != 0x80) ++code_points;
  }
  return code_points;
}

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

StatusPage DefaultStatusPage(std::string organization_id,
                             std::string organization_slug,
                             std::string organization_name) {
  StatusPage page;
  page.organization_id = std::move(organization_id);
  page.organization_slug = std::move(organization_slug);
  page.title = organization_name;
  page.organization_name = std::move(organization_name);
  return page;
}

Status CheckStatusPage(const StatusPage& page) {
  if (!IsValidName(page.title)) {
    return Status::Invalid("title",
                           "title must be 1 to 100 characters, without control "
                           "characters, not only blanks");
  }
  if (page.description) {
    auto length = TextLength(*page.description);
    if (!length || *length > kMaxStatusPageDescriptionLength) {
      return Status::Invalid("description",
                             "description must be at most 1000 characters, "
                             "without control characters but line breaks");
    }
  }
  if (page.products.size() > kMaxStatusPageProducts) {
    return Status::Invalid("products",
                           "a status page lists at most 20 products");
  }
  return Status::Ok();
}

Status CheckPublicNote(std::string_view note) {
  auto length = TextLength(note);
  if (!length || *length > kMaxPublicNoteLength || Blank(note)) {
    return Status::Invalid("public_note",
                           "public_note must be 1 to 1000 characters, not "
                           "only blanks, without control characters but "
                           "line breaks");
  }
  return Status::Ok();
}

std::optional<std::string> PublishedCause(
    const std::optional<std::string>& cause,
    const IncidentPublication& publication) {
  if (!publication.publish_cause) return std::nullopt;
  return cause;
}

}  // namespace hookwarden
