// The store's status page on both backends: settings with their products,
// the badge key found by its hash only while current, what admins publish
// of incidents, and that another organization sees none of it.
#include <gtest/gtest.h>

#include "ingest/report_committer.h"
#include "storage/store.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

class StatusPageStoreTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(CreateWebApp(IncidentRules{1, 1, "sev3", 0}));
    ASSERT_TRUE(store_
                    ->CreateProduct(NewProduct("prd_2", "org_a", "Ops", "ops"),
                                    true, Audit("org_a", "p"))
                    .ok());
  }

  StatusPage Page(bool enabled, std::vector<std::string> product_ids) {
    StatusPage page;
    page.organization_id = "org_a";
    page.enabled = enabled;
    page.title = "Acme status";
    page.description = "Our services";
    for (auto& id : product_ids) page.products.push_back({id, "", ""});
    page.updated_by = "alice";
    page.updated_at = 500;
    return page;
  }

  // The id of the incident a failure of app_1 at `at` opens.
  std::string OpenIncident(int64_t at) {
    Event e = Report(true, at);
    e.message = "db password rejected at 10.0.0.5";
    auto outcomes = ingest::CommitEvents(*store_, {e});
    EXPECT_TRUE(outcomes.ok()) << outcomes.status().message();
    auto incidents = store_->ListIncidents("org_a", {});
    EXPECT_TRUE(incidents.ok() && !incidents->empty());
    return incidents.ok() && !incidents->empty() ? incidents->front().id : "";
  }
};

TEST_P(StatusPageStoreTest, AnOrganizationWithoutSettingsHasTheDefaults) {
  auto page = store_->GetStatusPage("org_a");
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_FALSE(page->enabled);
  EXPECT_EQ(page->title, "A");
  EXPECT_EQ(page->organization_slug, "a");
  EXPECT_TRUE(page->products.empty());
  EXPECT_FALSE(page->badge_key_hint);
  auto found = store_->FindStatusPage("a");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->enabled);
  EXPECT_EQ(store_->FindStatusPage("nope").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetStatusPage("org_x").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(StatusPageStoreTest, SettingsKeepTheirProductsInOrder) {
  auto saved = store_->PutStatusPage(Page(true, {"prd_2", "prd_1"}),
                                     Audit("org_a", "status_page.updated"));
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  EXPECT_TRUE(saved->enabled);
  EXPECT_EQ(saved->title, "Acme status");
  EXPECT_EQ(saved->description, "Our services");
  ASSERT_EQ(saved->products.size(), 2u);
  EXPECT_EQ(saved->products[0].slug, "ops");
  EXPECT_EQ(saved->products[1].slug, "web");
  EXPECT_EQ(saved->products[1].name, "Web");
  EXPECT_EQ(saved->updated_by, "alice");
  StatusPage fewer = Page(false, {"prd_1"});
  fewer.description.reset();
  auto again = store_->PutStatusPage(fewer, Audit("org_a", "u"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->enabled);
  EXPECT_FALSE(again->description);
  ASSERT_EQ(again->products.size(), 1u);
  EXPECT_EQ(again->products[0].id, "prd_1");
  // The other organization still has none.
  auto other = store_->GetStatusPage("org_b");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->products.empty());
  EXPECT_EQ(other->title, "B");
}

TEST_P(StatusPageStoreTest, DeletingAProductTakesItOffThePage) {
  ASSERT_TRUE(
      store_->PutStatusPage(Page(true, {"prd_1", "prd_2"}), Audit("org_a", "u"))
          .ok());
  ASSERT_TRUE(
      store_->DeleteProduct("org_a", "prd_2", Audit("org_a", "d")).ok());
  auto page = store_->GetStatusPage("org_a");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->products.size(), 1u);
  EXPECT_EQ(page->products[0].id, "prd_1");
}

TEST_P(StatusPageStoreTest, OnlyTheCurrentBadgeKeyFindsThePage) {
  auto first = store_->ReplaceBadgeKey("org_a", "hash-1", "hwb_...aaaa", 700,
                                       Audit("org_a", "k"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->badge_key_hint, "hwb_...aaaa");
  EXPECT_EQ(first->badge_key_created_at, 700);
  EXPECT_FALSE(first->enabled);  // A key alone publishes no page.
  auto found = store_->FindStatusPageByBadgeKey("hash-1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->organization_id, "org_a");
  // Saving the settings keeps the key; replacing it drops the old one.
  ASSERT_TRUE(
      store_->PutStatusPage(Page(true, {"prd_1"}), Audit("org_a", "u")).ok());
  EXPECT_TRUE(store_->FindStatusPageByBadgeKey("hash-1").ok());
  ASSERT_TRUE(store_
                  ->ReplaceBadgeKey("org_a", "hash-2", "hwb_...bbbb", 800,
                                    Audit("org_a", "k"))
                  .ok());
  EXPECT_EQ(store_->FindStatusPageByBadgeKey("hash-1").status().code(),
            ErrorCode::kNotFound);
  auto now = store_->FindStatusPageByBadgeKey("hash-2");
  ASSERT_TRUE(now.ok());
  EXPECT_TRUE(now->enabled);
  EXPECT_EQ(now->title, "Acme status");
  // An empty hash removes the key and keeps the settings.
  auto removed =
      store_->ReplaceBadgeKey("org_a", "", "", 900, Audit("org_a", "k"));
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  EXPECT_FALSE(removed->badge_key_hint.has_value());
  EXPECT_FALSE(removed->badge_key_created_at.has_value());
  EXPECT_TRUE(removed->enabled);
  EXPECT_EQ(store_->FindStatusPageByBadgeKey("hash-2").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->FindStatusPageByBadgeKey("").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(StatusPageStoreTest, PublicationsBelongToTheIncidentsOrganization) {
  std::string id = OpenIncident(1000);
  ASSERT_FALSE(id.empty());
  IncidentPublication p{"We are looking into slow checkouts.", false, "alice",
                        900};
  EXPECT_EQ(store_->PublishIncident("org_b", id, p, Audit("org_b", "x")).code(),
            ErrorCode::kNotFound);
  auto none = store_->IncidentPublications("org_a", {id});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(
      store_->PublishIncident("org_a", id, p, Audit("org_a", "x")).ok());
  p.publish_cause = true;
  p.public_note.reset();
  ASSERT_TRUE(
      store_->PublishIncident("org_a", id, p, Audit("org_a", "x")).ok());
  auto found = store_->IncidentPublications("org_a", {id, "inc_missing"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_FALSE(found->at(id).public_note);
  EXPECT_TRUE(found->at(id).publish_cause);
  auto other = store_->IncidentPublications("org_b", {id});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  // Deleting the application takes its incidents' publications along.
  ASSERT_TRUE(
      store_->DeleteApplication("org_a", "app_1", Audit("org_a", "d")).ok());
  auto gone = store_->IncidentPublications("org_a", {id});
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusPageStoreTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
