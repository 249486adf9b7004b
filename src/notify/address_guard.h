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

namespace hookwarden::notify {

// Why `address` is refused ("a loopback address", ...), or nullopt when a
// channel may reach it. Pure and thread-safe.
std::optional<std::string> ForbiddenAddressReason(
    const boost::asio::ip::address& address);

}  // namespace hookwarden::notify
