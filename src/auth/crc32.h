// CRC-32 as in IEEE 802.3, zlib's crc32() and PNG: reflected polynomial
// 0xEDB88320, initial value and final XOR 0xFFFFFFFF. Used as the typo check
// at the end of a token; it is not a cryptographic checksum.
#pragma once

#include <cstdint>
#include <string_view>

namespace hookwarden::auth {

// Returns the CRC-32 of the bytes of `data`; Crc32("123456789") ==
// 0xCBF43926. Pure function, thread-safe, cannot fail.
std::uint32_t Crc32(std::string_view data);

}  // namespace hookwarden::auth
