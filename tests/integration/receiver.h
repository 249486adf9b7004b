// A small HTTP/1.1 receiver for the notification tests: it listens on a
// loopback port in a thread of its own, records every request, and answers
// each with the next scripted status (200 once the script runs out), then
// closes the connection. It can stop listening and start again on the same
// port, to play a receiver that is down for a while, and it can speak TLS
// (UseTls) with a certificate the test made (test_ca.h).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace hookwarden::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;

  // The header's value, or "" when absent; `name` in lower case.
  std::string header(std::string_view name) const;
};

// An answer made for one request: its status, body, and how long to wait
// before sending it (as a receiver that hangs does).
struct ReceiverAnswer {
  int status = 200;
  std::string body;
  std::chrono::milliseconds delay{0};
};

class Link;  // One accepted connection, plain or TLS (receiver.cc).

class Receiver {
 public:
  Receiver() = default;
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  // Speaks TLS from the next Start on, with this certificate and key (PEM
  // files). False (with the reason on stderr) when OpenSSL refuses them.
  bool UseTls(const std::string& cert_file, const std::string& key_file);

  // Listens on 127.0.0.1:`port` (0: any free port, kept for later starts).
  // False when it cannot.
  bool Start(int port = 0);
  // Stops listening and ends the thread; connections are then refused.
  void Stop();

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>", or https:// with TLS.
  std::string Url(std::string_view path) const;

  // The statuses of the next answers, in order; then 200 again.
  void Script(std::vector<int> statuses);
  // Answers each next request with what `respond` makes of it (in place of
  // the script). Called on the receiver's thread.
  void Respond(std::function<ReceiverAnswer(const ReceivedRequest&)> respond);
  // Every request received so far, in order.
  std::vector<ReceivedRequest> Requests() const;
  // Waits up to `timeout` until at least `n` requests have come; returns
  // whether they did.
  bool WaitForRequests(size_t n, std::chrono::milliseconds timeout);
  // With TLS: how many connections ended in a failed handshake.
  int failed_handshakes() const;

 private:
  void Serve(int listen_fd, int wake_fd);
  void Handle(int fd);
  // Reads one request from `link` and answers it.
  void Answer(Link& link);

  int port_ = 0;
  int listen_fd_ = -1;
  SSL_CTX* tls_ = nullptr;     // With TLS only; owned.
  int failed_handshakes_ = 0;  // Guarded by mutex_.
  int wake_pipe_[2] = {-1, -1};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  int wake_fd_ = -1;        // The read end of wake_pipe_, while serving.
  std::deque<int> script_;  // Guarded by mutex_.
  std::function<ReceiverAnswer(const ReceivedRequest&)>
      respond_;                            // Guarded by mutex_.
  std::vector<ReceivedRequest> requests_;  // Guarded by mutex_.
};

}  // namespace hookwarden::testing
