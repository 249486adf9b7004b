#include "receiver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iostream>

namespace hookwarden::testing {

// One accepted connection, plain or TLS.
class Link {
 public:
  Link(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}

  // Reads what comes within `wait`: the byte count, 0 at the end, -1 on
  // error or when nothing came.
  ssize_t Read(char* into, size_t size, std::chrono::milliseconds wait) {
    if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return -1;
    }
    if (ssl_ == nullptr) return read(fd_, into, size);
    int n = SSL_read(ssl_, into, static_cast<int>(size));
    return n > 0 ? n : 0;
  }

  // Writes all of `bytes`; false when the connection refused them.
  bool Write(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n =
          ssl_ != nullptr
              ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
              : send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  int fd_;
  SSL* ssl_;
};

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

// Reads from `link` until `buffer` holds a whole request or 5 s pass.
bool ReadRequest(Link& link, std::string& buffer, size_t& header_end,
                 size_t& length) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  header_end = std::string::npos;
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = buffer.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        length = 0;
        std::string head = Lower(buffer.substr(0, header_end));
        size_t at = head.find("\r\ncontent-length:");
        if (at != std::string::npos) {
          length = std::stoul(head.substr(at + 17));
        }
      }
    }
    if (header_end != std::string::npos &&
        buffer.size() >= header_end + 4 + length) {
      return true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    char chunk[16384];
    ssize_t n = link.Read(chunk, sizeof chunk, left);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

ReceivedRequest Parse(const std::string& buffer, size_t header_end,
                      size_t length) {
  ReceivedRequest r;
  std::string head = buffer.substr(0, header_end);
  size_t line_end = head.find("\r\n");
  std::string first = head.substr(0, line_end);
  size_t space = first.find(' ');
  r.method = first.substr(0, space);
  r.target = first.substr(space + 1, first.rfind(' ') - space - 1);
  size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    size_t end = head.find("\r\n", at);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(at, end - at);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[Lower(line.substr(0, colon))] = value;
    }
    at = end + 2;
  }
  r.body = buffer.substr(header_end + 4, length);
  return r;
}

}  // namespace

std::string ReceivedRequest::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? "" : it->second;
}

Receiver::~Receiver() {
  Stop();
  SSL_CTX_free(tls_);
}

bool Receiver::UseTls(const std::string& cert_file,
                      const std::string& key_file) {
  SSL_CTX_free(tls_);
  tls_ = SSL_CTX_new(TLS_server_method());
  if (tls_ != nullptr &&
      SSL_CTX_use_certificate_chain_file(tls_, cert_file.c_str()) == 1 &&
      SSL_CTX_use_PrivateKey_file(tls_, key_file.c_str(), SSL_FILETYPE_PEM) ==
          1) {
    return true;
  }
  char reason[256];
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  std::cerr << "receiver: cannot use " << cert_file << ": " << reason << "\n";
  return false;
}

int Receiver::failed_handshakes() const {
  std::lock_guard lock(mutex_);
  return failed_handshakes_;
}

bool Receiver::Start(int port) {
  if (port == 0) port = port_;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd, 16) != 0) {
    close(fd);
    return false;
  }
  socklen_t size = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  port_ = ntohs(addr.sin_port);
  if (pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    close(fd);
    return false;
  }
  listen_fd_ = fd;
  thread_ = std::thread([this, fd, wake = wake_pipe_[0]] { Serve(fd, wake); });
  return true;
}

void Receiver::Stop() {
  if (!thread_.joinable()) return;
  char byte = 0;
  (void)!write(wake_pipe_[1], &byte, 1);
  thread_.join();
  close(listen_fd_);
  close(wake_pipe_[0]);
  close(wake_pipe_[1]);
  listen_fd_ = wake_pipe_[0] = wake_pipe_[1] = -1;
}

std::string Receiver::Url(std::string_view path) const {
  return (tls_ != nullptr ? "https://127.0.0.1:" : "http://127.0.0.1:") +
         std::to_string(port_) + std::string(path);
}

void Receiver::Script(std::vector<int> statuses) {
  std::lock_guard lock(mutex_);
  script_.assign(statuses.begin(), statuses.end());
}

void Receiver::Respond(
    std::function<ReceiverAnswer(const ReceivedRequest&)> respond) {
  std::lock_guard lock(mutex_);
  respond_ = std::move(respond);
}

std::vector<ReceivedRequest> Receiver::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool Receiver::WaitForRequests(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout,
                           [&] { return requests_.size() >= n; });
}

void Receiver::Serve(int listen_fd, int wake_fd) {
  wake_fd_ = wake_fd;
  for (;;) {
    pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    int fd = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Handle(fd);
    close(fd);
  }
}

void Receiver::Handle(int fd) {
  if (tls_ == nullptr) {
    Link link(fd, nullptr);
    return Answer(link);
  }
  // A client that never finishes the handshake is given up after 5 s.
  timeval limit{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  SSL* ssl = SSL_new(tls_);
  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) != 1) {
    ERR_clear_error();
    SSL_free(ssl);
    std::lock_guard lock(mutex_);
    ++failed_handshakes_;
    return;
  }
  Link link(fd, ssl);
  Answer(link);
  SSL_shutdown(ssl);
  SSL_free(ssl);
}

void Receiver::Answer(Link& link) {
  std::string buffer;
  size_t header_end = 0, length = 0;
  if (!ReadRequest(link, buffer, header_end, length)) return;
  ReceiverAnswer answer;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(Parse(buffer, header_end, length));
    if (respond_) {
      answer = respond_(requests_.back());
    } else {
      if (!script_.empty()) {
        answer.status = script_.front();
        script_.pop_front();
      }
      answer.body = "answer " + std::to_string(answer.status);
    }
  }
  arrived_.notify_all();
  if (answer.delay.count() > 0) {
    // A hanging receiver; Stop ends the wait.
    pollfd p{wake_fd_, POLLIN, 0};
    poll(&p, 1, static_cast<int>(answer.delay.count()));
    if (p.revents != 0) return;
  }
  int status = answer.status;
  const std::string& body = answer.body;
  std::string response = "HTTP/1.1 " + std::to_string(status) +
                         " Scripted\r\nContent-Type: text/plain\r\n"
                         "Content-Length: " +
                         std::to_string(body.size()) +
                         "\r\nConnection: close\r\n\r\n" + body;
  link.Write(response);
}

}  // namespace hookwarden::testing
