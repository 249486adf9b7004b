// Secrets variables on a real SQLite store: what the store keeps, how the
// value is sealed and bound to its row, and that organizations stay apart.
#include "services/secrets.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "auth/random.h"
#include "storage/open_store.h"

namespace hookwarden {
namespace {

const std::string kValue = "secret-value-" + auth::RandomHex(8);

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth::EnsureSodium();
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-secrets-" + auth::RandomHex(8));
    auto store = OpenStore(StoreOptions{"", dir_, false}, 0);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store.value());
    secrets_ = std::make_unique<Secrets>(*store_, sealer_);
    ASSERT_TRUE(store_->CreateUser(User{"usr_a", "alice", "h", 0}).ok());
    for (const char* org : {"org_a", "org_b"}) {
      ASSERT_TRUE(store_
                      ->CreateOrganization(Organization{org, org, org + 4, 0},
                                           "usr_a", Audit(org, "org"))
                      .ok());
    }
  }
  void TearDown() override {
    secrets_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static AuditEntry Audit(const std::string& org, const std::string& action,
                          const std::string& target = "") {
    AuditEntry e;
    e.organization_id = org;
    e.action = action;
    e.target_type = "secret";
    e.target_id = e.target_name = target;
    return e;
  }

  Status Create(const std::string& org, const std::string& name,
                std::string_view value = kValue, int64_t at = 10) {
    return store_->CreateSecret(secrets_->Make(org, name, value, "alice", at),
                                Audit(org, "secret.created", name));
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  auth::Sealer sealer_{auth::RandomKey()};
  std::unique_ptr<Secrets> secrets_;
};

TEST(SecretRulesTest, NamesAndValues) {
  for (const char* good : {"A", "_", "SLACK_TOKEN", "_X1", "A0_9"}) {
    EXPECT_TRUE(IsValidSecretName(good)) << good;
  }
  EXPECT_TRUE(IsValidSecretName(std::string(64, 'A')));
  for (const char* bad : {"", "1A", "slack", "A-B", "A B", "Ä", "A.B", "{A}"}) {
    EXPECT_FALSE(IsValidSecretName(bad)) << bad;
  }
  EXPECT_FALSE(IsValidSecretName(std::string(65, 'A')));
  EXPECT_FALSE(IsValidSecretValue(""));
  EXPECT_TRUE(IsValidSecretValue("x"));
  EXPECT_TRUE(IsValidSecretValue(std::string(4096, 'x')));
  EXPECT_FALSE(IsValidSecretValue(std::string(4097, 'x')));
}

TEST_F(SecretsTest, CreateListOpenDelete) {
  ASSERT_TRUE(Create("org_a", "SLACK_TOKEN", kValue, 20).ok());
  ASSERT_TRUE(Create("org_a", "API_KEY", "v", 30).ok());

  auto list = store_->ListSecrets("org_a");
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "API_KEY");  // By name.
  EXPECT_EQ((*list)[1].name, "SLACK_TOKEN");
  EXPECT_EQ((*list)[1].created_at, 20);
  EXPECT_EQ((*list)[1].created_by, "alice");
  EXPECT_TRUE((*list)[1].used_by.empty());
  // Sealed at rest: the store never holds the value itself.
  EXPECT_EQ((*list)[1].sealed.find(kValue), std::string::npos);
  EXPECT_EQ((*list)[1].sealed.rfind("v2:", 0), 0u);

  EXPECT_EQ(*secrets_->OpenSecret("org_a", "SLACK_TOKEN"), kValue);
  EXPECT_EQ(*secrets_->OpenSecret("org_a", "API_KEY"), "v");

  ASSERT_TRUE(
      store_
          ->DeleteSecret("org_a", "SLACK_TOKEN", false,
                         Audit("org_a", "secret.deleted", "SLACK_TOKEN"))
          .ok());
  EXPECT_EQ(secrets_->OpenSecret("org_a", "SLACK_TOKEN").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->ListSecrets("org_a")->size(), 1u);
  Status again = store_->DeleteSecret("org_a", "SLACK_TOKEN", true,
                                      Audit("org_a", "secret.deleted"));
  EXPECT_EQ(again.code(), ErrorCode::kNotFound);

  // The audit log names the secrets, never their values.
  auto audit = store_->ListAuditEntries("org_a", 100, std::nullopt);
  ASSERT_TRUE(audit.ok());
  int secret_entries = 0;
  for (const AuditEntry& e : *audit) {
    if (e.action.rfind("secret.", 0) == 0) ++secret_entries;
    EXPECT_EQ(e.details.find(kValue), std::string::npos);
  }
  EXPECT_EQ(secret_entries, 3);
}

TEST_F(SecretsTest, ANameIsTakenOncePerOrganization) {
  ASSERT_TRUE(Create("org_a", "TOKEN").ok());
  Status duplicate = Create("org_a", "TOKEN", "other");
  EXPECT_EQ(duplicate.code(), ErrorCode::kConflict);
  EXPECT_EQ(duplicate.field(), "name");
  EXPECT_EQ(duplicate.message().find("other"), std::string::npos);
  EXPECT_EQ(*secrets_->OpenSecret("org_a", "TOKEN"), kValue) << "unchanged";
  // Nothing of the failed create was audited.
  auto audit = store_->ListAuditEntries("org_a", 100, std::nullopt);
  int created = 0;
  for (const AuditEntry& e : *audit) created += e.action == "secret.created";
  EXPECT_EQ(created, 1);
  // Another organization has its own namespace.
  EXPECT_TRUE(Create("org_b", "TOKEN", "b's").ok());
  EXPECT_EQ(*secrets_->OpenSecret("org_b", "TOKEN"), "b's");
  EXPECT_EQ(*secrets_->OpenSecret("org_a", "TOKEN"), kValue);
}

TEST_F(SecretsTest, OrganizationsCannotReachEachOther) {
  ASSERT_TRUE(Create("org_a", "ONLY_A").ok());
  EXPECT_TRUE(store_->ListSecrets("org_b")->empty());
  EXPECT_EQ(store_->GetSecret("org_b", "ONLY_A").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(secrets_->OpenSecret("org_b", "ONLY_A").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      store_->DeleteSecret("org_b", "ONLY_A", true, Audit("org_b", "x")).code(),
      ErrorCode::kNotFound);
  EXPECT_EQ(*secrets_->OpenSecret("org_a", "ONLY_A"), kValue);
}

TEST_F(SecretsTest, ASealedValueMovedToAnotherRowDoesNotOpen) {
  ASSERT_TRUE(Create("org_a", "ORIGINAL").ok());
  const std::string sealed = store_->GetSecret("org_a", "ORIGINAL")->sealed;
  // The very same sealed bytes, stored under another name or organization.
  for (const auto& [org, name] :
       {std::pair<std::string, std::string>{"org_a", "COPY"},
        {"org_b", "ORIGINAL"}}) {
    Secret moved{org, name, sealed, 10, "mallory", {}};
    ASSERT_TRUE(store_->CreateSecret(moved, Audit(org, "x")).ok());
    auto opened = secrets_->OpenSecret(org, name);
    ASSERT_FALSE(opened.ok()) << org << " " << name;
    EXPECT_EQ(opened.status().code(), ErrorCode::kInternal);
    EXPECT_EQ(opened.status().message().find(kValue), std::string::npos);
  }
  EXPECT_EQ(*secrets_->OpenSecret("org_a", "ORIGINAL"), kValue);
  // And another master key opens none of it.
  auth::Sealer other(auth::RandomKey());
  EXPECT_FALSE(Secrets(*store_, other).OpenSecret("org_a", "ORIGINAL").ok());
}

}  // namespace
}  // namespace hookwarden
