// The checks the data plane relies on: which presented token may report or
// deploy for which application (ingest/grants.h), and which token is live
// (services/credentials.h). Runs on a real SQLite store.
#include "ingest/grants.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "auth/random.h"
#include "services/credentials.h"
#include "services/notifications.h"
#include "storage/open_store.h"

namespace hookwarden {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth::EnsureSodium();
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-credentials-" + auth::RandomHex(8));
    auto store = OpenStore(StoreOptions{"", dir_, false}, 0);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store.value());
    credentials_ =
        std::make_unique<Credentials>(*store_, hasher_, sealer_, clock_);
    grants_ =
        std::make_unique<ingest::Grants>(*store_, *store_, hasher_, clock_);
    ASSERT_TRUE(store_->CreateUser(User{"usr_a", "alice", "h", 0}).ok());
    for (const char* org : {"org_a", "org_b"}) {
      ASSERT_TRUE(store_
                      ->CreateOrganization(Organization{org, org, org + 4, 0},
                                           "usr_a", Audit(org))
                      .ok());
      Product product{std::string("prd_") + (org + 4), org, "P", "p", 0, 0};
      ASSERT_TRUE(store_->CreateProduct(product, true, Audit(org)).ok());
    }
    hits_ = NewCredential("org_a", "itk_hits", CredentialType::kHitsFailure);
    other_hits_ =
        NewCredential("org_a", "itk_other", CredentialType::kHitsFailure);
  }
  void TearDown() override {
    grants_.reset();
    credentials_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static AuditEntry Audit(const std::string& org) {
    AuditEntry e;
    e.organization_id = org;
    e.action = "test";
    return e;
  }

  // Creates a credential; returns its integration token's value (hits/failure).
  std::string NewCredential(const std::string& org, const std::string& id,
                            CredentialType type) {
    IntegrationToken c;
    c.id = id;
    c.organization_id = org;
    c.type = type;
    c.name = id;
    std::vector<IssuedToken> tokens;
    std::string value;
    if (type == CredentialType::kHitsFailure) {
      tokens.push_back(credentials_->MinterFor(org)(
          auth::TokenKind::kIntegration, id, 1, ""));
      value = *credentials_->Reveal(tokens.front());
    }
    EXPECT_TRUE(store_->CreateIntegrationToken(c, tokens, Audit(org)).ok());
    return value;
  }

  Application NewApp(const std::string& org, const std::string& slug,
                     std::optional<std::string> hits,
                     std::optional<std::string> deploy) {
    Application a;
    a.id = "app_" + slug;
    a.organization_id = org;
    a.product_id = "prd_" + org.substr(4);
    a.name = slug;
    a.slug = slug;
    if (hits) a.hits_failure_credential = CredentialLink{*hits, "", false};
    if (deploy) a.deploy_credential = CredentialLink{*deploy, "", false};
    auto created = store_->CreateApplication(
        a, true, credentials_->MinterFor(org), Audit(org));
    EXPECT_TRUE(created.ok()) << created.status().message();
    return *created;
  }

  // Activates with an integration token; returns the API token's value.
  std::string Activate(const std::string& integration_token) {
    auto token = credentials_->Authenticate(integration_token,
                                            auth::TokenKind::kIntegration);
    EXPECT_TRUE(token.ok());
    auto api = store_->Activate(
        *token, credentials_->MinterFor(token->organization_id),
        clock_.NowMillis(), "127.0.0.1", "test", Audit("org_a"));
    EXPECT_TRUE(api.ok()) << api.status().message();
    return *credentials_->Reveal(api->api_token);
  }

  std::string DeployToken(const Application& app) {
    auto t = store_->CurrentIssuedToken(app.deploy_credential->id,
                                        auth::TokenKind::kDeploy, app.id,
                                        clock_.NowMillis());
    EXPECT_TRUE(t.ok());
    return *credentials_->Reveal(*t);
  }

  Status Regenerate(const std::string& org, const std::string& id,
                    int64_t grace_millis) {
    int64_t now = clock_.NowMillis();
    return store_
        ->RegenerateIntegrationToken(
            org, id, std::nullopt, now, now + grace_millis,
            credentials_->MinterFor(org), Audit(org),
            NotifyWhenRegenerated(now + grace_millis, now, "test"))
        .status();
  }

  // The application (its id) that `token` may report hits and failures
  // for, named `app`; or why not.
  Result<std::string> Report(std::string_view token, std::string_view app) {
    return Granted(token, auth::TokenKind::kActivation, app);
  }
  // The application (its id) that deploy token `token` posts deploys for.
  Result<std::string> DeployFor(std::string_view token) {
    return Granted(token, auth::TokenKind::kDeploy, "");
  }
  Result<std::string> Granted(std::string_view token, auth::TokenKind kind,
                              std::string_view app) {
    ingest::PresentedToken presented = grants_->Present(token, kind);
    HW_RETURN_IF_ERROR(grants_->Identify(presented, token));
    auto grant = grants_->LookUp(presented);
    if (!grant.ok()) return grant.status();
    if (kind == auth::TokenKind::kDeploy) {
      return (*grant)->applications.front().id;
    }
    const ingest::GrantedApplication* found = (*grant)->Find(app);
    if (found == nullptr) return Status::NotFound("application not found");
    return found->id;
  }
  // The remembered grant of API token `token`, if any: never a lookup.
  std::optional<Result<std::shared_ptr<const ingest::Grant>>> Peek(
      std::string_view token) {
    return grants_->Peek(grants_->Present(token, auth::TokenKind::kActivation));
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  ManualClock clock_{1'800'000'000'000};
  auth::TokenHasher hasher_{auth::RandomKey()};
  auth::Sealer sealer_{auth::RandomKey()};
  std::unique_ptr<Credentials> credentials_;
  std::unique_ptr<ingest::Grants> grants_;
  std::string hits_, other_hits_;
};

TEST_F(CredentialsTest,
       AnApiTokenReportsOnlyForApplicationsNamingItsCredential) {
  Application mine = NewApp("org_a", "mine", "itk_hits", std::nullopt);
  Application others = NewApp("org_a", "others", "itk_other", std::nullopt);
  Application none = NewApp("org_a", "none", std::nullopt, std::nullopt);
  std::string api = Activate(hits_);
  ASSERT_EQ(auth::ParseToken(api), auth::TokenKind::kActivation);

  auto granted = Report(api, "mine");
  ASSERT_TRUE(granted.ok()) << granted.status().message();
  EXPECT_EQ(*granted, mine.id);
  EXPECT_TRUE(Report(api, mine.id).ok());
  EXPECT_EQ(Report(api, "others").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Report(api, "none").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Report(api, "missing").status().code(), ErrorCode::kNotFound);
}

TEST_F(CredentialsTest, ActivationIsIdempotentUntilRegenerated) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string first = Activate(hits_);
  EXPECT_EQ(Activate(hits_), first);
  ASSERT_TRUE(Regenerate("org_a", "itk_hits", 0).ok());
  EXPECT_EQ(Report(first, "mine").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(credentials_->Authenticate(hits_, auth::TokenKind::kIntegration)
                .status()
                .code(),
            ErrorCode::kUnauthenticated);
  auto current = store_->CurrentIssuedToken(
      "itk_hits", auth::TokenKind::kIntegration, "", clock_.NowMillis());
  ASSERT_TRUE(current.ok());
  std::string second = Activate(*credentials_->Reveal(*current));
  EXPECT_NE(second, first);
  EXPECT_TRUE(Report(second, "mine").ok());
}

TEST_F(CredentialsTest, AGraceWindowKeepsOldTokensUntilItCloses) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string old_api = Activate(hits_);
  ASSERT_TRUE(Regenerate("org_a", "itk_hits", 60'000).ok());
  EXPECT_TRUE(Report(old_api, "mine").ok());
  EXPECT_TRUE(
      credentials_->Authenticate(hits_, auth::TokenKind::kIntegration).ok());
  clock_.Advance(59'999);
  EXPECT_TRUE(Report(old_api, "mine").ok());
  clock_.Advance(1);
  EXPECT_EQ(Report(old_api, "mine").status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_FALSE(
      credentials_->Authenticate(hits_, auth::TokenKind::kIntegration).ok());
}

TEST_F(CredentialsTest, TokensAreOnlyAcceptedAsTheirOwnKind) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string api = Activate(hits_);
  EXPECT_EQ(Report(hits_, "mine").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_FALSE(
      credentials_->Authenticate(api, auth::TokenKind::kIntegration).ok());
  std::string typo = api;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Report(typo, "mine").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Report("", "mine").status().message(), TokenRejected().message());
}

TEST_F(CredentialsTest, ATokenOfOneOrganizationFindsNothingInAnother) {
  std::string b_token =
      NewCredential("org_b", "itk_b", CredentialType::kHitsFailure);
  NewApp("org_a", "shared-slug", "itk_hits", std::nullopt);
  NewApp("org_b", "b-app", "itk_b", std::nullopt);
  std::string b_api = Activate(b_token);
  EXPECT_EQ(Report(b_api, "shared-slug").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Report(b_api, "app_shared-slug").status().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(Report(b_api, "b-app").ok());
}

TEST_F(CredentialsTest, EachApplicationHasItsOwnDeployToken) {
  NewCredential("org_a", "itk_deploy", CredentialType::kDeploy);
  Application one = NewApp("org_a", "one", std::nullopt, "itk_deploy");
  Application two = NewApp("org_a", "two", std::nullopt, "itk_deploy");
  std::string t1 = DeployToken(one), t2 = DeployToken(two);
  EXPECT_NE(t1, t2);
  EXPECT_EQ(*DeployFor(t1), one.id);
  EXPECT_EQ(*DeployFor(t2), two.id);

  ASSERT_TRUE(Regenerate("org_a", "itk_deploy", 0).ok());
  EXPECT_EQ(DeployFor(t1).status().code(), ErrorCode::kUnauthenticated);
  std::string t1_new = DeployToken(one);
  EXPECT_NE(t1_new, t1);
  EXPECT_EQ(*DeployFor(t1_new), one.id);

  // Dropping the credential from an application ends its token at once.
  one.deploy_credential.reset();
  ASSERT_TRUE(store_
                  ->UpdateApplication(one, credentials_->MinterFor("org_a"),
                                      Audit("org_a"))
                  .ok());
  EXPECT_FALSE(DeployFor(t1_new).ok());
  EXPECT_TRUE(DeployFor(DeployToken(two)).ok());
}

TEST_F(CredentialsTest, DeletingACredentialEndsEveryTokenIssuedUnderIt) {
  NewCredential("org_a", "itk_deploy", CredentialType::kDeploy);
  Application app = NewApp("org_a", "mine", "itk_hits", "itk_deploy");
  std::string api = Activate(hits_);
  std::string deploy = DeployToken(app);
  auto used = store_->DeleteIntegrationToken(
      "org_a", "itk_hits", clock_.NowMillis(), Audit("org_a"));
  ASSERT_TRUE(used.ok());
  ASSERT_EQ(used->size(), 1u);
  EXPECT_EQ(used->front().slug, "mine");
  EXPECT_FALSE(Report(api, "mine").ok());
  EXPECT_FALSE(
      credentials_->Authenticate(hits_, auth::TokenKind::kIntegration).ok());
  EXPECT_TRUE(store_->GetApplication("org_a", "mine")
                  ->hits_failure_credential->deleted);
  ASSERT_TRUE(store_
                  ->DeleteIntegrationToken("org_a", "itk_deploy",
                                           clock_.NowMillis(), Audit("org_a"))
                  .ok());
  EXPECT_FALSE(DeployFor(deploy).ok());
}

TEST_F(CredentialsTest, RememberedGrantsAreForgottenWhenCredentialsChange) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string api = Activate(hits_);
  EXPECT_FALSE(Peek(api).has_value());
  ASSERT_TRUE(Report(api, "mine").ok());
  auto remembered = Peek(api);
  ASSERT_TRUE(remembered.has_value());
  ASSERT_TRUE(remembered->ok());
  // The grant lists the applications: one it does not name is not found,
  // without a lookup...
  EXPECT_EQ((**remembered)->Find("later"), nullptr);
  EXPECT_EQ(Report(api, "later").status().code(), ErrorCode::kNotFound);
  // ...until an application change moves the epoch.
  NewApp("org_a", "later", "itk_hits", std::nullopt);
  EXPECT_FALSE(Peek(api).has_value());
  EXPECT_TRUE(Report(api, "later").ok());
  // A regeneration ends the remembered grant at once.
  ASSERT_TRUE(Regenerate("org_a", "itk_hits", 0).ok());
  EXPECT_FALSE(Peek(api).has_value());
  EXPECT_EQ(Report(api, "mine").status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(CredentialsTest, MadeUpTokensAreNotRemembered) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  // Well formed (its checksum is public), but never issued.
  std::string made_up = auth::MintToken(auth::TokenKind::kActivation);
  EXPECT_EQ(Report(made_up, "mine").status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_FALSE(Peek(made_up).has_value());
}

TEST_F(CredentialsTest, OnlyAnIdentifiedTokenIsLookedUp) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string api = Activate(hits_);
  ingest::PresentedToken presented =
      grants_->Present(api, auth::TokenKind::kActivation);
  EXPECT_FALSE(presented.digest.has_value());
  // Not remembered yet, and without its digest the store cannot be asked.
  EXPECT_EQ(grants_->LookUp(presented).status().code(), ErrorCode::kInternal);
  ASSERT_TRUE(grants_->Identify(presented, api).ok());
  EXPECT_EQ(presented.Hash(), hasher_.Hash(api));
  EXPECT_TRUE(grants_->LookUp(presented).ok());
  // Another token's digest is never taken under this one's key.
  ingest::PresentedToken other =
      grants_->Present(auth::MintToken(auth::TokenKind::kActivation),
                       auth::TokenKind::kActivation);
  EXPECT_TRUE(grants_->Identify(other, api).ok());
  EXPECT_FALSE(other.digest.has_value());
  // Remembered now: found by its key alone, with no digest.
  ingest::PresentedToken again =
      grants_->Present(api, auth::TokenKind::kActivation);
  EXPECT_TRUE(grants_->LookUp(again).ok());
}

TEST_F(CredentialsTest, ATokenOfTheWrongFormOrKindIsRefusedAndNeverDigested) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string api = Activate(hits_);
  ASSERT_TRUE(Report(api, "mine").ok());  // Remembered from now on.
  // One character changed: its checksum no longer holds.
  std::string altered = api;
  altered.back() = altered.back() == 'a' ? 'b' : 'a';
  for (std::string_view bad :
       {std::string_view(altered), std::string_view("not a token"),
        std::string_view("")}) {
    ingest::PresentedToken presented =
        grants_->Present(bad, auth::TokenKind::kActivation);
    // Shown by its hint only, should this fail.
    std::string hint = auth::TokenHint(bad);
    EXPECT_FALSE(grants_->Peek(presented).has_value()) << hint;
    EXPECT_EQ(grants_->Identify(presented, bad).code(),
              ErrorCode::kUnauthenticated)
        << hint;
    EXPECT_FALSE(presented.digest.has_value()) << hint;
  }
  // The remembered API token where a deploy token is taken: refused by its
  // remembered grant, and by its form when not remembered.
  ingest::PresentedToken as_deploy =
      grants_->Present(api, auth::TokenKind::kDeploy);
  auto known = grants_->Peek(as_deploy);
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(grants_->Identify(as_deploy, api).code(),
            ErrorCode::kUnauthenticated);
}

TEST_F(CredentialsTest, ARememberedGrantEndsWithItsGraceWindow) {
  NewApp("org_a", "mine", "itk_hits", std::nullopt);
  std::string api = Activate(hits_);
  ASSERT_TRUE(Regenerate("org_a", "itk_hits", 10'000).ok());
  ASSERT_TRUE(Report(api, "mine").ok());
  clock_.Advance(9'999);
  EXPECT_TRUE(Peek(api)->ok());
  clock_.Advance(1);
  EXPECT_EQ(Peek(api)->status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(CredentialsTest, ASealedTokenDoesNotOpenInAnotherRow) {
  auto token = credentials_->MinterFor("org_a")(auth::TokenKind::kDeploy,
                                                "itk_x", 1, "app_1");
  ASSERT_TRUE(credentials_->Reveal(token).ok());
  token.application_id = "app_2";
  EXPECT_EQ(credentials_->Reveal(token).status().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace hookwarden
