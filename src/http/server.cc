#include "http/server.h"

#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "common/coarse_steady_clock.h"
#include "http/framing_check.h"
#include "http/inflight_budget.h"
#include "http/tls_context.h"
#include "http/tls_stream.h"

namespace hookwarden::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// The connection cap: the one asked for, or the file-descriptor limit less
// room for the store, the outbox and files.
size_t ConnectionCap(size_t asked) {
  if (asked > 0) return asked;
  constexpr rlim_t kReserved = 256;
  struct rlimit limit {};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return 65'536;
  return limit.rlim_cur > kReserved + 16 ? limit.rlim_cur - kReserved : 16;
}

constexpr uint64_t kMinOtherBudget = 1024 * 1024;
constexpr uint64_t kOverloadDrainBytes = 256 * 1024;

// What shutdown needs of a connection, whatever its stream.
class Connection {
 public:
  virtual ~Connection() = default;
  // A reference that keeps it alive; null once its destructor has begun.
  virtual std::shared_ptr<Connection> Lock() = 0;
  // Starts reading (after the handshake, for HTTPS).
  virtual void Start() = 0;
  // Closes the connection if it is waiting for a request; a request in
  // flight is answered first (and then the connection closes).
  virtual void CloseIfIdle() = 0;
  // When the read or write it waits for times out (SteadyMillis), or
  // kNoDeadline. Thread-safe.
  virtual int64_t Deadline() const = 0;
  // Closes the connection if its deadline has passed by then (on its own
  // thread: it may have been pushed back meanwhile).
  virtual void TimeOut() = 0;
};

constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();

// Milliseconds of the steady clock, for deadlines (of seconds, checked by
// a sweep every kSweepMillis): read at the kernel's tick, twice a request.
int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             CoarseSteadyNow().time_since_epoch())
      .count();
}

// What every session of one server shares.
struct ServerState {
  ServerState(ServerOptions o, Dispatcher& d, HttpMetrics& m, Logger& l,
              std::string boot)
      : options(std::move(o)),
        dispatcher(d),
        metrics(m),
        logger(l),
        boot_id(std::move(boot)),
        max_connections(ConnectionCap(options.max_connections)),
        data_plane_budget(options.max_inflight_bytes),
        other_budget(
            std::max(options.max_inflight_bytes / 4, kMinOtherBudget)) {
    metrics.SetCapacity(max_connections, &data_plane_budget, &other_budget);
  }

  bool IsDataPlane(std::string_view path) const {
    for (const std::string& prefix : options.data_plane_prefixes) {
      if (path.starts_with(prefix)) return true;
    }
    return false;
  }

  ServerOptions options;
  Dispatcher& dispatcher;
  HttpMetrics& metrics;
  Logger& logger;
  std::string boot_id;
  const size_t max_connections;
  InflightBudget data_plane_budget;
  InflightBudget other_budget;
  std::atomic<uint64_t> next_request{0};
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};  // Sessions alive.

  std::mutex mutex;
  std::condition_variable changed;
  bool stop_requested = false;               // Guarded by mutex.
  std::unordered_set<Connection*> sessions;  // Guarded by mutex.
};

// The answer to a connection past every cap, written without reading it.
const std::string& TooManyConnections() {
  static const std::string wire = [] {
    std::string body =
        R"({"error":{"code":"too_many_connections","message":"the server )"
        R"(serves as many connections as it may; retry later"}})";
    return "HTTP/1.1 503 Service Unavailable\r\nServer: hookwarden\r\n"
           "Content-Type: application/json\r\nRetry-After: 1\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  return wire;
}

// A plain TCP connection with what a Session asks of its stream. Reads and
// writes go straight to the socket, one buffer each (recv and send: no
// message header to build, no per-operation timer; a Session keeps its own
// deadline).
class PlainStream {
 public:
  using executor_type = tcp::socket::executor_type;

  // The socket is left non-blocking for SendNow (asio's own operations
  // work as before).
  explicit PlainStream(tcp::socket&& socket) : socket_(std::move(socket)) {
    beast::error_code ec;
    socket_.non_blocking(true, ec);
  }

  tcp::socket& socket() { return socket_; }
  // Sends what of `bytes` the socket takes now, without waiting: how much
  // (0 when it would wait). `ec` is set when the connection failed.
  size_t SendNow(net::const_buffer bytes, beast::error_code& ec) {
    if (!socket_.non_blocking()) return 0;
    size_t sent = socket_.send(bytes, 0, ec);
    if (ec == net::error::would_block || ec == net::error::try_again ||
        ec == net::error::interrupted) {
      ec = {};
      return 0;
    }
    return ec ? 0 : sent;
  }
  executor_type get_executor() { return socket_.get_executor(); }
  template <class Buffers, class Handler>
  auto async_read_some(const Buffers& buffers, Handler&& handler) {
    return socket_.async_read_some(buffers, std::forward<Handler>(handler));
  }
  template <class Buffers, class Handler>
  auto async_write_some(const Buffers& buffers, Handler&& handler) {
    return socket_.async_write_some(buffers, std::forward<Handler>(handler));
  }
  void close() {
    beast::error_code ec;
    socket_.close(ec);
  }

 private:
  tcp::socket socket_;
};

// One connection over `Stream`: PlainStream (HTTP) or TlsStream
// (HTTPS, which first completes its handshake). All of its work runs on its
// network thread (one io_context each, run by that thread alone): a handler
// posted to it runs after the current one returns.
template <class Stream>
class Session : public Connection,
                public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, PlainStream>;
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;

 public:
  // `control_only`: the connection is past the cap; it is served one
  // request, and only one of the control plane. `context`: the TLS context
  // of an HTTPS connection; none for HTTP.
  template <class... Context>
  Session(tcp::socket&& socket, ServerState& state, bool control_only,
          Context&&... context)
      : stream_(std::move(socket), std::forward<Context>(context)...),
        state_(state),
        control_only_(control_only) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
    state_.metrics.ConnectionOpened();
    ++state_.connections;
    std::lock_guard lock(state_.mutex);
    state_.sessions.insert(this);
  }

  ~Session() {
    state_.metrics.ConnectionClosed();
    --state_.connections;
    std::lock_guard lock(state_.mutex);
    state_.sessions.erase(this);
    state_.changed.notify_all();
  }

  std::shared_ptr<Connection> Lock() override {
    return this->weak_from_this().lock();
  }

  void Start() override {
    if constexpr (kTls) {
      net::dispatch(
          stream_.get_executor(),
          beast::bind_front_handler(&Session::Handshake, shared_from_this()));
    } else {
      net::dispatch(
          stream_.get_executor(),
          beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
    }
  }

  void CloseIfIdle() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->phase_ == Phase::kReading) {
        beast::error_code ec;
        self->stream_.socket().cancel(ec);
      }
    });
  }

  int64_t Deadline() const override {
    return deadline_.load(std::memory_order_relaxed);
  }

  // Closing the socket ends the read or write it waits for (with
  // operation_aborted, and so the connection).
  void TimeOut() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->Deadline() > SteadyMillis()) return;
      self->deadline_.store(kNoDeadline, std::memory_order_relaxed);
      self->Close();
    });
  }

 private:
  enum class Phase { kReading, kHandling, kWriting, kClosing };

  // HTTPS: the handshake, within the header timeout. A client that fails it
  // (plain HTTP, an old TLS version, no common cipher) is closed unanswered.
  void Handshake() {
    if (state_.stopping) return Close();
    ExpireAfter(Millis(state_.options.header_timeout_seconds));
    stream_.async_handshake(net::ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) {
                              if (ec) return self->Close();
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    // Closed (TimeOut, Close) while this read was posted: nothing more is
    // read, not even a request already buffered.
    if (phase_ == Phase::kClosing) return;
    phase_ = Phase::kReading;
    head_ = false;
    if (state_.stopping) return Close();
    parser_.emplace();
    // The largest limit until the path is known (see OnHeader).
    body_limit_ = state_.options.body_limit;
    for (const auto& [path, limit] : state_.options.body_limits_by_path) {
      body_limit_ = std::max(body_limit_, limit);
    }
    parser_->body_limit(body_limit_);
    parser_->header_limit(state_.options.header_limit);
    ExpireAfter(Millis(requests_ == 0 ? state_.options.header_timeout_seconds
                                      : state_.options.idle_timeout_seconds));
    ReadRawHeader();
  }

  // Reads until buffer_ holds the whole header (or more than the parser
  // takes), and refuses an obs-fold in its raw bytes (framing_check.h)
  // before the parser, which would unfold it, reads it.
  void ReadRawHeader() {
    std::string_view received(static_cast<const char*>(buffer_.data().data()),
                              buffer_.size());
    size_t length = HeaderLength(received);
    if (length > 0 || received.size() > state_.options.header_limit) {
      if (auto problem = ObsFoldProblem(received.substr(0, length))) {
        return WriteError(
            Status::BadRequest("malformed HTTP request: " + *problem));
      }
      // The whole header is here: the parser reads it without waiting (and
      // stops at its end: the body is read once OnHeader has set its
      // limit).
      if (length > 0) {
        beast::error_code ec;
        buffer_.consume(parser_->put(buffer_.data(), ec));
        if ((ec && ec != bhttp::error::need_more) ||
            parser_->is_header_done()) {
          return OnHeader(ec, 0);
        }
      }
      bhttp::async_read_header(
          stream_, buffer_, *parser_,
          beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
      return;
    }
    // Idle, or half a header: not in flight. A read that completed after
    // CloseIfIdle() ran (its handler was already queued) ends here.
    if (state_.stopping) return Close();
    stream_.async_read_some(
        buffer_.prepare(4096),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) return self->OnReadError(ec);
          self->buffer_.commit(n);
          self->ReadRawHeader();
        });
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    auto& header = parser_->get();
    if (auto problem = TransferEncodingProblem(header)) {
      return WriteError(
          Status::BadRequest("malformed HTTP request: " + *problem));
    }
    std::string_view target = header.target();
    std::string_view path = target.substr(0, target.find('?'));
    body_limit_ = state_.options.body_limit;
    for (const auto& [limited, limit] : state_.options.body_limits_by_path) {
      if (path == limited) body_limit_ = limit;
    }
    parser_->body_limit(body_limit_);
    auto length = parser_->content_length();
    if (length && *length > body_limit_) return WriteTooLarge();
    bool data_plane = state_.IsDataPlane(path);
    if (control_only_ && data_plane) {
      return WriteOverloaded(
          Status::Overloaded("too_many_connections",
                             "the server serves as many connections as it "
                             "may; retry later (nothing was stored)",
                             1));
    }
    // The body's bytes are held from now until the answer is written; a
    // chunked body may grow to the path's limit. A body larger than the
    // whole budget takes all of it (it is served alone) rather than being
    // refused forever.
    InflightBudget& budget =
        data_plane ? state_.data_plane_budget : state_.other_budget;
    uint64_t bytes = length ? *length : parser_->chunked() ? body_limit_ : 0;
    auto lease = budget.TryTake(std::min(bytes, budget.limit()));
    if (!lease) {
      return WriteOverloaded(Status::Overloaded(
          "too_many_bytes_in_flight",
          "the server holds as many request bytes as it may; retry later "
          "(nothing was stored)",
          1));
    }
    lease_ = std::move(*lease);
    if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      ExpireAfter(Millis(state_.options.body_timeout_seconds));
      net::async_write(
          stream_, net::buffer(kContinue),
          [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
            if (write_ec) return self->Close();
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  // Gives the parser the body bytes that the buffer holds, without waiting
  // for more.
  beast::error_code ParseBufferedBody() {
    parser_->eager(true);
    beast::error_code ec;
    while (!ec && !parser_->is_done() && buffer_.size() > 0) {
      size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (used == 0) break;
    }
    if (ec == bhttp::error::need_more) ec = {};
    return ec;
  }

  void ReadBody() {
    // A body received in whole (the usual small report) is parsed at once.
    if (!parser_->chunked() && BodyBuffered()) {
      beast::error_code ec = ParseBufferedBody();
      if (ec || parser_->is_done()) return OnRead(ec, 0);
    }
    // Stopping: only a body already received in whole is still read.
    if (state_.stopping && !BodyBuffered()) return Close();
    ExpireAfter(Millis(state_.options.body_timeout_seconds));
    bhttp::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  bool BodyBuffered() const {
    auto remaining = parser_->content_length_remaining();
    return parser_->is_done() ||
           (remaining && buffer_.size() >= *remaining && !parser_->chunked());
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return WriteTooLarge();
    if (ec == bhttp::error::header_limit) {
      Status s = Status::BadRequest("the request headers are too large",
                                    "headers_too_large");
      return WriteError(s, 431);
    }
    bool transport = ec == bhttp::error::end_of_stream ||
                     ec == net::error::eof ||
                     ec == net::error::operation_aborted ||
                     ec == net::error::bad_descriptor ||
                     ec == net::error::connection_reset ||
                     ec == net::ssl::error::stream_truncated ||
                     ec == bhttp::error::partial_message;
    if (transport) return Close();
    WriteError(Status::BadRequest("malformed HTTP request: " + ec.message()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    phase_ = Phase::kHandling;
    // Nothing is read or written while the request is handled.
    deadline_.store(kNoDeadline, std::memory_order_relaxed);
    ++requests_;
    bhttp::request<bhttp::string_body> raw = parser_->release();
    keep_alive_ = raw.keep_alive() && !control_only_;
    http10_ = raw.version() == 10;
    head_ = raw.method() == bhttp::verb::head;

    Request request;
    request.method = std::string(raw.method_string());
    std::string_view target = raw.target();
    size_t q = target.find('?');
    request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos)
      request.query = std::string(target.substr(q + 1));
    request.body = std::move(raw.body());
    // The fields move as they are (the method and target, kept in the same
    // storage, are copied above first).
    request.headers = std::move(static_cast<bhttp::fields&>(raw));
    request.remote_address = remote_address_;
    request.executor = stream_.get_executor();
    std::optional<std::string_view> id = request.Header("x-request-id");
    request.request_id =
        id && IsSafeRequestId(*id)
            ? std::string(*id)
            : state_.boot_id + "-" + std::to_string(++state_.next_request);

    state_.dispatcher.Dispatch(
        std::move(request), [self = shared_from_this()](Response r) {
          // At once when the answer comes on the connection's own thread.
          net::dispatch(self->stream_.get_executor(),
                        [self, r = std::move(r)]() mutable {
                          self->Write(std::move(r), !self->keep_alive_);
                        });
        });
  }

  void WriteTooLarge() {
    WriteError(Status::PayloadTooLarge("the body is larger than " +
                                       std::to_string(body_limit_) + " bytes"));
  }

  // Answers a request refused to stay within a bound; counted, not logged
  // one by one (a flood would flood the log too).
  void WriteOverloaded(const Status& status) {
    state_.metrics.Refused(status.error_code());
    // Draining the bodies of a flood would cost the very time it lacks:
    // read a little of what comes (so that the answer is not lost to a
    // reset at once), then close.
    drain_limit_ = kOverloadDrainBytes;
    Response r = ErrorResponse(status);
    state_.metrics.Record("OTHER", "refused", r.status, 0);
    Write(std::move(r), /*close=*/true);
  }

  // Answers a request the transport refused before any route saw it.
  void WriteError(const Status& status, int http_status = 0) {
    Response r = ErrorResponse(status);
    if (http_status != 0) r.status = http_status;
    state_.metrics.Record("OTHER", "refused", r.status, 0);
    state_.logger.Warn("request refused", {{"status", r.status},
                                           {"error", status.message()},
                                           {"remote", remote_address_}});
    Write(std::move(r), /*close=*/true);
  }

  void Write(Response response, bool close) {
    phase_ = Phase::kWriting;
    close = close || state_.stopping;
    Serialize(response, close, wire_);
    ExpireAfter(Millis(state_.options.body_timeout_seconds));
    size_t sent = 0;
    if constexpr (!kTls) {
      // An answer usually fits the socket's buffer: sent at once, it needs
      // no trip through the event loop. What does not fit is written as
      // the client reads.
      beast::error_code ec;
      sent = stream_.SendNow(net::buffer(wire_), ec);
      if (ec || sent == wire_.size()) return Written(ec, close, true);
    }
    net::async_write(
        stream_, net::buffer(wire_) + sent,
        [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
          self->Written(ec, close, false);
        });
  }

  // The answer is written (or the connection failed): on to the next
  // request. `at_once`: from Write itself. ReadHeader is then posted: it
  // runs once the current handler returns. That handler may be reading
  // requests already received (pipelined): a long pipeline of answers does
  // not nest call in call. Or it may be answering a whole commit's group
  // (one handler for the network thread's part of it): all of the group's
  // answers leave before any of their connections tries its next read,
  // which by then often finds the client's next request instead of an
  // empty socket (one receive, not a failed one and then another). An
  // answer given from OnRead itself costs one post more.
  void Written(beast::error_code ec, bool close, bool at_once) {
    lease_ = InflightBudget::Lease();
    // A large answer's room is not kept while idle.
    if (wire_.capacity() > kKeptWireBytes) std::string().swap(wire_);
    if (ec) return Close();
    if (close) return LingerAndClose();
    if (at_once) {
      return net::post(
          stream_.get_executor(),
          beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
    }
    ReadHeader();
  }

  // The reads or writes that follow, until the next call, end by then: the
  // server's sweep (HttpServer::Impl::Sweep) closes the connection past it.
  // One time per phase, as a number: no timer per operation.
  void ExpireAfter(std::chrono::milliseconds timeout) {
    int64_t now = SteadyMillis();
    // A timeout too long to count is none.
    int64_t at = timeout.count() >= kNoDeadline - now
                     ? kNoDeadline
                     : now + std::max<int64_t>(0, timeout.count());
    deadline_.store(at, std::memory_order_relaxed);
  }

  // The whole response as it goes on the wire, in one buffer: `out`.
  void Serialize(Response& r, bool close, std::string& out) const {
    out.clear();
    out.reserve(256 + r.body.size());
    out += "HTTP/1.1 ";
    out += std::to_string(r.status);
    out += ' ';
    out += bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
    out += "\r\nServer: hookwarden\r\n";
    if (!r.content_type.empty()) {
      out += "Content-Type: ";
      out += r.content_type;
      out += "\r\n";
    }
    if (!r.cache_control.empty()) {
      out += "Cache-Control: ";
      out += r.cache_control;
      out += "\r\n";
    }
    out += "X-Content-Type-Options: nosniff\r\n";
    for (const auto& [name, value] : r.headers) {
      out += name;
      out += ": ";
      out += value;
      out += "\r\n";
    }
    if (!r.request_id.empty()) {
      out += "X-Request-Id: ";
      out += r.request_id;
      out += "\r\n";
    }
    if (close) {
      out += "Connection: close\r\n";
    } else if (http10_) {
      out += "Connection: keep-alive\r\n";
    }
    if (r.status != 204 && r.status != 304) {
      out += "Content-Length: ";
      out += std::to_string(r.body.size());
      out += "\r\n";
    }
    out += "\r\n";
    if (!head_) out += r.body;  // HEAD: the length of the body it would be.
  }

  // After an answer that ends the connection, the client may still be
  // sending (a body we refused): stop sending, read and drop what comes for
  // a short while, so that the client reads our answer instead of a reset.
  void LingerAndClose() {
    phase_ = Phase::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    ExpireAfter(std::chrono::seconds(2));
    DrainSome();
  }

  void DrainSome() {
    if (drained_ > drain_limit_) return Close();
    stream_.async_read_some(
        net::buffer(discard_),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->drained_ += n;
          if (ec) return self->Close();
          self->DrainSome();
        });
  }

  void Close() {
    phase_ = Phase::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  Stream stream_;
  ServerState& state_;
  const bool control_only_;
  InflightBudget::Lease lease_;  // The request's bytes, until answered.
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_address_;
  Phase phase_ = Phase::kReading;
  bool keep_alive_ = true;
  bool http10_ = false;  // The request being answered is HTTP/1.0.
  bool head_ = false;    // The request being answered is a HEAD.
  uint64_t requests_ = 0;
  uint64_t drained_ = 0;
  uint64_t drain_limit_ = 8 * 1024 * 1024;  // Read before closing.
  uint64_t body_limit_ = 0;                 // Of the request being read.
  std::array<char, 16 * 1024> discard_{};
  // The answer being written; its room is kept for the next one, up to
  // kKeptWireBytes (an answer to a report is a few hundred bytes: an idle
  // connection keeps little).
  std::string wire_;
  static constexpr size_t kKeptWireBytes = 2 * 1024;
  std::atomic<int64_t> deadline_{kNoDeadline};  // See ExpireAfter.
};

}  // namespace

int DefaultIoThreads(unsigned cores) {
  return static_cast<int>(std::max(2u, cores) - 1);
}

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, Dispatcher& dispatcher, HttpMetrics& metrics,
       Logger& logger)
      : state_(std::move(options), dispatcher, metrics, logger, BootId()),
        contexts_(MakeContexts(state_.options.io_threads)),
        acceptor_(*contexts_.front()),
        signals_(*contexts_.front(), SIGINT, SIGTERM, SIGHUP),
        accept_retry_(*contexts_.front()),
        sweep_(*contexts_.front()) {}

  Result<std::string> Listen() {
    if (!state_.options.tls_cert_file.empty() ||
        !state_.options.tls_key_file.empty()) {
      tls_.emplace(state_.options.tls_cert_file, state_.options.tls_key_file);
      ServerCertificateInfo info;
      HW_RETURN_IF_ERROR(tls_->Reload(&info));
      state_.logger.Info("TLS certificate loaded",
                         {{"certificate", tls_->cert_file()},
                          {"subject", info.subject},
                          {"not_after", info.not_after}});
    }
    beast::error_code ec;
    auto address = net::ip::make_address(state_.options.host, ec);
    if (ec)
      return Status::Invalid("listen",
                             "not an IP address: " + state_.options.host);
    tcp::endpoint endpoint(address, state_.options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    // Accept() takes what waits in the backlog without blocking.
    if (!ec) acceptor_.non_blocking(true, ec);
    if (ec) {
      return Status::Unavailable("cannot listen on " + state_.options.host +
                                 ":" + std::to_string(state_.options.port) +
                                 ": " + ec.message());
    }
    auto bound = acceptor_.local_endpoint(ec);
    std::string host = bound.address().to_string();
    if (bound.address().is_v6()) host = "[" + host + "]";
    return host + ":" + std::to_string(bound.port());
  }

  void Run() {
    std::vector<net::executor_work_guard<net::io_context::executor_type>>
        guards;
    for (auto& context : contexts_)
      guards.push_back(net::make_work_guard(*context));
    WaitForSignal();
    Accept();
    Sweep();
    std::vector<std::thread> threads;
    for (auto& context : contexts_) {
      threads.emplace_back([c = context.get(), this] {
        pthread_setname_np(pthread_self(), "hw-io");
        RunContext(*c, state_.options.on_idle);
      });
    }

    std::unique_lock lock(state_.mutex);
    state_.changed.wait(lock, [&] { return state_.stop_requested; });
    lock.unlock();
    state_.logger.Info("shutting down", {{"reason", "stop requested"}});
    state_.stopping = true;
    net::dispatch(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      signals_.cancel(ec);
    });
    // Close the idle connections.
    for (auto& session : Sessions([](const Connection&) { return true; })) {
      session->CloseIfIdle();
    }
    lock.lock();
    auto deadline = std::chrono::steady_clock::now() +
                    Millis(state_.options.drain_timeout_seconds);
    state_.changed.wait_until(lock, deadline,
                              [&] { return state_.sessions.empty(); });
    lock.unlock();
    guards.clear();
    for (auto& context : contexts_) context->stop();
    for (auto& t : threads) t.join();
  }

  size_t max_connections() const { return state_.max_connections; }

  // Runs `context` until it is stopped, calling `on_idle` whenever it has
  // nothing ready to run.
  static void RunContext(net::io_context& context,
                         const std::function<void()>& on_idle) {
    if (!on_idle) {
      context.run();
      return;
    }
    while (!context.stopped()) {
      context.poll();
      on_idle();
      context.run_one();
    }
  }

  void Stop() {
    std::lock_guard lock(state_.mutex);
    state_.stop_requested = true;
    state_.changed.notify_all();
  }

 private:
  static std::string BootId() {
    char buf[16];
    std::snprintf(
        buf, sizeof buf, "%08x",
        static_cast<unsigned>(
            std::chrono::steady_clock::now().time_since_epoch().count() ^
            std::chrono::system_clock::now().time_since_epoch().count()));
    return buf;
  }

  static std::vector<std::unique_ptr<net::io_context>> MakeContexts(
      int threads) {
    int n = threads > 0 ? threads : DefaultIoThreads();
    std::vector<std::unique_ptr<net::io_context>> contexts;
    for (int i = 0; i < n; ++i)
      contexts.push_back(std::make_unique<net::io_context>(1));
    return contexts;
  }

  // References to the live sessions that `pick` chooses. The caller drops
  // them while holding no lock: the last reference to a session may be one
  // of these, and its destructor takes the state's mutex.
  template <class Pick>
  std::vector<std::shared_ptr<Connection>> Sessions(Pick pick) {
    std::vector<std::shared_ptr<Connection>> chosen;
    std::lock_guard lock(state_.mutex);
    for (Connection* c : state_.sessions) {
      if (!pick(*c)) continue;
      // Null when its destructor is waiting for the mutex.
      if (auto session = c->Lock()) chosen.push_back(std::move(session));
    }
    return chosen;
  }

  // Every kSweepMillis, closes the connections past their deadline (see
  // Session::ExpireAfter): a timeout ends within that much of its time.
  void Sweep() {
    int64_t now = SteadyMillis();
    for (auto& session :
         Sessions([now](const Connection& c) { return c.Deadline() <= now; })) {
      session->TimeOut();
    }
    sweep_.expires_after(std::chrono::milliseconds(kSweepMillis));
    sweep_.async_wait([this](beast::error_code ec) {
      if (!ec) Sweep();
    });
  }
  static constexpr int kSweepMillis = 100;

  // SIGINT and SIGTERM stop the server; SIGHUP reloads the TLS files.
  void WaitForSignal() {
    signals_.async_wait([this](beast::error_code ec, int signal) {
      if (ec) return;
      if (signal != SIGHUP) return Stop();
      ReloadTls();
      WaitForSignal();
    });
  }

  void ReloadTls() {
    if (!tls_) {
      state_.logger.Info("SIGHUP: nothing to reload (the server speaks HTTP)");
      return;
    }
    ServerCertificateInfo info;
    Status reloaded = tls_->Reload(&info);
    if (!reloaded.ok()) {
      state_.logger.Error(
          "TLS reload failed; new connections keep the previous certificate",
          {{"error", reloaded.message()}});
      return;
    }
    state_.logger.Info("TLS certificate reloaded",
                       {{"certificate", tls_->cert_file()},
                        {"subject", info.subject},
                        {"not_after", info.not_after}});
  }

  std::shared_ptr<Connection> NewSession(tcp::socket&& socket,
                                         bool control_only) {
    if (tls_) {
      return std::make_shared<Session<TlsStream>>(
          std::move(socket), state_, control_only, tls_->Current());
    }
    return std::make_shared<Session<PlainStream>>(std::move(socket), state_,
                                                  control_only);
  }

  // A new connection: served, served the control plane only, or refused,
  // by the connections open now.
  void Admit(tcp::socket socket) {
    size_t open = state_.connections.load();
    if (open >= state_.max_connections + ServerOptions::kControlReserve) {
      return RefuseConnection(socket);
    }
    NewSession(std::move(socket), open >= state_.max_connections)->Start();
  }

  // Past every cap: the fixed 503, written if the socket takes it at once,
  // and the connection closed. Costs no memory and no waiting. (Plain HTTP:
  // over HTTPS the client sees the connection closed.)
  void RefuseConnection(tcp::socket& socket) {
    state_.metrics.Refused("too_many_connections");
    beast::error_code ec;
    socket.non_blocking(true, ec);
    if (!ec && !tls_) socket.write_some(net::buffer(TooManyConnections()), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  void Accept() {
    // Connections are dealt round the contexts; each context has one
    // thread, so a session's handlers never run concurrently (no strand).
    net::io_context& next = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(
        next, [this](beast::error_code ec, tcp::socket socket) {
          if (ec == net::error::operation_aborted || !acceptor_.is_open())
            return;
          if (!ec) {
            Admit(std::move(socket));
            // Then whatever else waits in the backlog, without a turn of the
            // event loop each: under a burst of connections, a health check
            // queued behind them is reached in milliseconds.
            for (int more = 0; more < 256; ++more) {
              net::io_context& context =
                  *contexts_[next_context_++ % contexts_.size()];
              tcp::socket another(context);
              beast::error_code again;
              acceptor_.accept(another, again);
              if (again) break;
              Admit(std::move(another));
            }
            return Accept();
          }
          // Out of file descriptors, say: wait a little before trying again
          // instead of spinning, and say why.
          state_.logger.Warn("accept failed", {{"error", ec.message()}});
          accept_retry_.expires_after(std::chrono::milliseconds(100));
          accept_retry_.async_wait([this](beast::error_code wait_ec) {
            if (!wait_ec && acceptor_.is_open()) Accept();
          });
        });
  }

  // Destroyed in reverse order: the io_context (and with it every session)
  // goes before the state the sessions refer to.
  ServerState state_;
  // One io_context per network thread. The first also runs the acceptor
  // and the signal handler.
  std::vector<std::unique_ptr<net::io_context>> contexts_;
  size_t next_context_ = 0;  // Used on the first context only.
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer accept_retry_;
  net::steady_timer sweep_;                 // See Sweep.
  std::optional<ReloadableServerTls> tls_;  // HTTPS only.
};

HttpServer::HttpServer(ServerOptions options, Dispatcher& dispatcher,
                       HttpMetrics& metrics, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, metrics,
                                   logger)) {}
HttpServer::~HttpServer() = default;
Result<std::string> HttpServer::Listen() { return impl_->Listen(); }
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Stop() { impl_->Stop(); }
size_t HttpServer::max_connections() const { return impl_->max_connections(); }

}  // namespace hookwarden::http
