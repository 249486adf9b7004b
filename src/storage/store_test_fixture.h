// The fixture of the Store contract tests: a fresh store of the backend
// named by the parameter ("sqlite": a file in a temporary directory;
// "postgresql": a database of its own on the tests' server, see
// postgres/scratch_database.h; "pgbouncer": the same database through the
// tests' PgBouncer in transaction pooling mode), with users alice (usr_a) and
// bob (usr_b) owning organizations org_a and org_b.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "storage/open_store.h"
#include "storage/postgres/scratch_database.h"
#include "storage/store.h"

namespace hookwarden {

// The backends every store contract runs on.
inline auto StoreBackends() {
  return ::testing::Values("sqlite", "postgresql", "pgbouncer");
}

class StoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    options_ = StoreOptions{"", dir_, false};
    if (GetParam() == "postgresql" || GetParam() == "pgbouncer") {
      scratch_ = std::make_unique<testing::ScratchDatabase>();
      ASSERT_FALSE(scratch_->url().empty()) << scratch_->error();
      options_.database = scratch_->url();
    }
    if (GetParam() == "pgbouncer") {
      options_.database = testing::PooledUrl(*scratch_);
      ASSERT_FALSE(options_.database.empty())
          << testing::MissingTestPgBouncerMessage();
      options_.pooled = true;
      options_.direct_database = scratch_->url();
    } else if (GetParam() != "postgresql") {
      ASSERT_EQ(GetParam(), "sqlite");
    }
    auto store = OpenStore(options_, 1000);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store.value());
    ASSERT_TRUE(store_->CreateUser(User{"usr_a", "alice", "hash-a", 1}).ok());
    ASSERT_TRUE(store_->CreateUser(User{"usr_b", "bob", "hash-b", 2}).ok());
    ASSERT_TRUE(store_
                    ->CreateOrganization(Organization{"org_a", "A", "a", 10},
                                         "usr_a",
                                         Audit("org_a", "organization.created"))
                    .ok());
    ASSERT_TRUE(store_
                    ->CreateOrganization(Organization{"org_b", "B", "b", 10},
                                         "usr_b",
                                         Audit("org_b", "organization.created"))
                    .ok());
  }
  void TearDown() override {
    store_.reset();
    scratch_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Opens the test's database again, as another server would (`now` for
  // the migrations).
  std::unique_ptr<Store> OpenAgain(int64_t now = 2000) {
    auto store = OpenStore(options_, now);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store.value()) : nullptr;
  }

  static AuditEntry Audit(std::string org, std::string action) {
    AuditEntry e;
    e.organization_id = std::move(org);
    e.at = 100;
    e.actor_user_id = "usr_a";
    e.actor_username = "alice";
    e.action = std::move(action);
    e.address = "127.0.0.1";
    return e;
  }

  Product NewProduct(std::string id, std::string org, std::string name,
                     std::string slug) {
    return Product{
        std::move(id), std::move(org), std::move(name), std::move(slug), 5, 5};
  }

  Application NewApp(std::string id, std::string org, std::string product,
                     std::string slug) {
    Application a;
    a.id = std::move(id);
    a.organization_id = std::move(org);
    a.product_id = std::move(product);
    a.name = "App " + slug;
    a.slug = std::move(slug);
    return a;
  }

  // A maintenance window of org_a over [from, to), naming the applications
  // and products of those ids.
  static MaintenanceWindow NewMaintenanceWindow(
      std::string id, int64_t from, int64_t to, std::vector<std::string> apps,
      std::vector<std::string> products) {
    MaintenanceWindow w;
    w.id = std::move(id);
    w.organization_id = "org_a";
    w.reason = "upgrade";
    w.starts_at = from;
    w.ends_at = to;
    for (auto& a : apps) w.applications.push_back({a, ""});
    for (auto& p : products) w.products.push_back({p, ""});
    w.created_by = "alice";
    return w;
  }
  // Makes `user_id` a member of `org_id` with `role`, as an invitation
  // from the organization's owner accepted at `at` does.
  void Join(std::string org_id, std::string user_id, Role role,
            int64_t at = 20) {
    auto user = store_->GetUser(user_id);
    ASSERT_TRUE(user.ok()) << user.status().message();
    Invitation invitation{"inv_" + user_id + "_" + org_id,
                          org_id,
                          user->username,
                          role,
                          "usr_a",
                          "",
                          at,
                          at + 1000};
    ASSERT_TRUE(store_
                    ->CreateInvitation(invitation, nullptr, 1000,
                                       Audit(org_id, "invitation.created"))
                    .ok());
    auto joined = store_->AcceptInvitation(*user, invitation.id, at,
                                           Audit("", "invitation.accepted"));
    ASSERT_TRUE(joined.ok()) << joined.status().message();
  }

  // A failure (or a hit) of app_1 in org_a at `at`.
  static Event Report(bool failure, int64_t at) {
    Event e;
    e.organization_id = "org_a";
    e.application_id = "app_1";
    e.failure = failure;
    e.at = e.received_at = at;
    return e;
  }

  // Product "web" (prd_1) with application "api" (app_1) in org_a, with
  // `rules`, created at `created_at`.
  void CreateWebApp(IncidentRules rules = {}, int64_t created_at = 0) {
    ASSERT_TRUE(store_
                    ->CreateProduct(NewProduct("prd_1", "org_a", "Web", "web"),
                                    true, Audit("org_a", "p"))
                    .ok());
    Application app = NewApp("app_1", "org_a", "prd_1", "api");
    app.rules = std::move(rules);
    app.created_at = app.updated_at = created_at;
    ASSERT_TRUE(
        store_->CreateApplication(app, true, mint_, Audit("org_a", "a")).ok());
  }

  // Hits/failure credential "hits" (itk_1) in org_a; returns its
  // integration token.
  IssuedToken CreateHitsCredential() {
    IntegrationToken credential;
    credential.id = "itk_1";
    credential.organization_id = "org_a";
    credential.name = "hits";
    IssuedToken integration =
        mint_(auth::TokenKind::kIntegration, credential.id, 1, "");
    EXPECT_TRUE(store_
                    ->CreateIntegrationToken(credential, {integration},
                                             Audit("org_a", "c"))
                    .ok());
    return integration;
  }

  std::filesystem::path dir_;
  std::unique_ptr<testing::ScratchDatabase> scratch_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
  // Stand-in tokens: the store only keeps what it is given. Threads may
  // share the minter.
  std::atomic<int> minted_{0};
  TokenMinter mint_ = [this](auth::TokenKind kind,
                             const std::string& credential, int64_t generation,
                             const std::string& app) {
    IssuedToken t;
    t.token_hash = "hash-" + std::to_string(++minted_);
    t.kind = kind;
    t.organization_id = "org_a";
    t.credential_id = credential;
    t.application_id = app;
    t.generation = generation;
    t.sealed = "sealed";
    t.hint = "hint-" + std::to_string(minted_);
    return t;
  };
};

}  // namespace hookwarden
