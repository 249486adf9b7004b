// Re-sealing under a new master key, on a real SQLite store holding secrets,
// issued tokens and the token-hashing key.
#include "services/resealer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "auth/random.h"
#include "services/credentials.h"
#include "services/secrets.h"
#include "services/token_hash_key.h"
#include "storage/open_store.h"

namespace hookwarden {
namespace {

class ResealerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth::EnsureSodium();
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-reseal-" + auth::RandomHex(8));
    auto store = OpenStore(StoreOptions{"", dir_, false}, 0);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store.value());
    ASSERT_TRUE(store_->CreateUser(User{"usr_a", "alice", "h", 0}).ok());
    ASSERT_TRUE(store_
                    ->CreateOrganization(Organization{"org_a", "A", "a", 0},
                                         "usr_a", Audit())
                    .ok());
    hash_key_ = *auth::LoadOrCreateTokenHashKey(*store_, old_sealer_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static AuditEntry Audit() {
    AuditEntry e;
    e.organization_id = "org_a";
    e.action = "test";
    return e;
  }

  // `count` secrets and `count` integration tokens sealed by `sealer`;
  // returns the tokens' values.
  std::vector<std::string> Fill(const auth::Sealer& sealer, int count) {
    Secrets secrets(*store_, sealer);
    Credentials credentials(*store_, hasher_, sealer, clock_);
    std::vector<std::string> values;
    for (int i = 0; i < count; ++i) {
      std::string n = std::to_string(i);
      EXPECT_TRUE(store_
                      ->CreateSecret(secrets.Make("org_a", "S" + n,
                                                  "value " + n, "alice", 0),
                                     Audit())
                      .ok());
      IntegrationToken c;
      c.id = "itk_" + n;
      c.organization_id = "org_a";
      c.name = "C" + n;
      IssuedToken t = credentials.MinterFor("org_a")(
          auth::TokenKind::kIntegration, c.id, 1, "");
      values.push_back(*credentials.Reveal(t));
      EXPECT_TRUE(store_->CreateIntegrationToken(c, {t}, Audit()).ok());
    }
    return values;
  }

  // Whether `sealer` opens every value of Fill(_, count) and the hash key.
  void ExpectOpens(const auth::Sealer& sealer, int count,
                   const std::vector<std::string>& tokens, bool opens) {
    Secrets secrets(*store_, sealer);
    Credentials credentials(*store_, hasher_, sealer, clock_);
    for (int i = 0; i < count; ++i) {
      std::string n = std::to_string(i);
      auto secret = secrets.OpenSecret("org_a", "S" + n);
      EXPECT_EQ(secret.ok(), opens) << n;
      if (secret.ok()) {
        EXPECT_EQ(*secret, "value " + n);
      }
      auto token = store_->CurrentIssuedToken(
          "itk_" + n, auth::TokenKind::kIntegration, "", clock_.NowMillis());
      ASSERT_TRUE(token.ok());
      auto value = credentials.Reveal(*token);
      EXPECT_EQ(value.ok(), opens) << n;
      if (value.ok()) {
        EXPECT_EQ(*value, tokens[i]);
      }
    }
    auto hash_key = auth::LoadOrCreateTokenHashKey(*store_, sealer);
    EXPECT_EQ(hash_key.ok(), opens);
    if (hash_key.ok()) {
      EXPECT_EQ(hash_key->bytes, hash_key_.bytes);
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  ManualClock clock_{1'800'000'000'000};
  auth::TokenHasher hasher_{auth::RandomKey()};
  auth::SecretKey old_key_ = auth::RandomKey();
  auth::SecretKey new_key_ = auth::RandomKey();
  auth::Sealer old_sealer_{old_key_};
  auth::SecretKey hash_key_;
};

TEST_F(ResealerTest, MovesEveryValueToTheNewestKey) {
  constexpr int kCount = 250;  // More than two batches of 100.
  std::vector<std::string> tokens = Fill(old_sealer_, kCount);
  auth::Sealer both(auth::KeyRing({new_key_, old_key_}));
  Resealer resealer(*store_, both);
  ASSERT_TRUE(resealer.CheckKeysFitStore().ok());

  auto counts = resealer.ResealAll();
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(counts->secrets, kCount);
  EXPECT_EQ(counts->issued_tokens, kCount);
  EXPECT_EQ(counts->settings, 1);

  // The new key alone opens everything; the old one nothing.
  ExpectOpens(auth::Sealer(new_key_), kCount, tokens, true);
  ExpectOpens(old_sealer_, kCount, tokens, false);
  // Nothing is left to move.
  auto again = resealer.ResealAll();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->total(), 0);
}

TEST_F(ResealerTest, KeysOfAnotherStoreAreRefusedBeforeAnythingChanges) {
  Fill(old_sealer_, 1);
  auth::Sealer stranger(auth::RandomKey());
  Status fits = Resealer(*store_, stranger).CheckKeysFitStore();
  EXPECT_EQ(fits.code(), ErrorCode::kInvalid);
  EXPECT_EQ(fits.field(), "master_key");
}

TEST_F(ResealerTest, AValueThatOpensUnderNoKeyStopsTheRotation) {
  std::vector<std::string> tokens = Fill(old_sealer_, 3);
  // A secret whose sealed value was copied from another row.
  Secret moved = *store_->GetSecret("org_a", "S1");
  moved.name = "MOVED";
  ASSERT_TRUE(store_->CreateSecret(moved, Audit()).ok());
  auth::Sealer both(auth::KeyRing({new_key_, old_key_}));
  auto counts = Resealer(*store_, both).ResealAll();
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), ErrorCode::kInternal);
  EXPECT_NE(counts.status().message().find("MOVED"), std::string::npos)
      << counts.status().message();
  EXPECT_EQ(counts.status().message().find("value 1"), std::string::npos);
  // What moved before stays readable under the ring.
  ExpectOpens(both, 3, tokens, true);
}

TEST_F(ResealerTest, AValueChangedMeanwhileIsLeftAlone) {
  Fill(old_sealer_, 1);
  Secret s = *store_->GetSecret("org_a", "S0");
  auto changed = store_->ReplaceSealed(
      Store::SealedPlace::kSecret, {{"org_a", "S0", "not what it holds", "x"}});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 0);
  EXPECT_EQ(store_->GetSecret("org_a", "S0")->sealed, s.sealed);
  // Nor does an organization reach another's rows.
  changed = store_->ReplaceSealed(Store::SealedPlace::kSecret,
                                  {{"org_b", "S0", s.sealed, "x"}});
  EXPECT_EQ(*changed, 0);
  EXPECT_EQ(store_->GetSecret("org_a", "S0")->sealed, s.sealed);
}

}  // namespace
}  // namespace hookwarden
