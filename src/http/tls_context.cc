#include "http/tls_context.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace hookwarden::http {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2's suites: ECDHE key exchange (forward secrecy) with AEAD ciphers
// only, the strongest first. TLS 1.3's suites are OpenSSL's defaults, all
// AEAD.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

// OpenSSL's reason for the last error on this thread, emptied after.
std::string OpenSslReason() {
  unsigned long code = ERR_peek_last_error();
  std::string reason;
  if (code != 0) {
    const char* text = ERR_reason_error_string(code);
    reason = text != nullptr ? text : "error " + std::to_string(code);
  }
  ERR_clear_error();
  return reason.empty() ? "unknown OpenSSL error" : reason;
}

// Fails naming `file` when it cannot be opened for reading, so that the
// message says "No such file or directory" rather than OpenSSL's "system
// lib".
Status CheckReadable(const std::string& field, std::string_view what,
                     const std::string& file) {
  std::ifstream in(file);
  if (in) return Status::Ok();
  return Status::Invalid(field, "cannot read " + std::string(what) + " " +
                                    file + ": " + std::strerror(errno));
}

Status Restrict(ssl::context& context, const std::string& field) {
  SSL_CTX* ctx = context.native_handle();
  context.set_options(ssl::context::default_workarounds |
                      ssl::context::no_compression | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status::Invalid(field,
                           "cannot restrict TLS to versions 1.2 and "
                           "1.3 and modern ciphers: " +
                               OpenSslReason());
  }
  return Status::Ok();
}

// What `print` writes to a memory BIO, as a string.
template <class Print>
std::string Printed(Print print) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return "";
  print(bio);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(size));
  BIO_free(bio);
  return out;
}

}  // namespace

Result<std::shared_ptr<ssl::context>> LoadServerTlsContext(
    const std::string& cert_file, const std::string& key_file,
    ServerCertificateInfo* info) {
  HW_RETURN_IF_ERROR(CheckReadable("tls", "the TLS certificate", cert_file));
  HW_RETURN_IF_ERROR(CheckReadable("tls", "the TLS key", key_file));
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  HW_RETURN_IF_ERROR(Restrict(*context, "tls"));
  context->set_options(ssl::context::single_dh_use |
                       SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  ERR_clear_error();
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return Status::Invalid("tls", "cannot use the TLS certificate " +
                                      cert_file + ": " + OpenSslReason());
  }
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) {
    return Status::Invalid(
        "tls", "cannot use the TLS key " + key_file + ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return Status::Invalid("tls", "the TLS key " + key_file +
                                      " does not belong to the certificate " +
                                      cert_file + ": " + OpenSslReason());
  }
  if (info != nullptr) {
    X509* cert = SSL_CTX_get0_certificate(context->native_handle());
    if (cert != nullptr) {
      info->subject = Printed([cert](BIO* bio) {
        X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0,
                           XN_FLAG_RFC2253);
      });
      info->not_after = Printed(
          [cert](BIO* bio) { ASN1_TIME_print(bio, X509_get0_notAfter(cert)); });
    }
  }
  return context;
}

Result<std::shared_ptr<ssl::context>> MakeClientTlsContext(
    const std::string& extra_ca_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  HW_RETURN_IF_ERROR(Restrict(*context, "cacert"));
  boost::system::error_code ec;
  context->set_default_verify_paths(ec);
  if (ec) {
    return Status::Invalid(
        "cacert", "cannot load the system's trust store: " + OpenSslReason());
  }
  if (!extra_ca_file.empty()) {
    HW_RETURN_IF_ERROR(
        CheckReadable("cacert", "the CA certificate file", extra_ca_file));
    ERR_clear_error();
    context->load_verify_file(extra_ca_file, ec);
    if (ec) {
      return Status::Invalid("cacert", "cannot use the CA certificate file " +
                                           extra_ca_file + ": " +
                                           OpenSslReason());
    }
  }
  context->set_verify_mode(ssl::verify_peer);
  return context;
}

bool ExpectPeerName(SSL* ssl, const std::string& host) {
  boost::system::error_code not_ip;
  boost::asio::ip::make_address(host, not_ip);
  if (!not_ip) {
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) ==
           1;
  }
  return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 &&
         SSL_set1_host(ssl, host.c_str()) == 1;
}

bool IsCertificateRejection(SSL* ssl) {
  return SSL_get_verify_result(ssl) != X509_V_OK;
}

std::string DescribeTlsFailure(SSL* ssl, const boost::system::error_code& ec) {
  long verified = SSL_get_verify_result(ssl);
  if (verified != X509_V_OK) {
    return std::string("certificate verify failed: ") +
           X509_verify_cert_error_string(verified);
  }
  if (ec == boost::asio::ssl::error::stream_truncated) {
    return "the connection closed during the TLS handshake (is it a TLS "
           "server?)";
  }
  return ec.message();
}

Status ReloadableServerTls::Reload(ServerCertificateInfo* info) {
  auto loaded = LoadServerTlsContext(cert_file_, key_file_, info);
  if (!loaded.ok()) return loaded.status();
  std::lock_guard lock(mutex_);
  current_ = *std::move(loaded);
  return Status::Ok();
}

std::shared_ptr<boost::asio::ssl::context> ReloadableServerTls::Current()
    const {
  std::lock_guard lock(mutex_);
  return current_;
}

}  // namespace hookwarden::http
