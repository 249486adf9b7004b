#include "domain/naming.h"

namespace hookwarden {
namespace {

bool IsLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

}  // namespace

bool IsValidSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > 63 || !IsLowerAlnum(slug[0])) return false;
  for (char c : slug) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

std::string SlugFromName(std::string_view name, std::string_view fallback) {
  std::string slug;
  bool pending_dash = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (IsLowerAlnum(c)) {
      bool dash = pending_dash && !slug.empty();
      // Stop where the character (and its dash) would pass 63.
      if (slug.size() + (dash ? 2 : 1) > 63) break;
      if (dash) slug += '-';
      pending_dash = false;
      slug += c;
    } else {
      pending_dash = true;
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? std::string(fallback) : slug;
}

bool IsValidName(std::string_view name) {
  size_t code_points = 0;
  bool has_visible = false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
    if ((c & 0xC0) != 0x80) ++code_points;
    if (c != ' ') has_visible = true;
  }
  return code_points >= 1 && code_points <= 100 && has_visible;
}

bool IsValidUsername(std::string_view username) {
  if (username.empty() || username.size() > 64 || !IsAlnum(username[0]))
    return false;
  for (char c : username) {
    if (!IsAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

std::string UsernameKey(std::string_view username) {
  std::string key(username);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

}  // namespace hookwarden
