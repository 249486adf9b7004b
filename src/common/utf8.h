// Text that a JSON document may carry.
#pragma once

#include <string>
#include <string_view>

namespace hookwarden {

// `bytes` with every byte that does not belong to a well-formed UTF-8
// character (a stray continuation byte, a truncated sequence, an overlong
// form, a surrogate or a code point past U+10FFFF) replaced by U+FFFD, one
// replacement per maximal ill-formed subsequence as Unicode recommends.
// Well-formed text comes back unchanged.
std::string ValidUtf8(std::string_view bytes);

// ValidUtf8(bytes) with each NUL character also replaced by U+FFFD: text
// that every store keeps (PostgreSQL's text cannot hold NUL).
std::string StorableText(std::string_view bytes);

}  // namespace hookwarden
