// The Store contract for ping keys and log messages, on every backend: a
// Hits/Failure credential's ping key is created, regenerated (with its grace
// window) and found like its other tokens, and activation mints one for a
// credential that has none; a log message is kept and listed with the events
// as "log", counted in no figure, changing no state, and pruned with the
// failures.
#include <gtest/gtest.h>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

class PingStoreTest : public StoreContractTest {
 protected:
  IntegrationToken Credential() {
    IntegrationToken c;
    c.id = "itk_1";
    c.organization_id = "org_a";
    c.name = "jobs";
    return c;
  }
  std::vector<IssuedToken> FirstTokens() {
    return {mint_(auth::TokenKind::kIntegration, "itk_1", 1, ""),
            mint_(auth::TokenKind::kPing, "itk_1", 1, "")};
  }
  Result<IntegrationToken> Regenerate(int64_t now, int64_t until) {
    return store_->RegenerateIntegrationToken(
        "org_a", "itk_1", std::nullopt, now, until, mint_,
        Audit("org_a", "regenerated"),
        [](OutboxWriter&, const IntegrationToken&, const IntegrationToken&,
           const std::vector<ApplicationSummary>&) { return Status::Ok(); });
  }
  Event Log(int64_t at, std::string text) {
    Event e = Report(false, at);
    e.log = true;
    e.output = std::move(text);
    return e;
  }
};

TEST_P(PingStoreTest, APingKeyLivesAndDiesWithItsCredential) {
  std::vector<IssuedToken> first = FirstTokens();
  ASSERT_TRUE(
      store_->CreateIntegrationToken(Credential(), first, Audit("org_a", "c"))
          .ok());
  auto found = store_->FindIssuedToken(first[1].token_hash, 10);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(found->kind, auth::TokenKind::kPing);
  EXPECT_EQ(found->credential_id, "itk_1");
  auto current =
      store_->CurrentIssuedToken("itk_1", auth::TokenKind::kPing, "", 10);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->token_hash, first[1].token_hash);

  // Regenerated with a grace window: the old key lives until it ends, and a
  // new one is the current.
  ASSERT_TRUE(Regenerate(100, 2000).ok());
  current =
      store_->CurrentIssuedToken("itk_1", auth::TokenKind::kPing, "", 200);
  ASSERT_TRUE(current.ok());
  EXPECT_NE(current->token_hash, first[1].token_hash);
  EXPECT_EQ(current->generation, 2);
  EXPECT_TRUE(store_->FindIssuedToken(first[1].token_hash, 1999).ok());
  EXPECT_EQ(store_->FindIssuedToken(first[1].token_hash, 2000).status().code(),
            ErrorCode::kNotFound);

  // Deleted: no key is found.
  ASSERT_TRUE(store_
                  ->DeleteIntegrationToken("org_a", "itk_1", 3000,
                                           Audit("org_a", "deleted"))
                  .ok());
  EXPECT_EQ(store_->FindIssuedToken(current->token_hash, 3001).status().code(),
            ErrorCode::kNotFound);
}

TEST_P(PingStoreTest, ActivationReturnsTheGenerationsKeyOrMintsOne) {
  // A credential made before ping keys: only its integration token.
  IssuedToken integration =
      mint_(auth::TokenKind::kIntegration, "itk_1", 1, "");
  ASSERT_TRUE(store_
                  ->CreateIntegrationToken(Credential(), {integration},
                                           Audit("org_a", "c"))
                  .ok());
  EXPECT_EQ(store_->CurrentIssuedToken("itk_1", auth::TokenKind::kPing, "", 10)
                .status()
                .code(),
            ErrorCode::kNotFound);
  auto first = store_->Activate(integration, mint_, 10, "10.0.0.1", "curl",
                                Audit("org_a", "activated"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->ping_key.kind, auth::TokenKind::kPing);
  EXPECT_EQ(first->api_token.kind, auth::TokenKind::kActivation);
  auto again = store_->Activate(integration, mint_, 20, "10.0.0.1", "curl",
                                Audit("org_a", "activated"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ping_key.token_hash, first->ping_key.token_hash);
  EXPECT_EQ(again->api_token.token_hash, first->api_token.token_hash);
  EXPECT_TRUE(store_->FindIssuedToken(first->ping_key.token_hash, 30).ok());
}

TEST_P(PingStoreTest, ALogMessageIsKeptAndChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  ingest::Report report;
  report.events.push_back(Report(true, 1000));
  report.logs.push_back(Log(2000, "step 2 of 3"));
  ASSERT_TRUE(ingest::CommitReport(*store_, std::move(report)).ok());
  ingest::Report later;
  later.logs.push_back(Log(3000, "step 3 of 3"));
  ASSERT_TRUE(ingest::CommitReport(*store_, std::move(later)).ok());

  Store::EventQuery all;
  auto events = store_->ListEvents("org_a", "app_1", all);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_TRUE((*events)[0].log);
  EXPECT_FALSE((*events)[0].failure);
  EXPECT_EQ((*events)[0].output, "step 3 of 3");
  EXPECT_EQ(StatusOf((*events)[2]), EventStatus::kFailure);
  Store::EventQuery logs;
  logs.status = EventStatus::kLog;
  EXPECT_EQ(store_->ListEvents("org_a", "app_1", logs)->size(), 2u);
  Store::EventQuery hits;
  hits.status = EventStatus::kHit;
  EXPECT_TRUE(store_->ListEvents("org_a", "app_1", hits)->empty());
  // The last report is the failure's, and only it is counted.
  EXPECT_EQ(store_->LastEventTimes("org_a")->at("app_1"), 1000);
  Store::ReliabilityQuery q;
  q.application_id = "app_1";
  q.from = 0;
  q.to = 60'000;
  q.minutes_only = true;
  auto data = store_->ReadReliabilityData(q);
  ASSERT_TRUE(data.ok());
  int64_t hits_counted = 0, failures_counted = 0;
  for (const AggregateSlice& s : data->aggregates) {
    hits_counted += s.counts.hits;
    failures_counted += s.counts.failures;
  }
  EXPECT_EQ(hits_counted, 0);
  EXPECT_EQ(failures_counted, 1);

  // Log messages go with the failures' retention.
  Store::Retention retention;
  retention.now = 2500;
  retention.failures_millis = 0;
  ASSERT_TRUE(store_->PruneEvents(retention).ok());
  events = store_->ListEvents("org_a", "app_1", all);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].at, 3000);
}

INSTANTIATE_TEST_SUITE_P(Backends, PingStoreTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
