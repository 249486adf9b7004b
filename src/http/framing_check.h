// Checks of a request's framing that Beast's parser lets pass but that a
// proxy in front of the server may read differently (RFC 9112 section 6.1
// and 5.2): a Transfer-Encoding other than exactly "chunked", and a header
// field continued on the next line (obs-fold). A request failing either is
// answered 400 and its connection closed, so that no byte of it is read as
// the start of another request.
#pragma once

#include <boost/beast/http/message.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden::http {

// Why the parsed header `header` may not be served, or nullopt when it may:
// every Transfer-Encoding field taken together must be exactly "chunked"
// (any case, surrounding spaces aside). Pure; thread-compatible.
std::optional<std::string> TransferEncodingProblem(
    const boost::beast::http::request_header<>& header);

// Why the raw bytes of a request's header `raw` may not be served, or
// nullopt when they may: no line after the request line may begin with a
// space or a tab (obs-fold). `raw` runs from the request line to the empty
// line ending the header (or the bytes received so far). Pure.
std::optional<std::string> ObsFoldProblem(std::string_view raw);

// The length of the header at the start of `received` (up to and including
// the empty line that ends it), or 0 while it is incomplete.
size_t HeaderLength(std::string_view received);

}  // namespace hookwarden::http
