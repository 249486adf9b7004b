// `hookwarden admin migrate-store`: a server's SQLite store copied into an
// empty PostgreSQL database (of its own on the tests' server, see
// src/storage/postgres/scratch_database.h) serves the same data and
// accepts the same tokens.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "ingest_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// The ingestion fixture on SQLite, and an empty PostgreSQL database.
class MigrateStoreTest : public IngestTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    IngestTest::SetUp();
  }

  CliResult MigrateStore() {
    return RunCli({"admin", "migrate-store", "--from",
                   "sqlite:" + server_.data_dir() + "/hookwarden.db", "--to",
                   database_.url()});
  }

  ScratchDatabase database_;
};

TEST_F(MigrateStoreTest, TheCopyServesTheSameDataAndTokens) {
  EXPECT_EQ(Hit().status, 200);
  EXPECT_EQ(Failure(json::object{{"message", "down"}}).status, 200);
  json::array before = Events();
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(server_.Stop(), 0);

  CliResult copied = MigrateStore();
  ASSERT_EQ(copied.exit_code, 0) << copied.output;
  // The failure in events, the hit in the ring.
  EXPECT_NE(copied.output.find("events\t1\n"), std::string::npos)
      << copied.output;
  EXPECT_NE(copied.output.find("hit_ring\t1\n"), std::string::npos)
      << copied.output;
  EXPECT_NE(copied.output.find("every count matches"), std::string::npos)
      << copied.output;

  ASSERT_TRUE(server_.Start({"--database", database_.url()}));
  admin_ = Login("admin", kAdminPassword);
  EXPECT_EQ(json::serialize(Events()), json::serialize(before));
  // The tokens issued before the copy still work, and new events count.
  EXPECT_EQ(Hit().status, 200);
  EXPECT_EQ(Events().size(), 3u);
  EXPECT_EQ(ApiToken(integration_token_), api_token_);

  // A second copy into the now used database changes nothing.
  CliResult again = MigrateStore();
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("not empty"), std::string::npos) << again.output;
  EXPECT_EQ(Events().size(), 3u);
}

}  // namespace
}  // namespace hookwarden::testing
