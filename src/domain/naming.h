// Names and slugs as users type them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hookwarden {

// Slugs: [a-z0-9][a-z0-9-]{0,62}. They never contain '_', so they never look
// like ids ("prd_...").
bool IsValidSlug(std::string_view slug);

// A slug made from a display name: lower case, runs of other characters
// become one '-', trimmed to 63 characters; "item" when nothing is left.
std::string SlugFromName(std::string_view name,
                         std::string_view fallback = "item");

// Display names: 1 to 100 characters (UTF-8 code points), no control
// characters, not only blanks.
bool IsValidName(std::string_view name);

// The longest a username may be.
inline constexpr size_t kMaxUsernameLength = 64;

// Usernames: [A-Za-z0-9][A-Za-z0-9._-]{0,63}. Two usernames that differ
// only in case name the same account; it keeps the case it was created with.
bool IsValidUsername(std::string_view username);

// The form usernames are compared in: ASCII lower case (the same as SQL's
// lower() on the characters a username may hold).
std::string UsernameKey(std::string_view username);

// True when `ref` is an id of the given kind ("prd_...") rather than a slug.
inline bool LooksLikeId(std::string_view ref) {
  return ref.find('_') != std::string_view::npos;
}

}  // namespace hookwarden
