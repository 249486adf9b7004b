// A TLS client for the tests of the server's HTTPS (OpenSSL in the test
// process): it connects to 127.0.0.1, makes the handshake with the versions
// and ciphers a test chooses, tells which certificate the server showed,
// and sends requests and reads answers on one kept-alive connection.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "harness.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace hookwarden::testing {

struct TlsClientOptions {
  std::string ca_file;  // The CA whose certificates are trusted.
  int min_version = 0;  // TLS1_1_VERSION ...; 0: OpenSSL's default.
  int max_version = 0;
  std::string ciphers;  // TLS 1.2 cipher list; "": OpenSSL's default.
};

class TlsConnection {
 public:
  // Connects to 127.0.0.1:`port` and makes the handshake, verifying the
  // server's certificate against options.ca_file and the name 127.0.0.1.
  TlsConnection(int port, const TlsClientOptions& options);
  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  // Whether the handshake succeeded; error() says why not (OpenSSL's
  // reason, e.g. "tlsv1 alert protocol version").
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  // The common name of the certificate the server showed.
  std::string PeerCommonName() const;
  // The protocol agreed, e.g. "TLSv1.3".
  std::string Version() const;

  // Writes all of `bytes`; false when the connection refused them.
  bool Send(std::string_view bytes);
  // Reads the next complete response, waiting up to `timeout`.
  Response ReadResponse(std::chrono::milliseconds timeout = 10000ms);

 private:
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool ok_ = false;
  std::string error_;
  std::string buffer_;
};

}  // namespace hookwarden::testing
