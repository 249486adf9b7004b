// The Store contract for notification channels and their outbox, run
// against every backend: which changes queue deliveries (in their own
// transactions, for the channels that take them), and how workers claim
// and record them without ever holding one row twice at once.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

class OutboxStoreTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    if (HasFatalFailure()) return;
    CreateWebApp();
  }

  Channel NewChannel(std::string id, std::vector<std::string> events,
                     std::vector<std::string> apps = {},
                     std::string org = "org_a") {
    Channel ch;
    ch.id = std::move(id);
    ch.organization_id = std::move(org);
    ch.name = "Channel " + ch.id;
    ch.url = "https://example.com/" + ch.id;
    ch.events = std::move(events);
    ch.application_ids = std::move(apps);
    ch.signing_secret_sealed = "sealed";
    // Each incident change queued at once: grouping has its own tests.
    ch.notices.group_seconds = 0;
    return ch;
  }

  void AddChannel(const Channel& ch) {
    ASSERT_TRUE(store_->CreateChannel(ch, Audit(ch.organization_id, "c")).ok());
  }

  // Two failures in a row at `at` and `at + 1`: the second opens an
  // incident (the default rules open on the first, so it stays open).
  void Fail(int64_t at) {
    ASSERT_TRUE(ingest::CommitEvents(*store_, {Report(true, at)}).ok());
  }

  std::vector<Delivery> List(const std::string& channel) {
    auto list = store_->ListDeliveries("org_a", channel, 100);
    EXPECT_TRUE(list.ok()) << list.status().message();
    return list.ok() ? *list : std::vector<Delivery>();
  }

  static DeliveryOutcome Outcome(const ClaimedDelivery& c,
                                 std::string_view status, int64_t at) {
    DeliveryOutcome o;
    o.delivery_id = c.delivery.id;
    o.claim = c.claim;
    o.status = std::string(status);
    o.attempt.at = at;
    o.attempt.status_code = status == kDeliveryDelivered ? 200 : 500;
    o.next_attempt_at = at + 1000;
    return o;
  }
};

TEST_P(OutboxStoreTest, AnOpenedIncidentQueuesOneDeliveryPerTakingChannel) {
  AddChannel(NewChannel("chn_all", {"incident.opened"}));
  AddChannel(NewChannel("chn_app", {"incident.opened"}, {"app_1"}));
  ASSERT_TRUE(
      store_
          ->CreateApplication(NewApp("app_2", "org_a", "prd_1", "other"), true,
                              mint_, Audit("org_a", "a"))
          .ok());
  EXPECT_EQ(store_
                ->CreateChannel(
                    NewChannel("chn_gone", {"incident.opened"}, {"app_gone"}),
                    Audit("org_a", "c"))
                .code(),
            ErrorCode::kInvalid);
  AddChannel(NewChannel("chn_other_app", {"incident.opened"}, {"app_2"}));
  AddChannel(NewChannel("chn_deploys", {"deploy.created"}));
  AddChannel(NewChannel("chn_b", {"incident.opened"}, {}, "org_b"));
  Fail(1000);
  Fail(2000);  // Already open: nothing new.
  std::vector<Delivery> all = List("chn_all");
  std::vector<Delivery> app = List("chn_app");
  ASSERT_EQ(all.size(), 1u);
  ASSERT_EQ(app.size(), 1u);
  EXPECT_TRUE(List("chn_other_app").empty());
  EXPECT_TRUE(List("chn_deploys").empty());
  auto b = store_->ListDeliveries("org_b", "chn_b", 100);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->empty());
  // Another organization's channel is not found.
  EXPECT_EQ(store_->ListDeliveries("org_b", "chn_all", 100).status().code(),
            ErrorCode::kNotFound);

  const Delivery& d = all[0];
  EXPECT_EQ(d.event_type, "incident.opened");
  EXPECT_EQ(d.status, kDeliveryPending);
  EXPECT_EQ(d.created_at, 1000);
  EXPECT_EQ(d.next_attempt_at, 1000);
  EXPECT_EQ(d.event_id, app[0].event_id) << "one event, one id";
  EXPECT_NE(d.id, app[0].id);
  auto envelope = boost::json::parse(d.payload).as_object();
  EXPECT_EQ(envelope.at("id").as_string(), d.event_id);
  EXPECT_EQ(envelope.at("organization").at("slug"), "a");
  EXPECT_EQ(envelope.at("data").at("application").at("slug"), "api");
  EXPECT_EQ(envelope.at("data").at("incident").at("status"), "alarmed");
}

TEST_P(OutboxStoreTest, AnIncidentOpenedAndResolvedInOneCallSendsBoth) {
  AddChannel(NewChannel("chn_all", {"incident.opened", "incident.resolved"}));
  // The default rules: the failure opens, the hit resolves.
  ASSERT_TRUE(
      ingest::CommitEvents(*store_, {Report(true, 1000), Report(false, 2000)})
          .ok());
  std::vector<Delivery> sent = List("chn_all");
  ASSERT_EQ(sent.size(), 2u);  // Newest first.
  auto resolved = boost::json::parse(sent[0].payload);
  auto opened = boost::json::parse(sent[1].payload);
  EXPECT_EQ(sent[1].event_type, "incident.opened");
  EXPECT_EQ(opened.at("data").at("incident").at("status"), "alarmed");
  EXPECT_EQ(sent[0].event_type, "incident.resolved");
  EXPECT_EQ(resolved.at("data").at("incident").at("status"), "resolved");
  // The incident row is the final one.
  auto incidents = store_->ListIncidents("org_a", {});
  ASSERT_EQ(incidents->size(), 1u);
  EXPECT_EQ(incidents->front().status, "resolved");
  EXPECT_EQ(incidents->front().opened_at, 1000);
  EXPECT_EQ(incidents->front().resolved_at, 2000);
}

TEST_P(OutboxStoreTest, AnIncidentsDeliveriesAreListedAcrossChannelsByPage) {
  AddChannel(NewChannel("chn_now", {"incident.opened", "incident.resolved"}));
  Channel grouped =
      NewChannel("chn_grouped", {"incident.opened", "incident.resolved"});
  grouped.notices.group_seconds = 60;
  AddChannel(grouped);
  AddChannel(NewChannel("chn_b", {"incident.opened"}, {}, "org_b"));
  // The first incident opens and resolves; a second one opens after it.
  ASSERT_TRUE(
      ingest::CommitEvents(*store_, {Report(true, 1000), Report(false, 2000)})
          .ok());
  Fail(3000);
  auto incidents = store_->ListIncidents("org_a", {});
  ASSERT_TRUE(incidents.ok());
  ASSERT_EQ(incidents->size(), 2u);
  const Incident& first = incidents->back();
  ASSERT_EQ(first.opened_at, 1000);
  const std::string key = IncidentGroupKey(first.id);

  // Newest first: the resolution and the opening sent at once, and the
  // grouped channel's one delivery (its opening, turned resolved).
  auto all = store_->ListGroupDeliveries("org_a", key, 10);
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].channel_id, "chn_now");
  EXPECT_EQ((*all)[0].event_type, "incident.resolved");
  EXPECT_EQ((*all)[1].channel_id, "chn_now");
  EXPECT_EQ((*all)[1].event_type, "incident.opened");
  EXPECT_EQ((*all)[2].channel_id, "chn_grouped");
  EXPECT_EQ((*all)[2].event_type, "incident.resolved");
  EXPECT_EQ((*all)[2].status, kDeliveryPending);

  // A page at a time, from the last one shown.
  auto page = store_->ListGroupDeliveries("org_a", key, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  auto rest = store_->ListGroupDeliveries(
      "org_a", key, 2,
      OutboxStore::DeliveryPosition{page->back().created_at, page->back().id});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].id, (*all)[2].id);

  // The second incident's are its own; another organization sees none.
  auto second = store_->ListGroupDeliveries(
      "org_a", IncidentGroupKey(incidents->front().id), 10);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->size(), 2u);
  auto other = store_->ListGroupDeliveries("org_b", key, 10);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  EXPECT_TRUE(store_->ListGroupDeliveries("org_a", "", 10)->empty());
}

TEST_P(OutboxStoreTest, ClaimsHoldARowForOneWorkerUntilTheLeaseEnds) {
  AddChannel(NewChannel("chn_1", {"incident.opened"}));
  Fail(1000);
  EXPECT_TRUE(store_->ClaimDeliveries(999, 5000, "early", 10)->empty())
      << "not due yet";
  auto first = store_->ClaimDeliveries(1000, 5000, "worker-1", 10);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].channel.id, "chn_1");
  EXPECT_EQ((*first)[0].claim, "worker-1");
  // Held: another worker gets nothing until the lease ends, then takes it.
  EXPECT_TRUE(store_->ClaimDeliveries(4999, 9000, "worker-2", 10)->empty());
  auto second = store_->ClaimDeliveries(5000, 9000, "worker-2", 10);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  // The first worker's hold is gone: its result is not recorded.
  EXPECT_EQ(store_
                ->RecordDeliveryAttempt(
                    Outcome((*first)[0], kDeliveryDelivered, 5001))
                .code(),
            ErrorCode::kNotFound);
  // The second worker's is: a retry later, then delivered.
  ASSERT_TRUE(
      store_
          ->RecordDeliveryAttempt(Outcome((*second)[0], kDeliveryPending, 5002))
          .ok());
  EXPECT_TRUE(store_->ClaimDeliveries(6001, 9000, "worker-3", 10)->empty());
  auto third = store_->ClaimDeliveries(6002, 9000, "worker-3", 10);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ((*third)[0].delivery.attempt_count, 1);
  ASSERT_TRUE(store_
                  ->RecordDeliveryAttempt(
                      Outcome((*third)[0], kDeliveryDelivered, 6003))
                  .ok());
  EXPECT_TRUE(store_->ClaimDeliveries(99999, 999999, "late", 10)->empty());
  std::vector<Delivery> list = List("chn_1");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].status, kDeliveryDelivered);
  EXPECT_EQ(list[0].attempt_count, 2);
  EXPECT_EQ(list[0].finished_at, 6003);
  ASSERT_EQ(list[0].attempts.size(), 2u);
  EXPECT_EQ(list[0].attempts[0].status_code, 500);
  EXPECT_EQ(list[0].attempts[1].at, 6003);
}

TEST_P(OutboxStoreTest, ChannelsNameTheirSecretsAndGoWithTheirDeliveries) {
  Secret s;
  s.organization_id = "org_a";
  s.name = "TOKEN";
  s.sealed = "sealed";
  ASSERT_TRUE(store_->CreateSecret(s, Audit("org_a", "s")).ok());
  Channel ch = NewChannel("chn_1", {"incident.opened"});
  ch.secret_names = {"MISSING"};
  Status missing = store_->CreateChannel(ch, Audit("org_a", "c"));
  EXPECT_EQ(missing.code(), ErrorCode::kInvalid);
  EXPECT_NE(missing.message().find("MISSING"), std::string::npos);
  ch.secret_names = {"TOKEN"};
  AddChannel(ch);
  EXPECT_EQ(store_->CreateChannel(ch, Audit("org_a", "c")).code(),
            ErrorCode::kConflict);
  auto secret = store_->GetSecret("org_a", "TOKEN");
  ASSERT_TRUE(secret.ok());
  ASSERT_EQ(secret->used_by.size(), 1u);
  EXPECT_EQ(secret->used_by[0].name, "Channel chn_1");
  EXPECT_EQ(
      store_->DeleteSecret("org_a", "TOKEN", false, Audit("org_a", "d")).code(),
      ErrorCode::kConflict);

  Fail(1000);
  ASSERT_EQ(List("chn_1").size(), 1u);
  EXPECT_EQ(store_->DeleteChannel("org_b", "chn_1", Audit("org_b", "d")).code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(
      store_->DeleteChannel("org_a", "chn_1", Audit("org_a", "d")).ok());
  EXPECT_TRUE(store_->ClaimDeliveries(99999, 999999, "w", 10)->empty());
  secret = store_->GetSecret("org_a", "TOKEN");
  EXPECT_TRUE(secret->used_by.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
