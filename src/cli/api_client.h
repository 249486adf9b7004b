// A small HTTP/1.1 client for the hookwarden API, used by the client
// subcommands (`hookwarden tokens ...`): http or https (verified against the
// system's trust store and, when given, a private CA), one connection per
// call, JSON in and out, a personal API key as the bearer token.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace hookwarden::cli {

// Where the server is, from a URL such as "http://127.0.0.1:8080" or
// "https://hookwarden.internal/prefix".
struct ServerUrl {
  bool tls = false;         // https.
  std::string host;         // For the resolver: a name or a bare address.
  std::string port;         // "80" (or "443") when the URL has none.
  std::string host_header;  // host[:port] as written in the URL.
  std::string base_path;    // "" or "/prefix", never ending in '/'.
  // http(s)://host[:port][/prefix], for messages: a token in the prefix (a
  // ping URL's key) redacted (auth/token_redaction.h).
  std::string display;
};

// Parses `url`. Fails with Status::Invalid("url", message) unless it is
// http(s)://HOST[:PORT][/PATH] with no user name or password (credentials
// go in HOOKWARDEN_API_KEY), query or fragment. The message never repeats
// user info. Pure.
Result<ServerUrl> ParseServerUrl(std::string_view url);

struct ApiClientOptions {
  std::string url = "http://127.0.0.1:8080";
  // Sent as "Authorization: Bearer <api_key>" when not empty.
  std::string api_key;
  // Limit for each of connecting, the TLS handshake, sending and receiving.
  std::chrono::milliseconds timeout{30000};
  // https: a CA certificate file (PEM) trusted besides the system's trust
  // store, for a server whose certificate a private CA signed.
  std::string cacert{};
};

// One answer from the server.
struct ApiResponse {
  int status = 0;
  std::string body;         // As received.
  boost::json::value json;  // The body parsed; null when empty or not JSON.

  bool ok() const { return status >= 200 && status < 300; }
};

// Extra request headers, in order.
using Headers = std::vector<std::pair<std::string, std::string>>;

class ApiClient {
 public:
  // Checks the options (see ParseServerUrl; an api_key with a control
  // character is refused too; for https, loads the trust store and cacert,
  // failing with Status::Invalid("cacert", ...) when that file cannot be
  // used) and returns a client for them.
  static Result<ApiClient> Create(ApiClientOptions options);

  // Sends `method` to `path` (e.g. "/api/v1/orgs/default/integration-tokens",
  // already percent-encoded, see PathSegment) below the URL's base path, with
  // `body` serialized as application/json when given, and waits for the
  // answer. `headers` come last; an "Authorization" among them replaces the
  // API key's. Returns the answer whatever its status (a 4xx is an answer,
  // not a failure); fails with Status::Unavailable, whose message names the
  // URL but never the API key, when the server cannot be reached, its
  // certificate is not trusted or does not name the host (the message then
  // says why and points at --cacert), it does not answer within the timeout
  // or answers something that is not HTTP. Blocks
  // the calling thread; each call uses its own connection, so distinct calls
  // may run on distinct threads.
  Result<ApiResponse> Call(
      std::string_view method, std::string_view path,
      const std::optional<boost::json::value>& body = std::nullopt,
      const Headers& headers = {}) const;

  // The same with `text` as the body, sent as is (text/plain; charset=utf-8).
  Result<ApiResponse> CallText(std::string_view method, std::string_view path,
                               std::string text,
                               const Headers& headers = {}) const;

  // The server URL as shown in messages (see ServerUrl::display).
  const std::string& display_url() const { return url_.display; }

 private:
  struct Payload {
    std::string content_type;
    std::string bytes;
  };
  // Call and CallText: one exchange with an optional body.
  Result<ApiResponse> Send(std::string_view method, std::string_view path,
                           std::optional<Payload> body,
                           const Headers& headers) const;

  ApiClient(ServerUrl url, ApiClientOptions options,
            std::shared_ptr<boost::asio::ssl::context> tls)
      : url_(std::move(url)),
        options_(std::move(options)),
        tls_(std::move(tls)) {}

  ServerUrl url_;
  ApiClientOptions options_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // https only.
};

// `segment` percent-encoded for use as one path segment: every byte but
// A-Z a-z 0-9 - . _ ~ becomes %XX. Pure.
std::string PathSegment(std::string_view segment);

// One line about an answer that is not 2xx, made safe for a terminal:
// "<message> (<code>)" or "<message> (<code>, field <field>)" from the
// documented error body {"error":{"code","message","field"}}, or "the server
// answered 502 without an error description" when the body has no such
// object. Pure.
std::string DescribeError(const ApiResponse& response);

}  // namespace hookwarden::cli
