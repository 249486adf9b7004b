#include "storage/sql.h"

#include <exception>

namespace hookwarden::sql {
namespace {

// The text a value holds, its own or viewed; null for other values.
std::optional<std::string_view> TextOf(const Value& v) {
  if (auto* p = std::get_if<std::string>(&v)) return *p;
  if (auto* p = std::get_if<TextView>(&v)) return p->text;
  return std::nullopt;
}

}  // namespace

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto t = TextOf(v)) return std::stoll(std::string(*t));
  return 0;
}

double Row::Double(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto t = TextOf(v)) return std::stod(std::string(*t));
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (auto t = TextOf(v)) return std::string(*t);
  if (auto* p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto* p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

Status RunWork(const std::function<Status(Connection&)>& work, Connection& c) {
  try {
    return work(c);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("transaction failed: ") + e.what());
  }
}

}  // namespace hookwarden::sql
