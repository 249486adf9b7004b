#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(uint8_t(c)));
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

int ExitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

pid_t SpawnProgram(const std::string& program,
                   const std::vector<std::string>& args, const Pairs& env,
                   const posix_spawn_file_actions_t* actions) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool overridden = std::any_of(
        env.begin(), env.end(), [&](const auto& p) { return p.first == name; });
    if (!overridden) env_strings.emplace_back(entry);
  }
  for (const auto& [name, value] : env)
    env_strings.push_back(name + "=" + value);

  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv, envp;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  int rc =
      posix_spawnp(&pid, argv[0], actions, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  return rc == 0 ? pid : -1;
}

namespace {

// Starts HOOKWARDEN_BINARY as SpawnProgram does.
pid_t Spawn(const std::vector<std::string>& args, const Pairs& env,
            const posix_spawn_file_actions_t* actions) {
  return SpawnProgram(HOOKWARDEN_BINARY, args, env, actions);
}

void IgnoreSigpipe() { signal(SIGPIPE, SIG_IGN); }

// `receive_buffer`: SO_RCVBUF, set before connecting (so that the window
// the client offers is that small); 0: the system's.
int Connect(int port, int receive_buffer = 0) {
  IgnoreSigpipe();
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (receive_buffer > 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer,
               sizeof receive_buffer);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Response Failure(std::string what) {
  Response r;
  r.body = std::move(what);
  return r;
}

}  // namespace

std::optional<Response> TakeResponse(std::string& buffer, bool eof) {
  for (;;) {
    size_t end = buffer.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (!eof) return std::nullopt;
      return Failure(buffer.empty()
                         ? "connection closed without a response"
                         : "connection closed mid-headers: " + buffer);
    }
    Response r;
    std::istringstream head(buffer.substr(0, end));
    std::string line;
    std::getline(head, line);
    if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12)
      return Failure("bad status line: " + line);
    r.status = std::atoi(line.c_str() + 9);
    while (std::getline(head, line)) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = Lower(Trim(line.substr(0, colon)));
      std::string value = Trim(line.substr(colon + 1));
      if (name == "set-cookie") r.set_cookies.push_back(value);
      auto [it, inserted] = r.headers.emplace(name, value);
      if (!inserted) it->second += ", " + value;
    }
    size_t body_start = end + 4;
    if (r.status >= 100 && r.status < 200) {  // interim response: skip it
      buffer.erase(0, body_start);
      continue;
    }
    size_t length = 0;
    if (r.status == 204 || r.status == 304) {
      length = 0;
    } else if (r.headers.count("content-length")) {
      length = std::strtoul(r.headers["content-length"].c_str(), nullptr, 10);
    } else if (eof) {
      length = buffer.size() - body_start;
    } else {
      return std::nullopt;  // delimited by the end of the connection
    }
    if (buffer.size() - body_start < length) {
      if (!eof) return std::nullopt;
      return Failure("connection closed mid-body");
    }
    r.body = buffer.substr(body_start, length);
    buffer.erase(0, body_start + length);
    return r;
  }
}

namespace {

// Reads from `fd` into `buffer` until one response is complete or `timeout`
// passes.
Response ReadResponseFrom(int fd, std::string& buffer,
                          std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto r = TakeResponse(buffer, false)) return *r;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) return Failure("timed out waiting for a response");
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char chunk[65536];
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return *TakeResponse(buffer, true);
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

// Applies one Set-Cookie line to `jar`.
void StoreCookie(std::map<std::string, std::string>& jar,
                 std::string_view set_cookie) {
  std::string_view pair = set_cookie.substr(0, set_cookie.find(';'));
  size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return;
  std::string name = Trim(pair.substr(0, eq));
  std::string value = Trim(pair.substr(eq + 1));
  std::string attrs = Lower(set_cookie);
  bool expired = attrs.find("max-age=0") != std::string::npos ||
                 attrs.find("max-age=-") != std::string::npos ||
                 attrs.find("1970") != std::string::npos;
  if (value.empty() || expired) {
    jar.erase(name);
  } else {
    jar[name] = value;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

json::value Response::json() const {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  return ec ? json::value() : v;
}

std::string Response::header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? "" : it->second;
}

json::value At(const json::value& v, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value* found = v.find_pointer(pointer, ec);
  return found ? *found : json::value();
}

std::string Str(const json::value& v, std::string_view pointer) {
  json::value found = At(v, pointer);
  return found.is_string() ? std::string(found.get_string()) : "";
}

json::array Items(const json::value& v, std::string_view pointer) {
  json::value found = At(v, pointer);
  return found.is_array() ? found.get_array() : json::array();
}

json::value FindBy(const json::array& items, std::string_view key,
                   std::string_view value) {
  for (const json::value& item : items) {
    if (item.is_object() && Str(item, "/" + std::string(key)) == value)
      return item;
  }
  return json::value();
}

::testing::AssertionResult IsError(const Response& r, int status,
                                   std::string_view code,
                                   std::string_view field) {
  auto fail = [&](std::string_view why) {
    return ::testing::AssertionFailure()
           << why << "; expected " << status << " " << code
           << (field.empty() ? "" : " field ") << field << ", got " << r.status
           << " " << r.body;
  };
  if (r.status != status) return fail("wrong status");
  if (r.header("content-type").find("application/json") != 0)
    return fail("content-type is not application/json");
  json::value v = r.json();
  if (!At(v, "/error").is_object()) return fail("no error object");
  if (Str(v, "/error/code") != code) return fail("wrong error code");
  if (Str(v, "/error/message").empty()) return fail("no error message");
  if (!field.empty() && Str(v, "/error/field") != field)
    return fail("wrong error field");
  return ::testing::AssertionSuccess();
}

std::string MadeUpSecret(std::string_view label) {
  std::random_device random;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%08x%08x", random(), random());
  return std::string(label) + "-" + hex;
}

std::optional<std::string> Sqlite(const std::string& db,
                                  const std::string& sql) {
  if (access("/usr/bin/sqlite3", X_OK) != 0 &&
      access("/usr/local/bin/sqlite3", X_OK) != 0) {
    return std::nullopt;
  }
  std::string command = "sqlite3 '" + db + "' \"" + sql + "\" 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, pipe)) > 0) out.append(chunk, n);
  int status = pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  if (status != 0) {
    ADD_FAILURE() << "sqlite3 " << sql << ": " << out;
    return std::nullopt;
  }
  return out;
}

bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
}

double MetricValue(std::string_view page, std::string_view name) {
  std::string line_start = "\n" + std::string(name) + " ";
  size_t at = page.find(line_start);
  if (at == std::string_view::npos) return -1;
  return std::strtod(
      std::string(page.substr(at + line_start.size(), 32)).c_str(), nullptr);
}

double ServerMetric(int port, std::string_view name) {
  Response r = HttpClient(port).Get("/metrics");
  double value = r.status == 200 ? MetricValue(r.body, name) : -1;
  EXPECT_GE(value, 0) << "no " << name << " in /metrics (status " << r.status
                      << ")";
  return value;
}

bool IsTimestamp(std::string_view s) {
  static const std::regex kPattern(
      R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return std::regex_match(s.begin(), s.end(), kPattern);
}

// ServerProcess

ServerProcess::ServerProcess() {
  char tmpl[] = "/tmp/hookwarden-it-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    return;
  }
  root_ = tmpl;
  data_dir_ = root_ + "/data";
  log_path_ = root_ + "/server.log";
  mkdir(data_dir_.c_str(), 0700);
}

ServerProcess::~ServerProcess() {
  if (running()) Stop();
  std::error_code ec;
  if (!root_.empty()) std::filesystem::remove_all(root_, ec);
}

::testing::AssertionResult ServerProcess::Start(
    const std::vector<std::string>& args, const Pairs& env) {
  if (running()) return ::testing::AssertionFailure() << "already running";
  int log_fd =
      open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) return ::testing::AssertionFailure() << "cannot open log";
  size_t log_offset = log_text().size();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  std::vector<std::string> all_args{"serve", "--listen", "127.0.0.1:0",
                                    "--data", data_dir_};
  all_args.insert(all_args.end(), args.begin(), args.end());
  pid_ = Spawn(all_args, env, &actions);
  posix_spawn_file_actions_destroy(&actions);
  close(log_fd);
  if (pid_ < 0) return ::testing::AssertionFailure() << "spawn failed";

  auto deadline = Clock::now() + 10s;
  while (Clock::now() < deadline) {
    std::istringstream lines(log_text().substr(log_offset));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find("listening") == std::string::npos) continue;
      boost::system::error_code ec;
      json::value v = json::parse(line, ec);
      if (ec || Str(v, "/msg") != "listening") continue;
      std::string address = Str(v, "/address");
      port_ = std::atoi(address.substr(address.rfind(':') + 1).c_str());
      if (port_ > 0) return ::testing::AssertionSuccess();
    }
    int status = Wait(0ms);
    if (status != -1) {
      return ::testing::AssertionFailure()
             << "server exited with " << status << " before listening:\n"
             << log_text();
    }
    std::this_thread::sleep_for(10ms);
  }
  Stop();
  return ::testing::AssertionFailure()
         << "no \"listening\" log line within 10 s:\n"
         << log_text();
}

void ServerProcess::Signal(int signal) {
  if (running()) kill(pid_, signal);
}

int ServerProcess::Wait(std::chrono::milliseconds timeout) {
  if (!running()) return -1;
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return ExitStatus(status);
    }
    if (Clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(5ms);
  }
}

int ServerProcess::Stop(std::chrono::milliseconds grace) {
  if (!running()) return -1;
  kill(pid_, SIGTERM);
  int status = Wait(grace);
  if (status != -1) return status;
  ADD_FAILURE() << "server did not stop within " << grace.count()
                << " ms of SIGTERM; killing it";
  kill(pid_, SIGKILL);
  int raw = 0;
  waitpid(pid_, &raw, 0);
  pid_ = -1;
  return ExitStatus(raw);
}

std::string ServerProcess::log_text() const { return ReadFile(log_path_); }

// HttpClient

Response HttpClient::Request(std::string_view method, std::string_view target,
                             const std::optional<json::value>& body,
                             const Pairs& headers) {
  Pairs all = headers;
  if (body) all.insert(all.begin(), {"Content-Type", "application/json"});
  return RequestRaw(method, target, body ? json::serialize(*body) : "", all);
}

Response HttpClient::RequestRaw(std::string_view method,
                                std::string_view target, std::string_view body,
                                const Pairs& headers) {
  auto given = [&](std::string_view name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return Lower(h.first) == name; });
  };
  Pairs all;
  if (!cookies_.empty()) {
    std::string cookie;
    for (const auto& [name, value] : cookies_) {
      if (!cookie.empty()) cookie += "; ";
      cookie += name + "=" + value;
    }
    all.emplace_back("Cookie", cookie);
  }
  if (!bearer_.empty() && !given("authorization"))
    all.emplace_back("Authorization", "Bearer " + bearer_);
  bool changes = method != "GET" && method != "HEAD";
  if (changes && !csrf_token_.empty() && !given("x-csrf-token"))
    all.emplace_back("X-CSRF-Token", csrf_token_);
  all.insert(all.end(), headers.begin(), headers.end());
  if (changes && body.empty()) all.emplace_back("Content-Length", "0");

  int fd = Connect(port_);
  if (fd < 0) return Failure("cannot connect");
  std::string buffer;
  // A server may answer early (e.g. 413) and stop reading, so read anyway.
  SendAll(fd, BuildRequest(method, target, all, body));
  Response r = ReadResponseFrom(fd, buffer, 10s);
  close(fd);
  for (const std::string& c : r.set_cookies) StoreCookie(cookies_, c);
  return r;
}

Response HttpClient::Login(std::string_view username,
                           std::string_view password) {
  Response r = Post("/api/v1/session", json::object{{"username", username},
                                                    {"password", password}});
  if (r.status == 200) csrf_token_ = Str(r.json(), "/csrf_token");
  return r;
}

// RawConnection

RawConnection::RawConnection(int port) : fd_(Connect(port)) {}

RawConnection::RawConnection(int port, int receive_buffer)
    : fd_(Connect(port, receive_buffer)) {}

RawConnection::~RawConnection() { Close(); }

bool RawConnection::Send(std::string_view bytes) {
  return fd_ >= 0 && SendAll(fd_, bytes);
}

Response RawConnection::ReadResponse(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return Failure("not connected");
  return ReadResponseFrom(fd_, buffer_, timeout);
}

bool RawConnection::ReadSome(std::chrono::milliseconds timeout, bool* closed) {
  pollfd p{fd_, POLLIN, 0};
  int ready = poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return true;
  char chunk[65536];
  ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0 && !(n < 0 && errno == EINTR)) {
    *closed = true;
    return false;
  }
  if (n > 0) buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool RawConnection::WaitClosed(std::chrono::milliseconds timeout,
                               std::string* received) {
  if (fd_ < 0) return true;
  auto deadline = Clock::now() + timeout;
  bool closed = false;
  while (!closed) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) break;
    ReadSome(left, &closed);
  }
  if (received) received->append(buffer_);
  buffer_.clear();
  return closed;
}

void RawConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

bool RawConnection::ServerHasReadAll() const {
  sockaddr_in ours{}, theirs{};
  socklen_t length = sizeof ours;
  if (fd_ < 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&ours), &length) != 0) {
    return false;
  }
  length = sizeof theirs;
  if (getpeername(fd_, reinterpret_cast<sockaddr*>(&theirs), &length) != 0) {
    return false;
  }
  // As the kernel prints an IPv4 endpoint there: the address's bytes as
  // stored, then the port, in hex.
  auto endpoint = [](const sockaddr_in& a) {
    char text[16];
    std::snprintf(text, sizeof text, "%08X:%04X", a.sin_addr.s_addr,
                  ntohs(a.sin_port));
    return std::string(text);
  };
  const std::string here = endpoint(ours), there = endpoint(theirs);
  std::ifstream table("/proc/net/tcp");
  std::string line;
  std::optional<bool> acknowledged, read;
  while (std::getline(table, line)) {
    // "sl local_address rem_address st tx_queue:rx_queue ..."
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues;
    fields >> slot >> local >> remote >> state >> queues;
    size_t colon = queues.find(':');
    if (colon == std::string::npos) continue;
    unsigned long unsent = std::strtoul(queues.c_str(), nullptr, 16);
    unsigned long unread =
        std::strtoul(queues.c_str() + colon + 1, nullptr, 16);
    if (local == here && remote == there) acknowledged = unsent == 0;
    if (local == there && remote == here) read = unread == 0;
  }
  return acknowledged.value_or(false) && read.value_or(false);
}

std::string BuildRequest(std::string_view method, std::string_view target,
                         const Pairs& headers, std::string_view body) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  out += "Host: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (!body.empty())
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out.append(body);
  return out;
}

// RunCli

namespace {

// Reads `fd` (the program's output) until it ends, killing the program
// after 30 s, then waits for it. With pid <= 0, an empty result.
CliResult CollectCli(pid_t pid, int fd) {
  CliResult result;
  auto deadline = Clock::now() + 30s;
  bool timed_out = false;
  while (pid > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[4096];
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the end, or EIO once a terminal's program is gone
    result.output.append(chunk, static_cast<size_t>(n));
  }
  if (pid > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = ExitStatus(status);
  }
  if (timed_out) result.output += "\n[killed after 30 s]";
  return result;
}

}  // namespace

CliResult RunCli(const std::vector<std::string>& args, const Pairs& env,
                 std::string_view stdin_text) {
  return RunProgram(HOOKWARDEN_BINARY, args, env, stdin_text);
}

CliResult RunProgram(const std::string& program,
                     const std::vector<std::string>& args, const Pairs& env,
                     std::string_view stdin_text) {
  IgnoreSigpipe();
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return {};
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return {};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  pid_t pid = SpawnProgram(program, args, env, &actions);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (pid > 0) {
    [[maybe_unused]] ssize_t ignored =
        write(in[1], stdin_text.data(), stdin_text.size());
  }
  close(in[1]);

  CliResult result = CollectCli(pid, out[0]);
  close(out[0]);
  return result;
}

CliResult RunCliInTerminal(const std::vector<std::string>& args,
                           const Pairs& env, std::string_view typed) {
  IgnoreSigpipe();
  int master = -1, slave = -1;
  if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, slave, 0);
  posix_spawn_file_actions_adddup2(&actions, slave, 1);
  posix_spawn_file_actions_adddup2(&actions, slave, 2);
  posix_spawn_file_actions_addclose(&actions, master);
  posix_spawn_file_actions_addclose(&actions, slave);
  pid_t pid = Spawn(args, env, &actions);
  posix_spawn_file_actions_destroy(&actions);
  close(slave);
  if (pid > 0) {
    [[maybe_unused]] ssize_t ignored =
        write(master, typed.data(), typed.size());
  }
  CliResult result = CollectCli(pid, master);
  close(master);
  return result;
}

// ServerTest

void ServerTest::SetUp() {
  ASSERT_TRUE(server_.Start(ServerArgs(), {{"HOOKWARDEN_ADMIN_PASSWORD",
                                            std::string(kAdminPassword)}}));
  admin_ = Login("admin", kAdminPassword);
}

void ServerTest::TearDown() {
  if (server_.running()) {
    EXPECT_EQ(server_.Stop(), 0) << "SIGTERM should end the server cleanly";
  }
  if (HasFailure()) {
    std::string log = server_.log_text();
    if (log.size() > 6000) log = "..." + log.substr(log.size() - 6000);
    std::cerr << "---- server log ----\n" << log << "--------------------\n";
  }
}

HttpClient ServerTest::Login(std::string_view username,
                             std::string_view password) {
  HttpClient client = NewClient();
  Response r = client.Login(username, password);
  EXPECT_EQ(r.status, 200) << "login as " << username << ": " << r.body;
  return client;
}

namespace {

json::value Created(const Response& r, std::string_view what) {
  if (r.status != 201) {
    ADD_FAILURE() << "creating " << what << ": expected 201, got " << r.status
                  << " " << r.body;
    return json::value();
  }
  return r.json();
}

}  // namespace

json::value ServerTest::CreateOrg(HttpClient& as, std::string_view slug,
                                  std::string_view name) {
  json::object body{{"slug", slug}, {"name", name.empty() ? slug : name}};
  return Created(as.Post("/api/v1/orgs", body), "organization");
}

json::value ServerTest::CreateProduct(HttpClient& as, std::string_view org,
                                      std::string_view name,
                                      std::string_view slug) {
  json::object body{{"name", name}};
  if (!slug.empty()) body["slug"] = slug;
  std::string path = "/api/v1/orgs/" + std::string(org) + "/products";
  return Created(as.Post(path, body), "product");
}

json::value ServerTest::CreateApp(HttpClient& as, std::string_view org,
                                  std::string_view product,
                                  std::string_view name, json::object extra) {
  extra["product"] = product;
  extra["name"] = name;
  std::string path = "/api/v1/orgs/" + std::string(org) + "/applications";
  return Created(as.Post(path, extra), "application");
}

json::value ServerTest::AddMember(HttpClient& as, std::string_view org,
                                  std::string_view username,
                                  std::string_view role,
                                  std::string_view password) {
  EXPECT_FALSE(password.empty())
      << "the invited user logs in with their password to accept";
  json::object body{
      {"username", username}, {"role", role}, {"password", password}};
  std::string path = "/api/v1/orgs/" + std::string(org);
  json::value invited =
      Created(as.Post(path + "/invitations", body), "invitation");
  HttpClient user = Login(username, password);
  Response accepted = user.Post(
      "/api/v1/invitations/" + Str(invited, "/invitation/id") + "/accept",
      json::object{});
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  Response members = as.Get(path + "/members");
  for (const json::value& m : Items(members.json(), "/members")) {
    if (Str(m, "/username") == username) return m;
  }
  ADD_FAILURE() << username << " is not a member of " << org
                << " after accepting";
  return nullptr;
}

std::string ServerTest::ApiKey(HttpClient& as, std::string_view name) {
  json::value key =
      Created(as.Post("/api/v1/api-keys", json::object{{"name", name}}), "key");
  return Str(key, "/key");
}

}  // namespace hookwarden::testing
