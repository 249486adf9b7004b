#include "http/request.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace hookwarden::http {

std::optional<std::string_view> Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->value();
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
