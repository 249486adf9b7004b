#include "domain/credentials.h"

#include <mutex>

namespace hookwarden {

Status TokenRejected() {
  return Status::Unauthenticated("missing or invalid credentials");
}

std::string Credentials::SealingContext(const IssuedToken& t) {
  // Binds a sealed copy to its row: moved elsewhere, it does not open.
  return "issued-token\n" + t.organization_id + "\n" + t.credential_id + "\n" +
         t.application_id + "\n" + std::string(TokenKindName(t.kind));
}

TokenMinter Credentials::MinterFor(std::string org_id) const {
  return [this, org_id = std::move(org_id)](
             auth::TokenKind kind, const std::string& credential_id,
             int64_t generation, const std::string& application_id) {
    std::string value = auth::MintToken(kind);
    IssuedToken t;
    t.token_hash = hasher_.Hash(value);
    t.kind = kind;
    t.organization_id = org_id;
    t.credential_id = credential_id;
    t.application_id = application_id;
    t.generation = generation;
    t.hint = auth::TokenHint(value);
    t.created_at = clock_.NowMillis();
    t.sealed = sealer_.Seal(value, SealingContext(t));
    return t;
  };
}

Result<std::string> Credentials::Reveal(const IssuedToken& token) const {
  auto value = sealer_.Open(token.sealed, SealingContext(token));
  if (!value) return Status::Internal("a stored token does not open");
  return *value;
}

Result<IssuedToken> Credentials::Authenticate(std::string_view presented,
                                              auth::TokenKind kind) const {
  if (auth::ParseToken(presented) != kind) return TokenRejected();
  auto token =
      store_.FindIssuedToken(hasher_.Hash(presented), clock_.NowMillis());
  if (!token.ok()) {
    if (token.status().code() == ErrorCode::kNotFound) return TokenRejected();
    return token.status();
  }
  if (token->kind != kind) return TokenRejected();
  return token;
}

Result<ReportGrant> Credentials::LookUpReport(std::string_view api_token,
                                              std::string_view app_ref) const {
  auto token = Authenticate(api_token, auth::TokenKind::kActivation);
  if (!token.ok()) return token.status();
  auto app = store_.GetApplication(token->organization_id, app_ref);
  if (!app.ok()) return app.status();
  // The application is the token's organization's own: say why it does not
  // take this token's reports.
  if (!app->hits_failure_credential) {
    return Status::NotFound(
        "application " + app->slug +
        " exists but reports with no Hits/Failure credential yet: choose "
        "this token's credential for it (its page, Reporting)");
  }
  if (app->hits_failure_credential->id != token->credential_id) {
    return Status::NotFound("application " + app->slug +
                            " reports with another Hits/Failure credential "
                            "than the one this token was activated with");
  }
  return ReportGrant{token->organization_id, token->credential_id, app->id,
                     app->slug, token->expires_at};
}

std::string Credentials::CacheKey(std::string_view token_hash,
                                  std::string_view app_ref) {
  std::string key(token_hash);
  key += '\n';
  key += app_ref;
  return key;
}

std::optional<Result<ReportGrant>> Credentials::PeekReport(
    std::string_view api_token, std::string_view app_ref) const {
  if (auth::ParseToken(api_token) != auth::TokenKind::kActivation) {
    return Result<ReportGrant>(TokenRejected());
  }
  // Neither a slug nor an id is longer: nothing to look up, or to remember.
  if (app_ref.empty() || app_ref.size() > kMaxApplicationRef) {
    return Result<ReportGrant>(Status::NotFound("application not found"));
  }
  std::string key = CacheKey(hasher_.Hash(api_token), app_ref);
  uint64_t epoch = store_.CredentialsEpoch();
  std::shared_lock lock(cache_mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end() || it->second.epoch != epoch ||
      std::chrono::steady_clock::now() - it->second.at > kMaxAnswerAge) {
    return std::nullopt;
  }
  const Result<ReportGrant>& answer = it->second.answer;
  if (answer.ok() && answer->expires_at &&
      *answer->expires_at <= clock_.NowMillis()) {
    return Result<ReportGrant>(TokenRejected());
  }
  return answer;
}

Result<ReportGrant> Credentials::AuthorizeReport(
    std::string_view api_token, std::string_view app_ref) const {
  if (auto cached = PeekReport(api_token, app_ref)) return *cached;
  // The epoch is read before the store: an answer read across a change is
  // filed under the old epoch, and so never served.
  uint64_t epoch = store_.CredentialsEpoch();
  Result<ReportGrant> answer = LookUpReport(api_token, app_ref);
  // Grants, and "no such application" for a real token, are remembered.
  // Rejected tokens are not: anyone can make up well-formed ones.
  ErrorCode code = answer.status().code();
  bool lasting = code == ErrorCode::kOk || code == ErrorCode::kNotFound;
  if (lasting) {
    std::unique_lock lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedAnswers) cache_.clear();
    cache_.insert_or_assign(
        CacheKey(hasher_.Hash(api_token), app_ref),
        Cached{epoch, std::chrono::steady_clock::now(), answer});
  }
  return answer;
}

Result<DeployGrant> Credentials::AuthorizeDeploy(
    std::string_view deploy_token) const {
  auto token = Authenticate(deploy_token, auth::TokenKind::kDeploy);
  if (!token.ok()) return token.status();
  auto app =
      store_.GetApplication(token->organization_id, token->application_id);
  if (!app.ok()) {
    if (app.status().code() == ErrorCode::kNotFound) return TokenRejected();
    return app.status();
  }
  return DeployGrant{std::move(token.value()), std::move(app.value())};
}

}  // namespace hookwarden
