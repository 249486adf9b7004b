// The reverse proxies whose X-Forwarded-For a server believes
// (--trusted-proxies). A request's client address is its peer's address,
// unless the peer is a trusted proxy: then it is the right-most address of
// X-Forwarded-For that is not itself a trusted proxy. A header sent by anyone
// else is ignored, so that a client cannot choose its own address.
#pragma once

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace hookwarden::http {

class TrustedProxies {
 public:
  // None: X-Forwarded-For is never believed.
  TrustedProxies() = default;
  // Parses a comma-separated list of addresses and CIDR networks
  // ("10.0.0.0/8, 127.0.0.1, fd00::/8"). Invalid (field "trusted_proxies")
  // naming the first entry that is neither.
  static Result<TrustedProxies> Parse(std::string_view list);

  // Whether `address` (text) is one of the trusted proxies.
  bool Contains(std::string_view address) const;
  // The client's address of a request from `peer` carrying X-Forwarded-For
  // `forwarded` (nullopt when absent), as described above. Pure.
  std::string ClientAddress(std::string_view peer,
                            std::optional<std::string_view> forwarded) const;
  bool empty() const { return v4_.empty() && v6_.empty(); }

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace hookwarden::http
