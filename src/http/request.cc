#include "http/request.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <stdexcept>

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
  const std::string* value = params.Find(name);
  return value == nullptr ? kEmpty : *value;
}

const std::string* PathParams::Find(std::string_view name) const {
  for (const auto& [n, value] : items_) {
    if (n == name) return &value;
  }
  return nullptr;
}

const std::string& PathParams::at(std::string_view name) const {
  const std::string* value = Find(name);
  if (value == nullptr) {
    throw std::out_of_range("no path parameter " + std::string(name));
  }
  return *value;
}

std::string& PathParams::operator[](std::string_view name) {
  for (auto& [n, value] : items_) {
    if (n == name) return value;
  }
  return items_.emplace_back(std::string(name), std::string()).second;
}

void PathParams::Push(std::string name, std::string value) {
  items_.emplace_back(std::move(name), std::move(value));
}

}  // namespace hookwarden::http
