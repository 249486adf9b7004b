#include "notify/http_sender.h"

#include <openssl/ssl.h>

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
#include <boost/url/parse.hpp>
#include <cstdio>
#include <optional>

#include "http/tls_context.h"
#include "notify/address_guard.h"

namespace hookwarden::notify {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr uint64_t kResponseBodyLimit = 1024 * 1024;

struct Target {
  bool tls = false;
  std::string host;         // Without brackets.
  std::string port;         // Always set.
  std::string host_header;  // As the URL writes it, with a given port.
  std::string target;       // Path and query.
};

std::optional<std::string> ParseTarget(const std::string& url, Target& t) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "the URL is not valid once its placeholders are filled";
  boost::urls::url_view u = *parsed;
  if (u.scheme_id() == boost::urls::scheme::https) {
    t.tls = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return "the URL must be http:// or https://";
  }
  if (u.has_userinfo()) return "the URL must not hold a user name or password";
  t.host = u.host_address();
  if (t.host.empty()) return "the URL has no host";
  t.port = u.has_port() ? std::string(u.port()) : (t.tls ? "443" : "80");
  t.host_header = std::string(u.encoded_host_and_port());
  t.target = std::string(u.encoded_path());
  if (t.target.empty()) t.target = "/";
  if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
  return std::nullopt;
}

std::string Seconds(std::chrono::milliseconds d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g s", d.count() / 1000.0);
  return buffer;
}

class Exchange {
 public:
  Exchange(const Target& target, const OutgoingRequest& request,
           const SendOptions& options, Clock::time_point deadline,
           ssl::context& tls, SendResult& out)
      : t_(target),
        request_(request),
        options_(options),
        deadline_(deadline),
        tls_(tls),
        out_(out) {}

  net::awaitable<void> Run() {
    auto executor = co_await net::this_coro::executor;
    beast::error_code ec;
    auto token = net::redirect_error(net::use_awaitable, ec);
    tcp::resolver resolver(executor);
    auto resolved = co_await resolver.async_resolve(t_.host, t_.port, token);
    if (ec) co_return Fail("cannot resolve " + t_.host + ": " + ec.message());
    std::vector<tcp::endpoint> allowed;
    std::string refused;
    for (const auto& entry : resolved) {
      auto address = entry.endpoint().address();
      auto reason = options_.allow_private_targets
                        ? std::nullopt
                        : ForbiddenAddressReason(address);
      if (!reason) {
        allowed.push_back(entry.endpoint());
      } else if (refused.empty()) {
        refused = address.to_string() + ", " + *reason;
      }
    }
    if (allowed.empty()) {
      out_.kind = SendResult::kRefused;
      out_.error = "refused: " + t_.host + " resolves to " + refused +
                   ", which this server does not send to (start it with "
                   "--allow-private-targets to allow private targets)";
      co_return;
    }
    beast::tcp_stream stream(executor);
    stream.expires_at(deadline_);
    co_await stream.async_connect(allowed, token);
    if (ec) co_return Fail("cannot connect to " + t_.host, ec);
    if (!t_.tls) {
      co_await Talk(stream);
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), tls_);
    if (!http::ExpectPeerName(secure.native_handle(), t_.host)) {
      co_return Fail("cannot set the TLS server name");
    }
    co_await secure.async_handshake(ssl::stream_base::client, token);
    if (ec == beast::error::timeout) {
      co_return Fail("TLS handshake with " + t_.host + " failed", ec);
    }
    if (ec) {
      std::string why = http::DescribeTlsFailure(secure.native_handle(), ec);
      if (http::IsCertificateRejection(secure.native_handle())) {
        why +=
            " (the receiver's certificate is not trusted; for a private "
            "CA, start the server with --cacert)";
      }
      co_return Fail("TLS handshake with " + t_.host + " failed: " + why);
    }
    co_await Talk(secure);
  }

 private:
  template <class Stream>
  net::awaitable<void> Talk(Stream& stream) {
    beast::error_code ec;
    auto token = net::redirect_error(net::use_awaitable, ec);
    bhttp::request<bhttp::string_body> req;
    req.method_string(request_.method);
    req.target(t_.target);
    req.version(11);
    req.set(bhttp::field::host, t_.host_header);
    req.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : request_.headers) req.set(name, value);
    req.body() = request_.body;
    req.prepare_payload();
    co_await bhttp::async_write(stream, req, token);
    if (ec) co_return Fail("cannot send the request", ec);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kResponseBodyLimit);
    co_await bhttp::async_read(stream, buffer, parser, token);
    if (!parser.is_header_done()) {
      co_return Fail("no valid HTTP answer",
                     ec ? ec : bhttp::error::partial_message);
    }
    // A body cut short or too long still leaves a status to go by.
    out_.kind = SendResult::kAnswered;
    out_.status_code = static_cast<int>(parser.get().result_int());
    out_.response = std::move(parser.get().body());
    out_.response_cut = !parser.is_done();
  }

  void Fail(std::string what) {
    out_.kind = SendResult::kFailed;
    out_.error = std::move(what);
  }
  void Fail(const std::string& what, const beast::error_code& ec) {
    if (ec == beast::error::timeout) {
      Fail(what + ": no answer within " + Seconds(options_.timeout));
    } else {
      Fail(what + ": " + ec.message());
    }
  }

  const Target& t_;
  const OutgoingRequest& request_;
  const SendOptions& options_;
  Clock::time_point deadline_;
  ssl::context& tls_;
  SendResult& out_;
};

}  // namespace

namespace {

// The system's trust store alone; a broken one leaves a context that trusts
// nothing, so that every https delivery fails with a reason.
std::shared_ptr<ssl::context> SystemTrust() {
  auto made = http::MakeClientTlsContext("");
  if (made.ok()) return *std::move(made);
  auto empty = std::make_shared<ssl::context>(ssl::context::tls_client);
  empty->set_verify_mode(ssl::verify_peer);
  return empty;
}

}  // namespace

HttpSender::HttpSender(std::shared_ptr<ssl::context> tls)
    : tls_(tls ? std::move(tls) : SystemTrust()) {}

SendResult HttpSender::Send(const OutgoingRequest& request,
                            const SendOptions& options) {
  SendResult out;
  Target target;
  if (auto error = ParseTarget(request.url, target)) {
    out.kind = SendResult::kInvalid;
    out.error = *error;
    return out;
  }
  auto deadline = Clock::now() + options.timeout;
  bool done = false;
  {
    // The exchange outlives the context, whose end destroys a coroutine
    // still under way.
    Exchange exchange(target, request, options, deadline, *tls_, out);
    net::io_context io;
    net::co_spawn(io, exchange.Run(), [&](std::exception_ptr e) {
      done = true;
      if (e) {
        out.kind = SendResult::kFailed;
        out.error = "the request could not be sent";
      }
    });
    // The stream's own timeouts end every step but resolution by the
    // deadline; this ends that one too.
    io.run_until(deadline + std::chrono::milliseconds(200));
    if (!done) {
      out = SendResult();
      out.kind = SendResult::kFailed;
      out.error = "no answer within " + Seconds(options.timeout);
    }
    io.stop();
  }
  return out;
}

}  // namespace hookwarden::notify
