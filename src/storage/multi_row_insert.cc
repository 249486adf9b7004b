#include "storage/multi_row_insert.h"

#include <algorithm>
#include <bit>
#include <iterator>

namespace hookwarden::sql {

std::vector<size_t> InsertChunks(size_t rows) {
  std::vector<size_t> chunks;
  while (rows > 0) {
    size_t n = rows > kSteppedRowsPerInsert
                   ? std::bit_floor(std::min(rows, kMaxRowsPerInsert))
               : rows >= kRowStep ? rows - rows % kRowStep
                                  : rows;
    chunks.push_back(n);
    rows -= n;
  }
  return chunks;
}

std::string MultiRowInsert(std::string_view table,
                           const std::vector<std::string_view>& columns,
                           size_t rows, std::string_view suffix) {
  std::string sql = "INSERT INTO ";
  sql += table;
  sql += " (";
  std::string one_row = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) {
      sql += ", ";
      one_row += ", ";
    }
    sql += columns[i];
    one_row += "?";
  }
  one_row += ")";
  sql += ") VALUES ";
  sql.reserve(sql.size() + rows * (one_row.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += one_row;
  }
  if (!suffix.empty()) {
    sql += ' ';
    sql += suffix;
  }
  return sql;
}

Status InsertRows(Connection& c, std::string_view table,
                  const std::vector<std::string_view>& columns,
                  std::vector<Params> rows, std::string_view suffix) {
  size_t next = 0;
  Params params;
  for (size_t n : InsertChunks(rows.size())) {
    params.clear();
    params.reserve(n * columns.size());
    for (size_t r = next; r < next + n; ++r) {
      if (rows[r].size() != columns.size()) {
        return Status::Internal("a row for " + std::string(table) + " has " +
                                std::to_string(rows[r].size()) +
                                " values for " +
                                std::to_string(columns.size()) + " columns");
      }
      params.insert(params.end(), std::make_move_iterator(rows[r].begin()),
                    std::make_move_iterator(rows[r].end()));
    }
    HW_RETURN_IF_ERROR(
        c.Send(MultiRowInsert(table, columns, n, suffix), params));
    next += n;
  }
  return Status::Ok();
}

}  // namespace hookwarden::sql
