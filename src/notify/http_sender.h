// Sends one delivery's HTTP request with Boost.Beast over plain TCP or TLS
// (OpenSSL, verifying the peer's certificate and host name against the
// system's trust store, and a private CA when the server is given one;
// http/tls_context.h). Within one overall timeout it resolves the host,
// checks every address (address_guard.h) unless private targets are
// allowed, connects only to addresses that passed, sends the request and
// reads the answer's status and the start of its body. It never follows a
// redirect: a 3xx is an answer like any other.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hookwarden::notify {

struct OutgoingRequest {
  std::string method = "POST";
  std::string url;  // http:// or https://, secrets substituted.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct SendOptions {
  std::chrono::milliseconds timeout{10'000};
  bool allow_private_targets = false;
};

struct SendResult {
  enum Kind {
    kAnswered,  // An HTTP answer came: see status_code.
    kRefused,   // The target resolved only to addresses no channel may reach.
    kInvalid,   // The URL is not one a delivery can be sent to.
    kFailed,    // Resolution, connection, TLS or the exchange failed.
  };
  Kind kind = kFailed;
  int status_code = 0;
  std::string error;  // Empty when answered. May name the host.
  // The answer's body as read, at most 1 MiB: whoever keeps any of it
  // redacts it first (delivery_request.h, RedactAndCut).
  std::string response;
  bool response_cut = false;  // The body was longer, or ended early.
};

class HttpSender {
 public:
  // Verifies https receivers with `tls` (http::MakeClientTlsContext), or,
  // when null, with the system's trust store alone.
  explicit HttpSender(std::shared_ptr<boost::asio::ssl::context> tls = {});
  HttpSender(const HttpSender&) = delete;
  HttpSender& operator=(const HttpSender&) = delete;

  // Sends `request`, blocking the calling thread until the answer or the
  // timeout. Thread-compatible: one call at a time per sender.
  SendResult Send(const OutgoingRequest& request, const SendOptions& options);

 private:
  std::shared_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace hookwarden::notify
