#include "cli/api_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <cstdio>
#include <exception>

#include "auth/token_redaction.h"
#include "cli/table.h"
#include "http/tls_context.h"

namespace hookwarden::cli {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace urls = boost::urls;
using tcp = net::ip::tcp;

constexpr std::uint64_t kBodyLimit = 64 * 1024 * 1024;

bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// True when `text` is a decimal number from 1 to 65535.
bool IsPort(std::string_view text) {
  unsigned number = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), number);
  return error == std::errc() && end == text.data() + text.size() &&
         number >= 1 && number <= 65535;
}

Status BadUrl(std::string message) {
  return Status::Invalid("url", std::move(message));
}

// What happened on the way to an answer.
struct Exchange {
  bhttp::request<bhttp::string_body> request;
  bhttp::response_parser<bhttp::string_body> parser;
  beast::error_code error;
  enum class Step { kResolve, kConnect, kHandshake, kSend, kRead };
  Step step = Step::kResolve;  // What failed, when `error` is set.
  std::string tls_failure;     // Why the handshake failed, in words.
  bool certificate_rejected = false;
};

// Sends x.request on `stream` and reads the answer into x.parser, each step
// within `timeout`; on failure records the error and the step in `x`.
template <class Stream>
net::awaitable<void> Talk(Stream& stream, std::chrono::milliseconds timeout,
                          Exchange& x) {
  auto on_error = net::redirect_error(net::use_awaitable, x.error);
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await bhttp::async_write(stream, x.request, on_error);
  if (x.error) {
    x.step = Exchange::Step::kSend;
    co_return;
  }
  beast::get_lowest_layer(stream).expires_after(timeout);
  beast::flat_buffer buffer;
  co_await bhttp::async_read(stream, buffer, x.parser, on_error);
  if (x.error) x.step = Exchange::Step::kRead;
}

// Resolves the host, connects, makes the TLS handshake for https (with
// `tls`), sends x.request and reads the answer into x.parser, each step
// within `timeout`; on failure records the error and the step in `x` and
// stops.
net::awaitable<void> Run(const ServerUrl& url, net::ssl::context* tls,
                         std::chrono::milliseconds timeout, Exchange& x) {
  auto executor = co_await net::this_coro::executor;
  auto on_error = net::redirect_error(net::use_awaitable, x.error);

  tcp::resolver resolver(executor);
  auto endpoints =
      co_await resolver.async_resolve(url.host, url.port, on_error);
  if (x.error) {
    x.step = Exchange::Step::kResolve;
    co_return;
  }
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);
  co_await stream.async_connect(endpoints, on_error);
  if (x.error) {
    x.step = Exchange::Step::kConnect;
    co_return;
  }
  if (!url.tls) {
    co_await Talk(stream, timeout, x);
    if (x.error) co_return;
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls);
  if (!http::ExpectPeerName(secure.native_handle(), url.host)) {
    x.step = Exchange::Step::kHandshake;
    x.error = net::error::invalid_argument;
    x.tls_failure = "the host name cannot be checked";
    co_return;
  }
  beast::get_lowest_layer(secure).expires_after(timeout);
  co_await secure.async_handshake(net::ssl::stream_base::client, on_error);
  if (x.error) {
    x.step = Exchange::Step::kHandshake;
    x.tls_failure = http::DescribeTlsFailure(secure.native_handle(), x.error);
    x.certificate_rejected =
        http::IsCertificateRejection(secure.native_handle());
    co_return;
  }
  co_await Talk(secure, timeout, x);
  if (x.error) co_return;
  beast::error_code ignored;
  beast::get_lowest_layer(secure).socket().shutdown(tcp::socket::shutdown_both,
                                                    ignored);
}

std::string Seconds(std::chrono::milliseconds timeout) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g s", timeout.count() / 1000.0);
  return buffer;
}

// The message for a failed exchange with `display` (the URL).
Status Unreachable(const std::string& display, const Exchange& x,
                   std::chrono::milliseconds timeout) {
  bool timed_out = x.error == beast::error::timeout;
  if (x.step == Exchange::Step::kResolve) {
    return Status::Unavailable("cannot reach " + display +
                               ": cannot resolve the host name (" +
                               x.error.message() + ")");
  }
  if (x.step == Exchange::Step::kConnect) {
    return Status::Unavailable("cannot reach " + display + ": " +
                               (timed_out
                                    ? "no connection within " + Seconds(timeout)
                                    : x.error.message()));
  }
  if (timed_out) {
    return Status::Unavailable("no answer from " + display + " within " +
                               Seconds(timeout));
  }
  if (x.step == Exchange::Step::kHandshake) {
    std::string message =
        "cannot reach " + display + ": TLS handshake failed: " + x.tls_failure;
    if (x.certificate_rejected) {
      message +=
          " (for a server whose certificate a private CA signed, give that "
          "CA's certificate with --cacert or HOOKWARDEN_CACERT)";
    }
    return Status::Unavailable(message);
  }
  if (x.step == Exchange::Step::kSend) {
    return Status::Unavailable("cannot send the request to " + display + ": " +
                               x.error.message());
  }
  return Status::Unavailable("no valid HTTP answer from " + display + ": " +
                             x.error.message());
}

}  // namespace

Result<ServerUrl> ParseServerUrl(std::string_view text) {
  auto parsed = urls::parse_absolute_uri(text);
  if (!parsed) {
    return BadUrl(
        "the server URL (HOOKWARDEN_URL or --url) is not a valid URL; "
        "expected http://HOST:PORT or https://HOST:PORT");
  }
  urls::url_view url = *parsed;
  if (url.has_userinfo()) {
    return BadUrl(
        "the server URL must not contain a user name or password; the API "
        "key goes in HOOKWARDEN_API_KEY");
  }
  // A ping URL holds its key: messages show it redacted.
  std::string shown = TerminalSafe(auth::RedactTokens(text));
  bool tls = url.scheme_id() == urls::scheme::https;
  if (!tls && url.scheme_id() != urls::scheme::http) {
    return BadUrl("the server URL " + shown +
                  " must start with http:// or https://");
  }
  if (url.has_query() || url.has_fragment()) {
    return BadUrl("the server URL " + shown +
                  " must not have a query or fragment");
  }
  ServerUrl out;
  out.tls = tls;
  out.host = url.host_address();
  if (out.host.empty()) {
    return BadUrl("the server URL " + shown + " has no host");
  }
  std::string port(url.port());
  if (port.empty()) {
    port = tls ? "443" : "80";
  } else if (!IsPort(port)) {
    return BadUrl("the server URL " + shown + " has a port outside 1 to 65535");
  }
  out.port = port;
  out.host_header = std::string(url.encoded_host());
  if (!url.port().empty()) out.host_header += ":" + port;
  std::string path(url.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  out.base_path = path;
  out.display = (tls ? "https://" : "http://") + out.host_header +
                auth::RedactTokens(out.base_path);
  return out;
}

Result<ApiClient> ApiClient::Create(ApiClientOptions options) {
  auto url = ParseServerUrl(options.url);
  if (!url.ok()) return url.status();
  if (HasControlCharacter(options.api_key)) {
    return Status::Invalid("api_key",
                           "the API key contains a control character");
  }
  std::shared_ptr<net::ssl::context> tls;
  if (url->tls) {
    auto made = http::MakeClientTlsContext(options.cacert);
    if (!made.ok()) return made.status();
    tls = *std::move(made);
  }
  return ApiClient(std::move(*url), std::move(options), std::move(tls));
}

Result<ApiResponse> ApiClient::Call(
    std::string_view method, std::string_view path,
    const std::optional<boost::json::value>& body,
    const Headers& headers) const {
  if (!body) return Send(method, path, std::nullopt, headers);
  return Send(method, path,
              Payload{"application/json", boost::json::serialize(*body)},
              headers);
}

Result<ApiResponse> ApiClient::CallText(std::string_view method,
                                        std::string_view path, std::string text,
                                        const Headers& headers) const {
  return Send(method, path,
              Payload{"text/plain; charset=utf-8", std::move(text)}, headers);
}

Result<ApiResponse> ApiClient::Send(std::string_view method,
                                    std::string_view path,
                                    std::optional<Payload> body,
                                    const Headers& headers) const {
  for (const auto& [name, value] : headers) {
    if (HasControlCharacter(name) || HasControlCharacter(value)) {
      return Status::Invalid("header", "header " + TerminalSafe(name) +
                                           " contains a control character");
    }
  }
  Exchange x;
  x.parser.body_limit(kBodyLimit);
  bhttp::request<bhttp::string_body>& request = x.request;
  request.method_string(method);
  request.target(url_.base_path + std::string(path));
  request.version(11);
  request.set(bhttp::field::host, url_.host_header);
  request.set(bhttp::field::user_agent,
              std::string("hookwarden-cli/") + HOOKWARDEN_VERSION);
  request.set(bhttp::field::accept, "application/json");
  request.set(bhttp::field::connection, "close");
  if (!options_.api_key.empty()) {
    request.set(bhttp::field::authorization, "Bearer " + options_.api_key);
  }
  if (body) {
    request.set(bhttp::field::content_type, body->content_type);
    request.body() = std::move(body->bytes);
  }
  for (const auto& [name, value] : headers) request.set(name, value);
  request.prepare_payload();
  if (!body && method != "GET" && method != "HEAD") {
    request.set(bhttp::field::content_length, "0");
  }

  net::io_context io;
  std::exception_ptr thrown;
  net::co_spawn(io, Run(url_, tls_.get(), options_.timeout, x),
                [&thrown](std::exception_ptr e) { thrown = e; });
  try {
    io.run();
    if (thrown) std::rethrow_exception(thrown);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("HTTP client failure: ") + e.what());
  }
  if (x.error) return Unreachable(url_.display, x, options_.timeout);

  ApiResponse response;
  response.status = static_cast<int>(x.parser.get().result_int());
  response.body = std::move(x.parser.get().body());
  boost::system::error_code json_error;
  boost::json::value json = boost::json::parse(response.body, json_error);
  if (!json_error) response.json = std::move(json);
  return response;
}

std::string PathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : segment) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                      c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string DescribeError(const ApiResponse& response) {
  const boost::json::object* root = response.json.if_object();
  const boost::json::value* error = root ? root->if_contains("error") : nullptr;
  const boost::json::object* fields = error ? error->if_object() : nullptr;
  auto text = [&](std::string_view key) -> std::string {
    if (!fields) return "";
    const boost::json::value* v = fields->if_contains(key);
    const boost::json::string* s = v ? v->if_string() : nullptr;
    return s ? std::string(*s) : "";
  };
  std::string message = text("message");
  std::string code = text("code");
  if (message.empty() && code.empty()) {
    return "the server answered " + std::to_string(response.status) +
           " without an error description";
  }
  if (message.empty()) {
    message = "the server answered " + std::to_string(response.status);
  }
  std::string out = message;
  std::string field = text("field");
  if (!code.empty()) {
    out += " (" + code;
    if (!field.empty()) out += ", field " + field;
    out += ")";
  } else if (!field.empty()) {
    out += " (field " + field + ")";
  }
  return TerminalSafe(out);
}

}  // namespace hookwarden::cli
