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

}  // namespace hookwarden
