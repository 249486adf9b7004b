#include "notify/address_guard.h"

#include <arpa/inet.h>

#include <cstdint>

namespace hookwarden::notify {
namespace {

using boost::asio::ip::address_v4;
using boost::asio::ip::address_v6;

struct V4Range {
  uint32_t network;
  int prefix;
  const char* reason;
};

constexpr uint32_t Ip(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}

constexpr V4Range kV4Ranges[] = {
    {Ip(0, 0, 0, 0), 8, "an unspecified (0.0.0.0/8) address"},
    {Ip(10, 0, 0, 0), 8, "a private (RFC 1918) address"},
    {Ip(100, 64, 0, 0), 10, "a shared (carrier-grade NAT) address"},
    {Ip(127, 0, 0, 0), 8, "a loopback address"},
    {Ip(169, 254, 0, 0), 16, "a link-local address"},
    {Ip(172, 16, 0, 0), 12, "a private (RFC 1918) address"},
    {Ip(192, 0, 0, 0), 24, "a reserved (IETF protocol) address"},
    {Ip(192, 0, 2, 0), 24, "a documentation address"},
    {Ip(192, 88, 99, 0), 24, "a reserved (6to4 relay) address"},
    {Ip(192, 168, 0, 0), 16, "a private (RFC 1918) address"},
    {Ip(198, 18, 0, 0), 15, "a benchmarking address"},
    {Ip(198, 51, 100, 0), 24, "a documentation address"},
    {Ip(203, 0, 113, 0), 24, "a documentation address"},
    {Ip(224, 0, 0, 0), 4, "a multicast address"},
    {Ip(255, 255, 255, 255), 32, "the broadcast address"},
    {Ip(240, 0, 0, 0), 4, "a reserved address"},
};

std::optional<std::string> V4Reason(const address_v4& address) {
  uint32_t ip = address.to_uint();
  for (const V4Range& r : kV4Ranges) {
    uint32_t mask = r.prefix == 0 ? 0 : ~uint32_t{0} << (32 - r.prefix);
    if ((ip & mask) == r.network) return std::string(r.reason);
  }
  return std::nullopt;
}

// The first `bits` bits of `bytes` equal those of `prefix`.
bool HasPrefix(const address_v6::bytes_type& bytes,
               std::initializer_list<uint8_t> prefix, int bits) {
  int i = 0;
  for (uint8_t p : prefix) {
    int take = std::min(8, bits - 8 * i);
    if (take <= 0) break;
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - take));
    if ((bytes[i] & mask) != (p & mask)) return false;
    ++i;
  }
  return true;
}

address_v4 V4At(const address_v6::bytes_type& b, int at) {
  return address_v4(
      address_v4::bytes_type{b[at], b[at + 1], b[at + 2], b[at + 3]});
}

std::optional<std::string> Embedded(const address_v4& v4,
                                    std::string_view form) {
  if (auto reason = V4Reason(v4)) {
    return std::string(form) + " of " + *reason;
  }
  return std::nullopt;
}

std::optional<std::string> V6Reason(const address_v6& address) {
  const address_v6::bytes_type b = address.to_bytes();
  if (address.is_unspecified()) return "the unspecified address (::)";
  if (address.is_loopback()) return "a loopback address";
  if (address.is_v4_mapped()) {
    return Embedded(V4At(b, 12), "an IPv4-mapped form");
  }
  if (HasPrefix(b, {0x00, 0x64, 0xff, 0x9b}, 32)) {
    // NAT64: 64:ff9b::/96 embeds the IPv4 address it reaches, and
    // 64:ff9b:1::/48 is for local use.
    if (HasPrefix(b, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48))
      return "a local-use NAT64 address";
    return Embedded(V4At(b, 12), "a NAT64 form");
  }
  // ::/96 (IPv4-compatible, deprecated) and the rest of ::/8.
  if (HasPrefix(b, {0x00}, 8)) return "a reserved (::/8) address";
  if (HasPrefix(b, {0x01, 0x00}, 64) && b[2] == 0 && b[3] == 0 && b[4] == 0 &&
      b[5] == 0 && b[6] == 0 && b[7] == 0)
    return "a discard-only (100::/64) address";
  if (HasPrefix(b, {0x20, 0x01, 0x0d, 0xb8}, 32))
    return "a documentation address";
  if (HasPrefix(b, {0x20, 0x01, 0x00, 0x00}, 32)) return "a Teredo address";
  if (HasPrefix(b, {0x20, 0x02}, 16)) {
    return Embedded(V4At(b, 2), "a 6to4 form");
  }
  if (HasPrefix(b, {0xfc}, 7)) return "a private (unique local) address";
  if (HasPrefix(b, {0xfe, 0x80}, 10)) return "a link-local address";
  if (HasPrefix(b, {0xfe, 0xc0}, 10)) return "a site-local address";
  if (HasPrefix(b, {0xff}, 8)) return "a multicast address";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ForbiddenAddressReason(
    const boost::asio::ip::address& address) {
  if (address.is_v4()) return V4Reason(address.to_v4());
  return V6Reason(address.to_v6());
}

std::optional<boost::asio::ip::address> LiteralHostAddress(
    std::string_view host) {
  boost::system::error_code ec;
  auto v6 = boost::asio::ip::make_address_v6(host, ec);
  if (!ec) return boost::asio::ip::address(v6);
  // inet_aton's forms only: digits, hexadecimal digits after 0x, and dots
  // (it would take trailing text after a space too; a host has none).
  if (host.empty() || host.size() > 64) return std::nullopt;
  for (char c : host) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
               (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != 'x' && c != 'X') return std::nullopt;
  }
  std::string text(host);
  in_addr parsed{};
  if (inet_aton(text.c_str(), &parsed) == 0) return std::nullopt;
  return boost::asio::ip::address(address_v4(ntohl(parsed.s_addr)));
}

}  // namespace hookwarden::notify
