// Helpers shared by the files that implement SqlStore. Internal to
// src/storage: not part of the Store interface.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/organization.h"
#include "domain/role.h"
#include "storage/sql.h"

namespace hookwarden::sql_store_internal {

using sql::Connection;
using sql::Row;

inline std::string S(std::string_view v) { return std::string(v); }

// Runs `work` (returning Result<T>) in a transaction of `db` and hands back its
// value.
template <class T, class Work>
Result<T> InTransaction(sql::Database& db, bool write, Work&& work) {
  std::optional<T> out;
  auto body = [&](Connection& c) -> Status {
    Result<T> r = work(c);
    if (!r.ok()) return r.status();
    out.emplace(std::move(r).value());
    return Status::Ok();
  };
  Status s = write ? db.Write(body) : db.Read(body);
  if (!s.ok()) return s;
  return std::move(*out);
}

inline Status Done(const Result<int64_t>& r) {
  return r.ok() ? Status::Ok() : r.status();
}

// Runs a statement that must change exactly one row; NotFound otherwise.
inline Status ExecuteOne(Connection& c, std::string_view sql,
                         const sql::Params& params, std::string_view what) {
  auto changed = c.Execute(sql, params);
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status::NotFound(S(what) + " not found");
  return Status::Ok();
}

inline Status InsertAudit(Connection& c, const AuditEntry& e) {
  return Done(c.Execute(
      "INSERT INTO audit_log (organization_id, at, actor_user_id, "
      "actor_username, action,"
      " target_type, target_id, target_name, address, details)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.organization_id, e.at, e.actor_user_id, e.actor_username, e.action,
       e.target_type, e.target_id, e.target_name, e.address, e.details}));
}

// `audit` with its target id filled in, when the caller could not know it.
inline AuditEntry WithTarget(AuditEntry audit, const std::string& target_id) {
  if (audit.target_id.empty()) audit.target_id = target_id;
  return audit;
}

inline bool Exists(Connection& c, std::string_view sql,
                   const sql::Params& params, Status* error) {
  auto rows = c.Query(sql, params);
  if (!rows.ok()) {
    *error = rows.status();
    return false;
  }
  return !rows->empty();
}

// Picks the slug to store in `table` (products or applications): `base`
// itself when free; when taken, a Conflict if it was given explicitly, or
// else the first free "base-N".
inline Result<std::string> ChooseSlug(Connection& c, std::string_view table,
                                      std::string_view org_id,
                                      std::string_view base, bool is_explicit,
                                      std::string_view own_id) {
  std::string query = "SELECT 1 FROM " + S(table) +
                      " WHERE organization_id = ? AND slug = ? AND id <> ?";
  for (int n = 1; n < 10000; ++n) {
    std::string candidate = S(base);
    if (n > 1) {
      // Not "-" + to_string(n): GCC 12 warns falsely (-Wrestrict) on it.
      std::string suffix = "-";
      suffix += std::to_string(n);
      candidate = candidate.substr(0, 63 - suffix.size()) + suffix;
    }
    Status error;
    bool taken = Exists(c, query, {S(org_id), candidate, S(own_id)}, &error);
    if (!error.ok()) return error;
    if (!taken) return candidate;
    if (is_explicit)
      return Status::Conflict("the slug '" + candidate + "' is taken", "slug");
  }
  return Status::Conflict("no free slug for '" + S(base) + "'", "slug");
}

// The Lock keys (see sql::Connection::Lock). A write that reads and then
// writes an organization's control-plane rows (owners, slugs, names,
// credentials' generations) locks the organization; one that reads and then
// writes an application's events, aggregates, streaks, incidents or deploys
// locks the application. Organization before application; applications in
// ascending id order.
inline Status LockOrganization(Connection& c, std::string_view org_id) {
  return c.Lock("org:" + S(org_id));
}
inline Status LockApplication(Connection& c, std::string_view app_id) {
  return c.Lock("app:" + S(app_id));
}

// The applications one statement reads rows of: the condition that follows
// an application id column, and its parameters (bound before the
// statement's own, so the condition comes first in its WHERE).
struct ApplicationSet {
  std::string condition;
  sql::Params params;

  // `column` and the condition: "x.application_id = ?".
  std::string Of(std::string_view column) const {
    return S(column) + condition;
  }
  // `params` followed by `more`.
  sql::Params With(std::initializer_list<sql::Value> more) const {
    sql::Params all = params;
    all.insert(all.end(), more);
    return all;
  }
  static ApplicationSet One(const std::string& application_id) {
    return {" = ?", {application_id}};
  }
  // The organization's applications whose ids are in [first, last].
  static ApplicationSet OfOrganization(std::string_view org_id,
                                       const std::string& first,
                                       const std::string& last) {
    return {
        " IN (SELECT id FROM applications WHERE organization_id = ? AND"
        " id >= ? AND id <= ?)",
        {S(org_id), first, last}};
  }
};

// "(?, ?, ...)" for an IN list of the non-empty `ids`, their values appended
// to `params`: as many placeholders as the next power of two (the last id
// repeated), so that a backend that prepares each distinct statement keeps
// only a few of them.
inline std::string InList(const std::vector<std::string>& ids,
                          sql::Params& params) {
  size_t slots = 1;
  while (slots < ids.size()) slots *= 2;
  std::string list = "(";
  for (size_t i = 0; i < slots; ++i) {
    list += i ? ", ?" : "?";
    params.emplace_back(ids[i < ids.size() ? i : ids.size() - 1]);
  }
  return list + ")";
}

// `max_rows` as a LIMIT both engines accept: negative means no limit.
inline int64_t RowLimit(int64_t max_rows) {
  return max_rows < 0 ? INT64_MAX : max_rows;
}

// "<column> does not start with ?" (bind the prefix), in portable SQL.
inline std::string NotStartingWith(std::string_view column,
                                   std::string_view prefix) {
  return "substr(" + S(column) + ", 1, " + std::to_string(prefix.size()) +
         ") <> ?";
}

// Appends to `sql` the keyset condition of a list newest first: rows before
// the position (`time`, `id`) in the order of `time_column` then
// `id_column`, both descending.
template <class Id>
void AppendBefore(std::string& sql, sql::Params& params,
                  std::string_view time_column, std::string_view id_column,
                  int64_t time, const Id& id) {
  sql += " AND (" + S(time_column) + " < ? OR (" + S(time_column) +
         " = ? AND " + S(id_column) + " < ?))";
  params.emplace_back(time);
  params.emplace_back(time);
  params.emplace_back(id);
}

// Reads exactly one row of `sql` and converts it, or NotFound naming `what`.
template <class T>
Result<T> QueryOne(Connection& c, const std::string& sql,
                   const sql::Params& params, T (*convert)(const Row&),
                   std::string_view what) {
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(S(what) + " not found");
  return convert(rows->front());
}

template <class T>
Result<std::vector<T>> QueryAll(Connection& c, const std::string& sql,
                                const sql::Params& params,
                                T (*convert)(const Row&)) {
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(convert(r));
  return out;
}

// An organization with one user's role in it: the SELECT (to be followed by
// a WHERE on m.user_id and o.id or o.slug) and its row.
inline constexpr const char* kMembershipSelect =
    "SELECT o.id, o.name, o.slug, o.created_at, m.role"
    " FROM organizations o JOIN memberships m ON m.organization_id = o.id";
inline Membership ToMembership(const Row& r) {
  return Membership{Organization{r.Text(0), r.Text(1), r.Text(2), r.Int(3)},
                    ParseRole(r.Text(4)).value_or(Role::kMember)};
}

}  // namespace hookwarden::sql_store_internal
