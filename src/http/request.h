// One HTTP request as handlers see it: transport details already resolved,
// path parameters filled in by the router.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace hookwarden::http {

// The decoded path parameters of a request, by name. A route has few: they
// are kept in the path's order, in place (no allocation for up to two).
class PathParams {
 public:
  // The value of `name`, or nullptr.
  const std::string* Find(std::string_view name) const;
  // The value of `name`; throws std::out_of_range when there is none.
  const std::string& at(std::string_view name) const;
  // The value of `name`, added empty when there is none.
  std::string& operator[](std::string_view name);
  // Adds `name` last (a name given twice is found first as first given);
  // Pop() takes the last one away. Both, and operator[] adding a name,
  // may move the values: a reference to one is good until then.
  void Push(std::string name, std::string value);
  void Pop() { items_.pop_back(); }
  size_t size() const { return items_.size(); }
  // Each {name, value}, in the path's order.
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  boost::container::small_vector<std::pair<std::string, std::string>, 2> items_;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // Without the query string, still percent-encoded.
  std::string query;   // After '?', without it; may be empty.
  // As received (the parser's own storage, not copied); names match
  // whatever their case.
  boost::beast::http::fields headers;
  std::string body;
  std::string remote_address;  // The peer's IP address.
  // The request's id, sent back as X-Request-Id. An inline handler
  // (Router::Add) finds it empty: the dispatcher takes it for the answer.
  std::string request_id;
  // The connection's executor: work posted to it runs on the thread that
  // reads and writes the connection (where an answer is cheapest to send).
  boost::asio::any_io_executor executor;

  // Set by the router.
  // The matched pattern, e.g. "/api/v1/orgs/{org}"; "unmatched" when none.
  // Valid as long as the router.
  std::string_view route;
  PathParams params;  // Decoded path parameters.

  // The (first) header's value, or nullopt. Any case of `name` matches.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The same for a field HTTP names (Authorization, Content-Type, ...), by
  // the number the parser gave it: no name is compared.
  std::optional<std::string_view> Header(boost::beast::http::field name) const;
  // The decoded value of query parameter `name` (the first one), or nullopt.
  // A malformed query string has no parameters.
  std::optional<std::string> QueryParam(std::string_view name) const;
  // The path parameter `name`; empty when absent.
  const std::string& Param(std::string_view name) const;
};

}  // namespace hookwarden::http
