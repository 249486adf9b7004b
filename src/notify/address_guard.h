// Which addresses a channel may reach. Unless the server runs with
// --allow-private-targets, a delivery never connects to an address that
// leads back into the server's own network: loopback, private (RFC 1918,
// fc00::/7), shared (100.64.0.0/10), link-local, unspecified, multicast,
// broadcast, reserved and documentation ranges, and IPv6 forms that embed
// such an IPv4 address (v4-mapped, v4-compatible, NAT64, 6to4). The check
// runs on the addresses a host name resolved to, and the connection goes
// to an address that passed it.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden::notify {

// Why `address` is refused ("a loopback address", ...), or nullopt when a
// channel may reach it. Pure and thread-safe.
std::optional<std::string> ForbiddenAddressReason(
    const boost::asio::ip::address& address);

// The address a URL's host names without any lookup, as the system's
// resolver reads it: an IPv6 literal (without brackets), or an IPv4 address
// in any form inet_aton(3) takes (127.1, 2130706433, 0x7f000001,
// 0177.0.0.1, 0x7f.1, 0). nullopt for a host name. Pure and thread-safe.
std::optional<boost::asio::ip::address> LiteralHostAddress(
    std::string_view host);

}  // namespace hookwarden::notify
