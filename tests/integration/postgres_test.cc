// The real binary on PostgreSQL: `hookwarden serve --database
// postgresql://...` on a database of its own on the tests' server (see
// src/storage/postgres/scratch_database.h), through a user's walk: login,
// organization, product, application, credentials, activation, hits and
// failures, an incident, the figures; then a restart, and a second server
// on the same database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "incidents_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// The incident fixture (login, product "shop", credentials, application
// "checkout", its API and deploy tokens), on PostgreSQL.
class PostgresServerTest : public IncidentTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    IncidentTest::SetUp();
  }
  std::vector<std::string> ServerArgs() const override {
    return {"--database", database_.url()};
  }

  ScratchDatabase database_;
};

TEST_F(PostgresServerTest, AUsersWalkWorksOnPostgres) {
  // Organizations and products live in PostgreSQL like the rest.
  json::value org = CreateOrg(admin_, "acme", "Acme");
  ASSERT_TRUE(org.is_object());
  ASSERT_TRUE(CreateProduct(admin_, "acme", "Web").is_object());
  Response products = admin_.Get("/api/v1/orgs/acme/products");
  ASSERT_EQ(products.status, 200) << products.body;
  EXPECT_EQ(Items(products.json(), "/products").size(), 1u) << products.body;

  // The fixture activated the API token; activating again gives the same.
  EXPECT_EQ(ApiToken(integration_token_), api_token_);

  SetRules({{"failures_to_open", 2}, {"hits_to_close", 2}});
  const int64_t base = MinuteBase(2 * kHour);
  auto at = [&](int s) { return base + s * kSecond; };
  EXPECT_TRUE(InState(SendHit(at(1)), "operational"));
  EXPECT_TRUE(InState(SendFailure(at(2), "db down"), "operational"));
  Response opened = SendFailure(at(3), "still down");
  ASSERT_TRUE(InState(opened, "incident"));
  std::string id = Str(opened.json(), "/incident/id");
  EXPECT_EQ(Str(opened.json(), "/incident/cause"), "still down");
  EXPECT_EQ(ListedIds("?status=open"), std::vector<std::string>{id});

  Response ack = admin_.Post(IncidentPath(id, "/acknowledge"), json::object());
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(Str(ack.json(), "/status"), "acknowledged");
  EXPECT_TRUE(InState(SendHit(at(4)), "incident"));
  EXPECT_TRUE(InState(SendHit(at(5)), "operational"));
  EXPECT_EQ(Str(GetIncident(id), "/status"), "resolved");

  // A repeated idempotency key counts once.
  Pairs key = {{"Idempotency-Key", "job-1"}};
  json::object keyed{{"timestamp", FormatTime(at(6))}};
  Response first = Hit(keyed, key);
  EXPECT_EQ(first.status / 100, 2) << first.body;
  EXPECT_EQ(At(first.json(), "/duplicate"), false) << first.body;
  Response again = Hit(keyed, key);
  EXPECT_EQ(again.status / 100, 2) << again.body;
  EXPECT_EQ(At(again.json(), "/duplicate"), true) << again.body;

  Response figures = AppMetrics(Window(base, base + kHour));
  ASSERT_EQ(figures.status, 200) << figures.body;
  json::value f = figures.json();
  EXPECT_EQ(NumberAt(f, "/hits"), 4) << f;  // 3 + the keyed one.
  EXPECT_EQ(NumberAt(f, "/failures"), 2) << f;
  EXPECT_EQ(NumberAt(f, "/outages"), 1) << f;
  EXPECT_EQ(NumberAt(f, "/downtime_seconds"), 2) << f;  // at(3) to at(5).

  // Everything is in the database, not in the data directory's files.
  EXPECT_FALSE(std::filesystem::exists(server_.data_dir() + "/hookwarden.db"));
  ASSERT_EQ(server_.Stop(), 0);
  ASSERT_TRUE(server_.Start(ServerArgs()));
  admin_ = Login("admin", kAdminPassword);
  EXPECT_EQ(Str(GetIncident(id), "/status"), "resolved");
  Response after = AppMetrics(Window(base, base + kHour));
  EXPECT_EQ(NumberAt(after.json(), "/hits"), 4) << after.body;
}

// Two servers on one database (with the same master key) count one
// application's events as one stream: the failures that open an incident
// may reach either.
TEST_F(PostgresServerTest, TwoServersShareOneApplicationsState) {
  SetRules({{"failures_to_open", 3}, {"hits_to_close", 1}});
  std::ifstream key_file(server_.data_dir() + "/master.key");
  std::string master_key;
  ASSERT_TRUE(std::getline(key_file, master_key)) << "no master.key";
  ServerProcess second;
  ASSERT_TRUE(second.Start({"--database", database_.url()},
                           {{"HOOKWARDEN_MASTER_KEY", master_key}}));
  auto failure_to = [&](int port, int64_t at) {
    HttpClient client(port);
    return client.RequestRaw(
        "POST", ReportPath(kIngestApp, "failures"),
        json::serialize(
            json::object{{"timestamp", FormatTime(at)}, {"message", "down"}}),
        {{"Authorization", "Bearer " + api_token_},
         {"Content-Type", "application/json"}});
  };
  const int64_t base = MinuteBase(kHour);
  EXPECT_TRUE(InState(failure_to(server_.port(), base + 1000), "operational"));
  EXPECT_TRUE(InState(failure_to(second.port(), base + 2000), "operational"));
  Response opened = failure_to(server_.port(), base + 3000);
  ASSERT_TRUE(InState(opened, "incident"));
  // The other server sees the same open incident.
  Response seen = failure_to(second.port(), base + 4000);
  ASSERT_TRUE(InState(seen, "incident"));
  EXPECT_EQ(Str(seen.json(), "/incident/id"),
            Str(opened.json(), "/incident/id"));
  EXPECT_EQ(ListIncidents().size(), 1u);
  EXPECT_EQ(second.Stop(), 0);
}

}  // namespace
}  // namespace hookwarden::testing
