#include "tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hookwarden::testing {
namespace {

std::string LastOpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no OpenSSL error (the connection closed)";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

TlsConnection::TlsConnection(int port, const TlsClientOptions& options) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr) {
    error_ = LastOpenSslError();
    return;
  }
  if (options.min_version != 0)
    SSL_CTX_set_min_proto_version(ctx_, options.min_version);
  if (options.max_version != 0)
    SSL_CTX_set_max_proto_version(ctx_, options.max_version);
  if (!options.ciphers.empty() &&
      SSL_CTX_set_cipher_list(ctx_, options.ciphers.c_str()) != 1) {
    error_ = "cipher list refused: " + LastOpenSslError();
    return;
  }
  if (SSL_CTX_load_verify_locations(ctx_, options.ca_file.c_str(), nullptr) !=
      1) {
    error_ = "CA refused: " + LastOpenSslError();
    return;
  }
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);

  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 ||
      connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error_ = "cannot connect";
    return;
  }
  timeval limit{10, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), "127.0.0.1");
  if (SSL_connect(ssl_) != 1) {
    error_ = LastOpenSslError();
    return;
  }
  ok_ = true;
}

TlsConnection::~TlsConnection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
  if (fd_ >= 0) close(fd_);
}

std::string TlsConnection::PeerCommonName() const {
  if (!ok_) return "";
  X509* cert = SSL_get1_peer_certificate(ssl_);
  if (cert == nullptr) return "";
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, name,
                            sizeof name);
  X509_free(cert);
  return name;
}

std::string TlsConnection::Version() const {
  return ok_ ? SSL_get_version(ssl_) : "";
}

bool TlsConnection::Send(std::string_view bytes) {
  if (!ok_) return false;
  while (!bytes.empty()) {
    int n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Response TlsConnection::ReadResponse(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto r = TakeResponse(buffer_, false)) return *r;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!ok_ || left.count() <= 0) {
      Response failed;
      failed.body = "timed out waiting for a response";
      return failed;
    }
    if (SSL_pending(ssl_) == 0) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    }
    char chunk[16384];
    int n = SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) {
      ERR_clear_error();
      return *TakeResponse(buffer_, true);
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace hookwarden::testing
