// The stream of one HTTPS connection on the server: Beast's TLS stream over
// a TCP stream, holding the context its handshake was made with, so that a
// reload (ReloadableServerTls) can replace the server's context while this
// connection lives on with its own. It also offers the TCP stream's socket
// and close, so that a session written for beast::tcp_stream works on it
// unchanged (the server times both out by their deadlines, not by Beast's
// timers).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <utility>

namespace hookwarden::http {

class TlsStream : public boost::beast::ssl_stream<boost::beast::tcp_stream> {
 public:
  TlsStream(boost::asio::ip::tcp::socket&& socket,
            std::shared_ptr<boost::asio::ssl::context> context)
      : ssl_stream(std::move(socket), *context), context_(std::move(context)) {}

  boost::asio::ip::tcp::socket& socket() { return next_layer().socket(); }
  void close() { next_layer().close(); }

 private:
  std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace hookwarden::http
