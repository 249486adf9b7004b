#include "http/trusted_proxies.h"

#include <boost/asio/ip/address.hpp>
#include <optional>

namespace hookwarden::http {
namespace {

namespace ip = boost::asio::ip;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// `text` as an address; a v4-mapped IPv6 address as its IPv4 address.
std::optional<ip::address> ParseAddress(std::string_view text) {
  boost::system::error_code ec;
  ip::address a = ip::make_address(Trim(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string entry(Trim(list.substr(start, comma - start)));
    start = comma + 1;
    if (entry.empty()) continue;
    boost::system::error_code ec;
    if (entry.find('/') == std::string::npos) {
      auto a = ParseAddress(entry);
      if (!a) {
        return Status::Invalid("trusted_proxies",
                               "not an address or a network: " + entry);
      }
      if (a->is_v4()) {
        out.v4_.emplace_back(a->to_v4(), 32);
      } else {
        out.v6_.emplace_back(a->to_v6(), 128);
      }
      continue;
    }
    auto v4 = ip::make_network_v4(entry, ec);
    if (!ec) {
      out.v4_.push_back(v4);
      continue;
    }
    auto v6 = ip::make_network_v6(entry, ec);
    if (!ec) {
      out.v6_.push_back(v6);
      continue;
    }
    return Status::Invalid("trusted_proxies",
                           "not an address or a network: " + entry);
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  auto a = ParseAddress(address);
  if (!a) return false;
  if (a->is_v4()) {
    for (const auto& n : v4_) {
      ip::network_v4 single(a->to_v4(), 32);
      if (single == n || single.is_subnet_of(n)) return true;
    }
    return false;
  }
  for (const auto& n : v6_) {
    ip::network_v6 single(a->to_v6(), 128);
    if (single == n || single.is_subnet_of(n)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(
    std::string_view peer, std::optional<std::string_view> forwarded) const {
  if (!forwarded || !Contains(peer)) return std::string(peer);
  std::string_view rest = *forwarded;
  std::string client(peer);
  // From the right: each hop a trusted proxy added; the first address not
  // a trusted proxy is the client.
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view hop =
        Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view()
                                           : rest.substr(0, comma);
    auto a = ParseAddress(hop);
    if (!a) break;  // Garbage: believe nothing further left.
    client = a->to_string();
    if (!Contains(client)) break;
  }
  return client;
}

}  // namespace hookwarden::http
