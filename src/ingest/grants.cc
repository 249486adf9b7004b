#include "ingest/grants.h"

#include <sodium.h>

#include <mutex>

#include "auth/random.h"
#include "common/coarse_steady_clock.h"
#include "services/credentials.h"

namespace hookwarden::ingest {
const GrantedApplication* Grant::Find(std::string_view ref) const {
  for (const GrantedApplication& app : applications) {
    if (app.slug == ref || app.id == ref) return &app;
  }
  return nullptr;
}

Status Grant::Refusal(std::string_view ref) const {
  for (const Other& app : others) {
    if (app.slug != ref && app.id != ref) continue;
    if (!app.has_credential) {
      return Status::NotFound(
          "application " + app.slug +
          " exists but reports with no Hits/Failure credential yet: choose "
          "this token's credential for it (its page, Reporting)");
    }
    return Status::NotFound("application " + app.slug +
                            " reports with another Hits/Failure credential "
                            "than the one this token was activated with");
  }
  return Status::NotFound("application not found");
}

Grants::Grants(CredentialStore& credentials, OrganizationStore& organizations,
               const auth::TokenHasher& hasher, const Clock& clock)
    : credentials_(credentials),
      organizations_(organizations),
      hasher_(hasher),
      clock_(clock) {
  static_assert(sizeof(siphash_key_) == crypto_shorthash_siphashx24_KEYBYTES);
  auth::EnsureSodium();
  randombytes_buf(siphash_key_.data(), siphash_key_.size());
}

PresentedToken Grants::Present(std::string_view token,
                               auth::TokenKind kind) const {
  return PresentedToken{kind, KeyOf(token), std::nullopt};
}

Grants::Key Grants::KeyOf(std::string_view token) const {
  Key key;
  static_assert(sizeof(key) == crypto_shorthash_siphashx24_BYTES);
  crypto_shorthash_siphashx24(
      key.data(), reinterpret_cast<const unsigned char*>(token.data()),
      token.size(), siphash_key_.data());
  return key;
}

Status Grants::Identify(PresentedToken& presented,
                        std::string_view token) const {
  if (auth::ParseToken(token) != presented.kind) return TokenRejected();
  // Another token's digest under this one's key would file its grant
  // there: ignored (no digest, so LookUp fails).
  if (KeyOf(token) != presented.key) return Status::Ok();
  presented.digest = hasher_.DigestOf(token);
  return Status::Ok();
}

std::optional<Result<std::shared_ptr<const Grant>>> Grants::Peek(
    const PresentedToken& token) const {
  uint64_t epoch = credentials_.CredentialsEpoch();
  std::shared_ptr<const Grant> grant;
  {
    std::shared_lock lock(mutex_);
    auto it = remembered_.find(token.key);
    if (it == remembered_.end() || it->second.epoch != epoch ||
        CoarseSteadyNow() - it->second.at > kMaxAge) {
      return std::nullopt;
    }
    grant = it->second.grant;
  }
  if (grant->kind != token.kind) {
    return Result<std::shared_ptr<const Grant>>(TokenRejected());
  }
  if (grant->expires_at && *grant->expires_at <= clock_.NowMillis()) {
    return Result<std::shared_ptr<const Grant>>(TokenRejected());
  }
  return Result<std::shared_ptr<const Grant>>(std::move(grant));
}

Result<std::shared_ptr<const Grant>> Grants::LookUp(
    const PresentedToken& token) const {
  if (auto known = Peek(token)) return std::move(*known);
  if (!token.digest) return Status::Internal("a token looked up unidentified");
  // The epoch is read before the store: a grant read across a change is
  // filed under the old epoch, and so never served.
  uint64_t epoch = credentials_.CredentialsEpoch();
  auto loaded = Load(token);
  if (!loaded.ok()) return loaded.status();
  auto grant = std::make_shared<const Grant>(std::move(loaded).value());
  std::unique_lock lock(mutex_);
  if (remembered_.size() >= kMaxRemembered) remembered_.clear();
  remembered_.insert_or_assign(token.key,
                               Remembered{epoch, CoarseSteadyNow(), grant});
  return grant;
}

Result<Grant> Grants::Load(const PresentedToken& token) const {
  auto issued = credentials_.FindIssuedToken(token.Hash(), clock_.NowMillis());
  if (!issued.ok()) {
    if (issued.status().code() == ErrorCode::kNotFound) return TokenRejected();
    return issued.status();
  }
  if (issued->kind != token.kind) return TokenRejected();
  Grant grant;
  grant.kind = issued->kind;
  grant.organization_id = issued->organization_id;
  grant.credential_id = issued->credential_id;
  grant.expires_at = issued->expires_at;
  if (token.kind == auth::TokenKind::kDeploy) {
    auto app = organizations_.GetApplication(issued->organization_id,
                                             issued->application_id);
    if (!app.ok()) {
      if (app.status().code() == ErrorCode::kNotFound) return TokenRejected();
      return app.status();
    }
    grant.applications.push_back({app->id, app->slug});
    return grant;
  }
  // The applications that report with this token's credential; the
  // others are kept to say why they refuse its reports.
  auto apps =
      organizations_.ListApplications(issued->organization_id, std::nullopt);
  if (!apps.ok()) return apps.status();
  for (const Application& a : *apps) {
    const auto& link = a.hits_failure_credential;
    if (link && link->id == issued->credential_id) {
      grant.applications.push_back({a.id, a.slug});
    } else {
      grant.others.push_back({a.id, a.slug, link.has_value()});
    }
  }
  return grant;
}

}  // namespace hookwarden::ingest
