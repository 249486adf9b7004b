// Two real `hookwarden serve` processes on one PostgreSQL database: a
// credential changed through one node is rejected by the other within a
// second, even when the other remembered the token's grant.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "incidents_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class TwoNodesTest : public IncidentTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    IncidentTest::SetUp();
    std::ifstream key_file(server_.data_dir() + "/master.key");
    std::string master_key;
    ASSERT_TRUE(std::getline(key_file, master_key)) << "no master.key";
    ASSERT_TRUE(other_.Start({"--database", database_.url()},
                             {{"HOOKWARDEN_MASTER_KEY", master_key}}));
  }
  void TearDown() override { other_.Stop(); }
  std::vector<std::string> ServerArgs() const override {
    return {"--database", database_.url()};
  }

  // POST `path` to node B (other_) with `token`.
  Response PostToOther(std::string_view token, std::string_view path,
                       const json::value& body) {
    HttpClient client(other_.port());
    return client.RequestRaw("POST", path, json::serialize(body),
                             {{"Authorization", "Bearer " + std::string(token)},
                              {"Content-Type", "application/json"}});
  }
  Response HitThroughOther() {
    return PostToOther(api_token_, ReportPath(kIngestApp, "hits"),
                       json::object{});
  }
  Response DeployThroughOther() {
    return PostToOther(deploy_token_, kDeploysPath,
                       json::object{{"version", "1.0.0"}, {"id", NextId()}});
  }
  std::string NextId() { return "run-" + std::to_string(++runs_); }

  // Polls `send` until it answers 401, for at most one second from now.
  ::testing::AssertionResult RejectedWithinOneSecond(
      const std::function<Response()>& send) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    Response last;
    do {
      last = send();
      if (last.status == 401) return ::testing::AssertionSuccess();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return ::testing::AssertionFailure()
           << "still " << last.status << " after 1 s: " << last.body;
  }

  ScratchDatabase database_;
  ServerProcess other_;
  int runs_ = 0;
};

TEST_F(TwoNodesTest, ARegeneratedTokenIsRejectedByTheOtherNodeWithinASecond) {
  // Node B remembers the grant.
  for (int i = 0; i < 3; ++i) {
    Response r = HitThroughOther();
    ASSERT_EQ(r.status / 100, 2) << r.body;
  }
  Response regenerated =
      admin_.Request("POST", Path(hits_credential_id_, "/regenerate"));
  ASSERT_EQ(regenerated.status, 200) << regenerated.body;
  EXPECT_TRUE(RejectedWithinOneSecond([&] { return HitThroughOther(); }));
}

TEST_F(TwoNodesTest, ARevokedTokenIsRejectedByTheOtherNodeWithinASecond) {
  ASSERT_EQ(HitThroughOther().status / 100, 2);
  HttpClient anonymous(server_.port());
  Response revoked = anonymous.Post("/api/v1/tokens/revoke",
                                    json::object{{"token", api_token_}});
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_TRUE(RejectedWithinOneSecond([&] { return HitThroughOther(); }));
}

TEST_F(TwoNodesTest, ADeletedCredentialsTokenIsRejectedByTheOtherNode) {
  ASSERT_EQ(HitThroughOther().status / 100, 2);
  Response deleted = admin_.Delete(Path(hits_credential_id_));
  ASSERT_EQ(deleted.status / 100, 2) << deleted.body;
  EXPECT_TRUE(RejectedWithinOneSecond([&] { return HitThroughOther(); }));
}

TEST_F(TwoNodesTest, ARenamedCredentialsDeployTokenIsRejectedByTheOtherNode) {
  Response first = DeployThroughOther();
  ASSERT_EQ(first.status / 100, 2) << first.body;
  Response renamed = admin_.Patch(Path(deploy_credential_id_),
                                  json::object{{"name", "Renamed deploys"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_TRUE(RejectedWithinOneSecond([&] { return DeployThroughOther(); }));
}

}  // namespace
}  // namespace hookwarden::testing
