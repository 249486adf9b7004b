// Test harness for the integration tests: it runs the real hookwarden binary
// on port 0 in a fresh data directory and speaks HTTP/1.1 to it over plain
// POSIX sockets, the way a user's client would.
//
// Nothing here is thread-safe; each test owns its own server and clients.
#pragma once

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hookwarden::testing {

using namespace std::chrono_literals;

// Ordered name/value pairs: extra request headers or environment variables.
using Pairs = std::vector<std::pair<std::string, std::string>>;

// One HTTP response as received. `status` is 0 when no complete response
// arrived; `body` then holds a description of what went wrong.
struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercased names
  std::vector<std::string> set_cookies;        // every Set-Cookie line
  std::string body;

  // The body parsed as JSON, or null when it is not JSON.
  boost::json::value json() const;
  // The value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

// The value at JSON pointer `pointer` (e.g. "/user/id") in `v`, or null when
// absent.
boost::json::value At(const boost::json::value& v, std::string_view pointer);
// The string at `pointer`, or "" when absent or not a string.
std::string Str(const boost::json::value& v, std::string_view pointer);
// The array at `pointer`, or an empty array when absent or not an array.
boost::json::array Items(const boost::json::value& v, std::string_view pointer);
// The first object of `items` whose `key` is the string `value`, or null.
boost::json::value FindBy(const boost::json::array& items, std::string_view key,
                          std::string_view value);

// Succeeds when `r` has the given status and an error body of the documented
// shape {"error":{"code":code,"message":"...","field"?:...}}, and, when
// `field` is not empty, error.field equals it.
::testing::AssertionResult IsError(const Response& r, int status,
                                   std::string_view code,
                                   std::string_view field = "");

// Polls `condition` every 20 ms until it holds or `timeout` passes, and
// returns whether it held: wrap it in ASSERT_TRUE with what never happened.
// A test waits for what it needs this way, never for a fixed time.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = 15000ms);

// The value of the sample `name` (one without labels) in the Prometheus
// text `page` of /metrics, or -1 when absent.
double MetricValue(std::string_view page, std::string_view name);

// The value of the sample `name` in GET /metrics of the server on `port`;
// -1, and a test failure, when /metrics does not answer or lacks it.
double ServerMetric(int port, std::string_view name);

// True when `s` looks like 2026-11-26T20:26:29.123Z.
bool IsTimestamp(std::string_view s);

// A secret value made up for this run: `label`, a dash and 16 random hex
// digits, so that a test searching for it finds only what it put there.
std::string MadeUpSecret(std::string_view label);

// Runs `sql` on the SQLite file `db` with the sqlite3 command-line tool and
// returns what it printed, without the last line ending; nullopt when the
// tool is not installed, and a test failure besides when it fails.
std::optional<std::string> Sqlite(const std::string& db,
                                  const std::string& sql);

// Starts `program` (a path, or a name looked up on PATH) with `args` and
// the test's environment overlaid by `env`, with SIGPIPE back to its
// default. Returns the pid or -1.
pid_t SpawnProgram(const std::string& program,
                   const std::vector<std::string>& args, const Pairs& env,
                   const posix_spawn_file_actions_t* actions);
// A wait status as ServerProcess::Stop returns it: the exit code, 128 +
// signal when killed by a signal, else -1.
int ExitStatus(int wait_status);

// Starts the binary HOOKWARDEN_BINARY as `serve` and stops it. Owns a fresh
// temporary directory holding the data directory and the log file; both
// outlive Stop() (so a test may restart on the same data) and are removed by
// the destructor.
class ServerProcess {
 public:
  ServerProcess();
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Spawns `serve --listen 127.0.0.1:0 --data <dir> <args>` with the test's
  // environment plus `env`, stdout and stderr appended to the log file, and
  // waits up to 10 s for the "listening" log line.
  ::testing::AssertionResult Start(const std::vector<std::string>& args = {},
                                   const Pairs& env = {});
  // Sends SIGTERM, waits up to `grace`, then SIGKILLs. Returns the exit code,
  // 128 + signal when killed by a signal, or -1 when not running.
  int Stop(std::chrono::milliseconds grace = 5000ms);
  // Sends `signal` without waiting.
  void Signal(int signal);
  // Waits up to `timeout` for the process to end; returns as Stop() does, or
  // -1 when still running.
  int Wait(std::chrono::milliseconds timeout);

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // Everything the server wrote so far, across restarts.
  std::string log_text() const;

 private:
  std::string root_;
  std::string data_dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A small HTTP/1.1 client: one connection per request, a cookie jar, and an
// optional bearer token and CSRF token added to each request.
class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}

  // Sends `method target`, with `body` serialized as application/json when
  // given. `headers` are added last; an explicit X-CSRF-Token or
  // Authorization header replaces the automatic one.
  Response Request(std::string_view method, std::string_view target,
                   const std::optional<boost::json::value>& body = {},
                   const Pairs& headers = {});
  // Sends `body` as is; pass any Content-Type in `headers`.
  Response RequestRaw(std::string_view method, std::string_view target,
                      std::string_view body, const Pairs& headers = {});

  Response Get(std::string_view target) { return Request("GET", target); }
  Response Post(std::string_view target, const boost::json::value& body) {
    return Request("POST", target, body);
  }
  Response Patch(std::string_view target, const boost::json::value& body) {
    return Request("PATCH", target, body);
  }
  Response Delete(std::string_view target) { return Request("DELETE", target); }

  // POST /api/v1/session; on 200 remembers the csrf_token.
  Response Login(std::string_view username, std::string_view password);

  // Sends `Authorization: Bearer <token>` from now on ("" to stop).
  void set_bearer(std::string token) { bearer_ = std::move(token); }
  // The token sent as X-CSRF-Token on POST/PATCH/PUT/DELETE ("" for none).
  void set_csrf_token(std::string token) { csrf_token_ = std::move(token); }
  const std::string& csrf_token() const { return csrf_token_; }
  // Cookie name -> value, as set by the server and sent back.
  std::map<std::string, std::string>& cookies() { return cookies_; }

 private:
  int port_;
  std::string bearer_;
  std::string csrf_token_;
  std::map<std::string, std::string> cookies_;
};

// A TCP connection for sending arbitrary bytes and reading what comes back.
class RawConnection {
 public:
  explicit RawConnection(int port);
  // With a receive buffer of about `receive_buffer` bytes (SO_RCVBUF), so
  // that the server can send only so much before the client reads.
  RawConnection(int port, int receive_buffer);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes all of `bytes`; false when the connection refused them.
  bool Send(std::string_view bytes);
  // Reads the next complete response, waiting up to `timeout`.
  Response ReadResponse(std::chrono::milliseconds timeout = 10000ms);
  // Reads until the peer closes the connection or `timeout` passes. Returns
  // true when it closed; the bytes received are appended to `received`.
  bool WaitClosed(std::chrono::milliseconds timeout,
                  std::string* received = nullptr);
  // Closes the connection.
  void Close();
  // True when the server has read every byte sent on this connection so
  // far: all of it acknowledged, and none waiting unread in its socket
  // (/proc/net/tcp, both ends being on this machine). False when not
  // connected.
  bool ServerHasReadAll() const;

 private:
  // Reads once, waiting up to `timeout`. Returns false at end of stream or
  // error; true when bytes arrived or the wait timed out.
  bool ReadSome(std::chrono::milliseconds timeout, bool* closed);

  int fd_ = -1;
  std::string buffer_;
};

// Removes one complete response from the front of `buffer`. Returns nothing
// when more bytes are needed; at end of stream (`eof`), returns a response
// with status 0 when what is left is not a complete response.
std::optional<Response> TakeResponse(std::string& buffer, bool eof);

// Builds a request with Host and, when `body` is not empty, Content-Length.
std::string BuildRequest(std::string_view method, std::string_view target,
                         const Pairs& headers = {}, std::string_view body = "");

struct CliResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string output;  // stdout and stderr interleaved
};

// Runs HOOKWARDEN_BINARY with `args`, the test's environment plus `env`, and
// `stdin_text` on its standard input; kills it after 30 s.
CliResult RunCli(const std::vector<std::string>& args, const Pairs& env = {},
                 std::string_view stdin_text = "");

// Runs `program` (a path, or a name looked up on PATH, e.g. "curl") as
// RunCli runs the binary.
CliResult RunProgram(const std::string& program,
                     const std::vector<std::string>& args,
                     const Pairs& env = {}, std::string_view stdin_text = "");

// The same as RunCli with a pseudo-terminal as standard input, output and
// error, as a person at a terminal runs it: `typed` is what they type (echoed
// back into the output, as a terminal does).
CliResult RunCliInTerminal(const std::vector<std::string>& args,
                           const Pairs& env, std::string_view typed);

// A fixture with a running server whose admin user is logged in as `admin_`.
// Override ServerArgs() to pass more options to `serve`.
class ServerTest : public ::testing::Test {
 protected:
  static constexpr std::string_view kAdminPassword = "Admin-Pa55word-for-tests";

  void SetUp() override;
  void TearDown() override;
  virtual std::vector<std::string> ServerArgs() const { return {}; }

  HttpClient NewClient() const { return HttpClient(server_.port()); }
  // A client logged in as `username`; the test fails unless login is 200.
  HttpClient Login(std::string_view username, std::string_view password);

  // These create through the API as `as`, add a test failure unless the
  // answer is 201, and return the created object (null on failure).
  boost::json::value CreateOrg(HttpClient& as, std::string_view slug,
                               std::string_view name = "");
  boost::json::value CreateProduct(HttpClient& as, std::string_view org,
                                   std::string_view name,
                                   std::string_view slug = "");
  boost::json::value CreateApp(HttpClient& as, std::string_view org,
                               std::string_view product, std::string_view name,
                               boost::json::object extra = {});
  boost::json::value AddMember(HttpClient& as, std::string_view org,
                               std::string_view username, std::string_view role,
                               std::string_view password = "");
  // Creates a personal API key for `as` and returns its value ("hwp_...").
  std::string ApiKey(HttpClient& as, std::string_view name = "test key");

  ServerProcess server_;
  HttpClient admin_{0};
};

}  // namespace hookwarden::testing
