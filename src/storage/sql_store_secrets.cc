// SqlStore: secrets variables.
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"
#include "storage/sql_store_channels.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

constexpr const char* kSecretSelect =
    "SELECT organization_id, name, sealed, created_at, created_by FROM secrets";

Secret ToSecret(const Row& r) {
  Secret s;
  s.organization_id = r.Text(0);
  s.name = r.Text(1);
  s.sealed = r.Text(2);
  s.created_at = r.Int(3);
  s.created_by = r.Text(4);
  return s;
}

Status FillUsedBy(Connection& c, Secret& secret) {
  auto channels = ChannelsUsingSecret(c, secret.organization_id, secret.name);
  if (!channels.ok()) return channels.status();
  secret.used_by = std::move(channels.value());
  return Status::Ok();
}

Result<Secret> SecretByName(Connection& c, std::string_view org_id,
                            std::string_view name) {
  auto secret = QueryOne<Secret>(
      c, S(kSecretSelect) + " WHERE organization_id = ? AND name = ?",
      {S(org_id), S(name)}, ToSecret, "secret");
  if (!secret.ok()) return secret;
  HW_RETURN_IF_ERROR(FillUsedBy(c, *secret));
  return secret;
}

}  // namespace

Status SqlStore::CreateSecret(const Secret& secret, const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto inserted = c.Execute(
        "INSERT INTO secrets (organization_id, name, sealed, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?)",
        {secret.organization_id, secret.name, secret.sealed, secret.created_at,
         secret.created_by});
    if (!inserted.ok()) {
      if (inserted.status().code() != ErrorCode::kConflict)
        return inserted.status();
      return Status::Conflict("a secret named " + secret.name +
                                  " exists; delete it first to replace it",
                              "name");
    }
    return InsertAudit(c, audit);
  });
}

Result<std::vector<Secret>> SqlStore::ListSecrets(std::string_view org_id) {
  return InTransaction<std::vector<Secret>>(
      *db_, false, [&](Connection& c) -> Result<std::vector<Secret>> {
        auto secrets = QueryAll<Secret>(
            c, S(kSecretSelect) + " WHERE organization_id = ? ORDER BY name",
            {S(org_id)}, ToSecret);
        if (!secrets.ok()) return secrets;
        for (Secret& s : *secrets) HW_RETURN_IF_ERROR(FillUsedBy(c, s));
        return secrets;
      });
}

Result<Secret> SqlStore::GetSecret(std::string_view org_id,
                                   std::string_view name) {
  return InTransaction<Secret>(*db_, false, [&](Connection& c) {
    return SecretByName(c, org_id, name);
  });
}

Status SqlStore::DeleteSecret(std::string_view org_id, std::string_view name,
                              bool force, const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto secret = SecretByName(c, org_id, name);
    if (!secret.ok()) return secret.status();
    if (!force && !secret->used_by.empty()) {
      std::string names;
      for (const ChannelSummary& channel : secret->used_by) {
        names += (names.empty() ? "" : ", ") + channel.name;
      }
      return Status::Conflict("the secret " + secret->name +
                                  " is used by the channels " + names +
                                  "; delete with force=true to delete anyway",
                              "name");
    }
    HW_RETURN_IF_ERROR(ExecuteOne(
        c, "DELETE FROM secrets WHERE organization_id = ? AND name = ?",
        {S(org_id), S(name)}, "secret"));
    return InsertAudit(c, audit);
  });
}

Result<std::vector<Secret>> SqlStore::SecretsSealedOtherwise(
    std::string_view prefix, int limit) {
  return InTransaction<std::vector<Secret>>(*db_, false, [&](Connection& c) {
    return QueryAll<Secret>(c,
                            S(kSecretSelect) + " WHERE " +
                                NotStartingWith("sealed", prefix) +
                                " ORDER BY organization_id, name LIMIT ?",
                            {S(prefix), int64_t{limit}}, ToSecret);
  });
}

}  // namespace hookwarden
