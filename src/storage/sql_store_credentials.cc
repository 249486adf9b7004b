// SqlStore: integration tokens (webhook credentials) and the tokens issued
// under them.
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"
#include "storage/sql_store_outbox.h"
#include "storage/sql_store_tokens.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

// The current generation's integration token gives the hint.
constexpr const char* kCredentialSelect =
    "SELECT c.id, c.organization_id, c.type, c.name, c.generation,"
    " c.created_at, c.created_by, c.updated_at, c.activated_at,"
    " c.activated_from, c.activated_user_agent, c.last_used_at,"
    " c.last_used_from, c.use_count, c.throttled_count,"
    " (SELECT t.hint FROM issued_tokens t WHERE t.credential_id = c.id"
    "  AND t.kind = 'integration' AND t.generation = c.generation"
    "  ORDER BY t.created_at DESC LIMIT 1)"
    " FROM integration_tokens c WHERE c.deleted_at IS NULL";

IntegrationToken ToCredential(const Row& r) {
  IntegrationToken c;
  c.id = r.Text(0);
  c.organization_id = r.Text(1);
  c.type = ParseCredentialType(r.Text(2)).value_or(CredentialType::kDeploy);
  c.name = r.Text(3);
  c.generation = r.Int(4);
  c.created_at = r.Int(5);
  c.created_by = r.Text(6);
  c.updated_at = r.Int(7);
  if (!r.IsNull(8)) c.activated_at = r.Int(8);
  c.activated_from = r.Text(9);
  c.activated_user_agent = r.Text(10);
  if (!r.IsNull(11)) c.last_used_at = r.Int(11);
  c.last_used_from = r.Text(12);
  c.use_count = r.Int(13);
  c.throttled_count = r.Int(14);
  c.hint = r.Text(15);
  return c;
}

Result<IntegrationToken> CredentialById(Connection& c, std::string_view org_id,
                                        std::string_view id) {
  return QueryOne<IntegrationToken>(
      c, S(kCredentialSelect) + " AND c.organization_id = ? AND c.id = ?",
      {S(org_id), S(id)}, ToCredential, "integration token");
}

Status NameConflict(const Status& s, const std::string& name) {
  if (s.code() != ErrorCode::kConflict) return s;
  return Status::Conflict(
      "an integration token of this type named '" + name + "' exists", "name");
}

Result<std::vector<ApplicationSummary>> UsingCredential(
    Connection& c, std::string_view org_id, std::string_view credential_id) {
  return QueryAll<ApplicationSummary>(
      c,
      "SELECT id, slug, name FROM applications WHERE organization_id = ?"
      " AND (hits_failure_credential_id = ? OR deploy_credential_id = ?)"
      " ORDER BY name, id",
      {S(org_id), S(credential_id), S(credential_id)}, [](const Row& r) {
        return ApplicationSummary{r.Text(0), r.Text(1), r.Text(2)};
      });
}

constexpr const char* kLiveToken =
    " FROM issued_tokens t JOIN integration_tokens c ON c.id = t.credential_id"
    " WHERE c.deleted_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > "
    "?)";

Result<IssuedToken> LiveTokenByHash(Connection& c, std::string_view hash,
                                    int64_t now) {
  return QueryOne<IssuedToken>(
      c,
      "SELECT " + S(kIssuedTokenColumns) + kLiveToken + " AND t.token_hash = ?",
      {now, S(hash)}, ToIssuedToken, "token");
}

}  // namespace

Status SqlStore::CreateIntegrationToken(const IntegrationToken& k,
                                        const std::vector<IssuedToken>& tokens,
                                        const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto inserted = c.Execute(
        "INSERT INTO integration_tokens (id, organization_id, type, name,"
        " generation, created_at, created_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {k.id, k.organization_id, S(CredentialTypeName(k.type)), k.name,
         k.generation, k.created_at, k.created_by, k.updated_at});
    if (!inserted.ok()) return NameConflict(inserted.status(), k.name);
    for (const IssuedToken& token : tokens) {
      HW_RETURN_IF_ERROR(InsertIssuedToken(c, token));
    }
    return InsertAudit(c, audit);
  });
}

Result<std::vector<IntegrationToken>> SqlStore::ListIntegrationTokens(
    std::string_view org_id) {
  return InTransaction<std::vector<IntegrationToken>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<IntegrationToken>(
            c,
            S(kCredentialSelect) +
                " AND c.organization_id = ? ORDER BY c.type, c.name",
            {S(org_id)}, ToCredential);
      });
}

Result<IntegrationToken> SqlStore::GetIntegrationToken(
    std::string_view org_id, std::string_view credential_id) {
  return InTransaction<IntegrationToken>(*db_, false, [&](Connection& c) {
    return CredentialById(c, org_id, credential_id);
  });
}

Result<std::vector<ApplicationSummary>> SqlStore::ApplicationsUsingCredential(
    std::string_view org_id, std::string_view credential_id) {
  return InTransaction<std::vector<ApplicationSummary>>(
      *db_, false,
      [&](Connection& c) { return UsingCredential(c, org_id, credential_id); });
}

Result<IntegrationToken> SqlStore::RegenerateIntegrationToken(
    std::string_view org_id, std::string_view credential_id,
    const std::optional<std::string>& new_name, int64_t now,
    int64_t old_valid_until, const TokenMinter& mint, const AuditEntry& audit,
    const AfterRegenerate& after_regenerate) {
  return Bump(InTransaction<IntegrationToken>(
      *db_, true, [&](Connection& c) -> Result<IntegrationToken> {
        // The generation read here is the one this bumps; no application
        // gets a deploy token of the old one meanwhile.
        HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
        auto credential = CredentialById(c, org_id, credential_id);
        if (!credential.ok()) return credential.status();
        const std::string& id = credential->id;
        if (new_name) {
          auto renamed =
              c.Execute("UPDATE integration_tokens SET name = ? WHERE id = ?",
                        {*new_name, id});
          if (!renamed.ok()) return NameConflict(renamed.status(), *new_name);
        }
        // Earlier generations end at old_valid_until (or sooner, if they
        // were already ending); the ones already over are dropped.
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "UPDATE issued_tokens SET expires_at = CASE WHEN expires_at IS NULL"
            " OR expires_at > ? THEN ? ELSE expires_at END"
            " WHERE credential_id = ?",
            {old_valid_until, old_valid_until, id})));
        HW_RETURN_IF_ERROR(
            Done(c.Execute("DELETE FROM issued_tokens WHERE credential_id = ?"
                           " AND expires_at IS NOT NULL AND expires_at <= ?",
                           {id, now})));
        int64_t generation = credential->generation + 1;
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "UPDATE integration_tokens SET generation = ?, updated_at = ?"
            " WHERE id = ?",
            {generation, now, id})));
        if (credential->type == CredentialType::kHitsFailure) {
          for (auto kind :
               {auth::TokenKind::kIntegration, auth::TokenKind::kPing}) {
            HW_RETURN_IF_ERROR(
                InsertIssuedToken(c, mint(kind, id, generation, "")));
          }
        } else {
          auto apps = c.Query(
              "SELECT id FROM applications WHERE deploy_credential_id = ?",
              {id});
          if (!apps.ok()) return apps.status();
          for (const Row& app : *apps) {
            HW_RETURN_IF_ERROR(InsertIssuedToken(
                c,
                mint(auth::TokenKind::kDeploy, id, generation, app.Text(0))));
          }
        }
        HW_RETURN_IF_ERROR(db_->NotifyCredentialsChanged(c));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        auto after = CredentialById(c, org_id, id);
        if (!after.ok()) return after;
        auto apps = UsingCredential(c, org_id, id);
        if (!apps.ok()) return apps.status();
        SqlOutboxWriter outbox(c);
        HW_RETURN_IF_ERROR(
            after_regenerate(outbox, *credential, *after, *apps));
        return after;
      }));
}

Result<std::vector<ApplicationSummary>> SqlStore::DeleteIntegrationToken(
    std::string_view org_id, std::string_view credential_id, int64_t now,
    const AuditEntry& audit) {
  return Bump(InTransaction<std::vector<ApplicationSummary>>(
      *db_, true,
      [&](Connection& c) -> Result<std::vector<ApplicationSummary>> {
        HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
        auto credential = CredentialById(c, org_id, credential_id);
        if (!credential.ok()) return credential.status();
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "UPDATE integration_tokens SET deleted_at = ?, updated_at = ?"
            " WHERE id = ?",
            {now, now, credential->id})));
        HW_RETURN_IF_ERROR(
            Done(c.Execute("DELETE FROM issued_tokens WHERE credential_id = ?",
                           {credential->id})));
        HW_RETURN_IF_ERROR(db_->NotifyCredentialsChanged(c));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return UsingCredential(c, org_id, credential->id);
      }));
}

Result<IssuedToken> SqlStore::FindIssuedToken(std::string_view token_hash,
                                              int64_t now) {
  return InTransaction<IssuedToken>(*db_, false, [&](Connection& c) {
    return LiveTokenByHash(c, token_hash, now);
  });
}

Result<IssuedToken> SqlStore::CurrentIssuedToken(
    std::string_view credential_id, auth::TokenKind kind,
    std::string_view application_id, int64_t now) {
  return InTransaction<IssuedToken>(*db_, false, [&](Connection& c) {
    return QueryOne<IssuedToken>(
        c,
        "SELECT " + S(kIssuedTokenColumns) + kLiveToken +
            " AND t.credential_id = ? AND t.kind = ? AND t.application_id = ?"
            " ORDER BY t.generation DESC, t.created_at DESC LIMIT 1",
        {now, S(credential_id), S(TokenKindName(kind)), S(application_id)},
        ToIssuedToken, "token");
  });
}

Result<CredentialStore::Activation> SqlStore::Activate(
    const IssuedToken& integration, const TokenMinter& mint, int64_t now,
    std::string_view from, std::string_view user_agent,
    const AuditEntry& audit) {
  return InTransaction<Activation>(
      *db_, true, [&](Connection& c) -> Result<Activation> {
        // One API token per generation, however many activations race:
        // the first one's, found by the others once it committed.
        HW_RETURN_IF_ERROR(LockOrganization(c, integration.organization_id));
        // Still live now that this transaction holds the lock.
        auto live = LiveTokenByHash(c, integration.token_hash, now);
        if (!live.ok()) return live.status();
        // The generation's token of `kind`, minted when it has none.
        auto of_generation = [&](auth::TokenKind kind) -> Result<IssuedToken> {
          auto existing = QueryOne<IssuedToken>(
              c,
              "SELECT " + S(kIssuedTokenColumns) + kLiveToken +
                  " AND t.credential_id = ? AND t.kind = ?"
                  " AND t.generation = ? ORDER BY t.created_at DESC LIMIT 1",
              {now, live->credential_id, S(TokenKindName(kind)),
               live->generation},
              ToIssuedToken, "token");
          if (existing.status().code() != ErrorCode::kNotFound) return existing;
          IssuedToken minted =
              mint(kind, live->credential_id, live->generation, "");
          // An activation during a grace window ends with that window.
          minted.expires_at = live->expires_at;
          HW_RETURN_IF_ERROR(InsertIssuedToken(c, minted));
          return minted;
        };
        auto api_token = of_generation(auth::TokenKind::kActivation);
        if (!api_token.ok()) return api_token.status();
        auto ping_key = of_generation(auth::TokenKind::kPing);
        if (!ping_key.ok()) return ping_key.status();
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "UPDATE integration_tokens SET activated_at = ?,"
            " activated_from = ?, activated_user_agent = ?, last_used_at = ?,"
            " last_used_from = ?, use_count = use_count + 1 WHERE id = ?",
            {now, S(from), S(user_agent), now, S(from), live->credential_id})));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return Activation{std::move(api_token).value(),
                          std::move(ping_key).value()};
      });
}

Status SqlStore::RecordCredentialUse(std::string_view credential_id, int64_t at,
                                     std::string_view from) {
  return db_->Write([&](Connection& c) {
    return Done(c.Execute(
        "UPDATE integration_tokens SET last_used_at = ?, last_used_from = ?,"
        " use_count = use_count + 1 WHERE id = ?",
        {at, S(from), S(credential_id)}));
  });
}

}  // namespace hookwarden
