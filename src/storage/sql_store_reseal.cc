// SqlStore: finding and replacing sealed values, for a master key rotation.
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"
#include "storage/sql_store_tokens.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

// Replaces one sealed value of `place` while it is still `r.from`.
Result<int64_t> ReplaceOne(Connection& c, Store::SealedPlace place,
                           const Store::Reseal& r) {
  switch (place) {
    case Store::SealedPlace::kSecret:
      return c.Execute(
          "UPDATE secrets SET sealed = ? WHERE organization_id = ?"
          " AND name = ? AND sealed = ?",
          {r.to, r.organization_id, r.key, r.from});
    case Store::SealedPlace::kIssuedToken:
      return c.Execute(
          "UPDATE issued_tokens SET sealed = ? WHERE organization_id = ?"
          " AND token_hash = ? AND sealed = ?",
          {r.to, r.organization_id, r.key, r.from});
    case Store::SealedPlace::kChannelSigningSecret:
      return c.Execute(
          "UPDATE channels SET signing_secret = ? WHERE organization_id = ?"
          " AND id = ? AND signing_secret = ?",
          {r.to, r.organization_id, r.key, r.from});
    case Store::SealedPlace::kSetting:
      break;
  }
  return c.Execute("UPDATE settings SET value = ? WHERE key = ? AND value = ?",
                   {r.to, r.key, r.from});
}

}  // namespace

Result<std::vector<IssuedToken>> SqlStore::IssuedTokensSealedOtherwise(
    std::string_view prefix, int limit) {
  return InTransaction<std::vector<IssuedToken>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<IssuedToken>(c,
                                     "SELECT " + S(kIssuedTokenColumns) +
                                         " FROM issued_tokens t WHERE " +
                                         NotStartingWith("t.sealed", prefix) +
                                         " ORDER BY t.token_hash LIMIT ?",
                                     {S(prefix), int64_t{limit}},
                                     ToIssuedToken);
      });
}

Result<std::string> SqlStore::GetSetting(std::string_view key) {
  return InTransaction<std::string>(*db_, false, [&](Connection& c) {
    return QueryOne<std::string>(
        c, "SELECT value FROM settings WHERE key = ?", {S(key)},
        [](const Row& r) { return r.Text(0); }, "setting");
  });
}

Result<int64_t> SqlStore::ReplaceSealed(SealedPlace place,
                                        const std::vector<Reseal>& changes) {
  return InTransaction<int64_t>(*db_, true,
                                [&](Connection& c) -> Result<int64_t> {
                                  int64_t changed = 0;
                                  for (const Reseal& r : changes) {
                                    auto n = ReplaceOne(c, place, r);
                                    if (!n.ok()) return n.status();
                                    changed += *n;
                                  }
                                  return changed;
                                });
}

}  // namespace hookwarden
