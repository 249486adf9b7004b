// Reading and writing issued_tokens rows, shared by the SqlStore files.
// Internal to src/storage.
#pragma once

#include <string>

#include "domain/integration_token.h"
#include "storage/sql_helpers.h"

namespace hookwarden::sql_store_internal {

inline constexpr const char* kIssuedTokenColumns =
    "t.token_hash, t.kind, t.organization_id, t.credential_id,"
    " t.application_id, t.generation, t.sealed, t.hint, t.created_at,"
    " t.expires_at";

inline IssuedToken ToIssuedToken(const sql::Row& r) {
  IssuedToken t;
  t.token_hash = r.Text(0);
  t.kind = ParseTokenKindName(r.Text(1)).value_or(auth::TokenKind::kPersonal);
  t.organization_id = r.Text(2);
  t.credential_id = r.Text(3);
  t.application_id = r.Text(4);
  t.generation = r.Int(5);
  t.sealed = r.Text(6);
  t.hint = r.Text(7);
  t.created_at = r.Int(8);
  if (!r.IsNull(9)) t.expires_at = r.Int(9);
  return t;
}

inline Status InsertIssuedToken(sql::Connection& c, const IssuedToken& t) {
  return Done(c.Execute(
      "INSERT INTO issued_tokens (token_hash, kind, organization_id,"
      " credential_id, application_id, generation, sealed, hint, created_at,"
      " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.token_hash, S(TokenKindName(t.kind)), t.organization_id,
       t.credential_id, t.application_id, t.generation, t.sealed, t.hint,
       t.created_at, t.expires_at ? sql::Value(*t.expires_at) : sql::Value()}));
}

}  // namespace hookwarden::sql_store_internal
