// TLS settings for both ends of hookwarden's connections (OpenSSL through
// Boost.Asio): the server's context, built from a certificate chain and a
// private key in PEM files, and the client's, which trusts the system's
// certificate authorities and, when given, a private one.
//
// Both speak TLS 1.2 and 1.3 only. With TLS 1.2, only ECDHE key exchange
// with AEAD ciphers (AES-GCM, ChaCha20-Poly1305) is offered or accepted;
// TLS 1.3's own suites are all AEAD. Compression and renegotiation are off.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "common/status.h"

namespace hookwarden::http {

// What a loaded server certificate says, for the log.
struct ServerCertificateInfo {
  std::string subject;    // e.g. "CN=hooks.example.com"
  std::string not_after;  // e.g. "Dec  4 02:00:00 2027 GMT"
};

// A server context for `cert_file` (the certificate, then any intermediate
// certificates, PEM) and `key_file` (its private key, PEM, unencrypted).
// Fails with Status::Invalid("tls", ...) naming the file and OpenSSL's reason
// when a file cannot be read or parsed, or when the key does not match the
// certificate. Reads both files on the calling thread. `info`, when given,
// receives what the certificate says.
Result<std::shared_ptr<boost::asio::ssl::context>> LoadServerTlsContext(
    const std::string& cert_file, const std::string& key_file,
    ServerCertificateInfo* info = nullptr);

// A client context that verifies the peer against the system's trust store
// and, when `extra_ca_file` is not empty, also against the certificate
// authorities in that PEM file. Fails with Status::Invalid("cacert", ...)
// when that file holds no certificate that can be read. Each connection
// still needs ExpectPeerName.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeClientTlsContext(
    const std::string& extra_ca_file);

// Prepares the client connection `ssl` for `host` (a DNS name or an IP
// address, without brackets): the handshake then fails unless the peer's
// certificate names it, and a DNS name is sent as the server name (SNI).
// False when OpenSSL refuses the name.
bool ExpectPeerName(SSL* ssl, const std::string& host);

// Why a client's TLS handshake on `ssl` failed with `ec`, in words: when the
// peer's certificate was refused, "certificate verify failed: " and the
// verification's reason (e.g. "unable to get local issuer certificate",
// "hostname mismatch"); otherwise OpenSSL's reason.
std::string DescribeTlsFailure(SSL* ssl, const boost::system::error_code& ec);

// True when the handshake on `ssl` failed because the peer's certificate was
// refused (not trusted, expired, or not naming the host).
bool IsCertificateRejection(SSL* ssl);

// The server's TLS context for new connections, built from two files and
// replaced whole when they are read again. Thread-safe.
class ReloadableServerTls {
 public:
  ReloadableServerTls(std::string cert_file, std::string key_file)
      : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {}

  // Reads the files (LoadServerTlsContext). On success their context
  // replaces the current one for new connections, and `info` (when given)
  // describes the certificate; on failure the current context stays and the
  // status says why.
  Status Reload(ServerCertificateInfo* info = nullptr);
  // The context a new connection uses; null until a Reload has succeeded.
  // Connections keep the context they were given as long as they live.
  std::shared_ptr<boost::asio::ssl::context> Current() const;

  const std::string& cert_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }

 private:
  const std::string cert_file_;
  const std::string key_file_;
  mutable std::mutex mutex_;
  std::shared_ptr<boost::asio::ssl::context> current_;  // Guarded by mutex_.
};

}  // namespace hookwarden::http
