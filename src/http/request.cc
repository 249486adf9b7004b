#include "http/request.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace hookwarden::http {

std::optional<std::string_view> Request::Header(std::string_view name) const {
  // A request has few fields: one pass in the order received, names of
  // another length skipped at once, is quicker than the fields' own index.
  for (const auto& field : headers) {
    std::string_view n = field.name_string();
    if (n.size() == name.size() && boost::beast::iequals(n, name)) {
      return field.value();
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Header(
    boost::beast::http::field name) const {
  for (const auto& field : headers) {
    if (field.name() == name) return field.value();
  }
  return std::nullopt;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) return std::nullopt;
  for (auto param : boost::urls::params_view(*parsed)) {
    if (param.key == name)
      return std::string(param.has_value ? param.value : "");
  }
  return std::nullopt;
}

const std::string& Request::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

}  // namespace hookwarden::http
