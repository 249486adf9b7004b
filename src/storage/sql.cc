#include "storage/sql.h"

#include <exception>

namespace hookwarden::sql {

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto* p = std::get_if<std::string>(&v)) return std::stoll(*p);
  if (auto* p = std::get_if<TextView>(&v))
    return std::stoll(std::string(p->text));
  return 0;
}

double Row::Double(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto* p = std::get_if<std::string>(&v)) return std::stod(*p);
  if (auto* p = std::get_if<TextView>(&v))
    return std::stod(std::string(p->text));
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<std::string>(&v)) return *p;
  if (auto* p = std::get_if<TextView>(&v)) return std::string(p->text);
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
