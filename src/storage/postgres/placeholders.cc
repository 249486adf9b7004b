#include "storage/postgres/placeholders.h"

namespace hookwarden::sql {

Result<std::string> NumberPlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  // Copies from `i` through the first `close` at or after `from`, or fails.
  auto copy_through = [&](std::string_view close, size_t from) -> bool {
    size_t end = sql.find(close, from);
    if (end == std::string_view::npos) return false;
    end += close.size();
    out.append(sql.substr(i, end - i));
    i = end;
    return true;
  };
  while (i < sql.size()) {
    char ch = sql[i];
    if (ch == '?') {
      out += '$' + std::to_string(++n);
      ++i;
    } else if (ch == '$') {
      return Status::Internal("SQL for PostgreSQL holds '$' outside a literal");
    } else if (ch == '\'' || ch == '"') {
      // A doubled quote inside is an escaped one: the scan goes on after it
      // as if a literal ended and another began.
      if (!copy_through(sql.substr(i, 1), i + 1)) {
        return Status::Internal("SQL holds an unclosed quote");
      }
    } else if (sql.substr(i, 2) == "--") {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (sql.substr(i, 2) == "/*") {
      if (!copy_through("*/", i + 2)) {
        return Status::Internal("SQL holds an unclosed comment");
      }
    } else {
      out += ch;
      ++i;
    }
  }
  *count = n;
  return out;
}

}  // namespace hookwarden::sql
