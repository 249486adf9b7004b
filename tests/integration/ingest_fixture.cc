#include "ingest_fixture.h"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <thread>

namespace hookwarden::testing {

namespace json = boost::json;

int KillOnceAcknowledged(ServerProcess& server,
                         const std::atomic<int>& acknowledged, int threshold,
                         std::chrono::seconds limit, int* exit_status) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (acknowledged.load() < threshold &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  int at_kill = acknowledged.load();
  server.Signal(SIGKILL);
  *exit_status = server.Wait(std::chrono::seconds(10));
  return at_kill;
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTime(int64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(millis % 1000));
  return out;
}

std::string ReportPath(std::string_view app, std::string_view kind) {
  return "/api/v1/applications/" + std::string(app) + "/" + std::string(kind);
}

void IngestTest::SetUp() {
  CredentialTest::SetUp();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(
      CreateProduct(admin_, "default", "Shop", kIngestProduct).is_object());
  json::value hits = CreateCredential("hits_failure", "ingest-hits");
  json::value deploys = CreateCredential("deploy", "ingest-deploys");
  hits_credential_id_ = Str(hits, "/id");
  deploy_credential_id_ = Str(deploys, "/id");
  integration_token_ = Str(hits, "/token");
  ASSERT_TRUE(IsToken(integration_token_, "hwi_")) << hits;
  json::value app = CreateApp(admin_, "default", kIngestProduct, "Checkout",
                              {{"slug", kIngestApp},
                               {"hits_failure_credential", hits_credential_id_},
                               {"deploy_credential", deploy_credential_id_}});
  app_id_ = Str(app, "/id");
  ASSERT_FALSE(app_id_.empty()) << app;
  ASSERT_EQ(Str(app, "/hits_failure_credential/id"), hits_credential_id_)
      << app;
  ASSERT_EQ(Str(app, "/deploy_credential/id"), deploy_credential_id_) << app;
  api_token_ = ApiToken(integration_token_);
  ASSERT_TRUE(IsToken(api_token_, "hwa_")) << api_token_;
  deploy_token_ = DeployToken(kIngestApp);
  ASSERT_TRUE(IsToken(deploy_token_, "hwd_")) << deploy_token_;
}

Response IngestTest::PostAs(std::string_view token, std::string_view path,
                            std::string_view body,
                            std::string_view content_type,
                            const Pairs& headers) {
  HttpClient client = NewClient();
  Pairs all;
  if (!token.empty())
    all.emplace_back("Authorization", "Bearer " + std::string(token));
  if (!content_type.empty())
    all.emplace_back("Content-Type", std::string(content_type));
  all.insert(all.end(), headers.begin(), headers.end());
  return client.RequestRaw("POST", path, body, all);
}

Response IngestTest::Report(std::string_view kind,
                            const std::optional<json::value>& body,
                            const Pairs& headers, std::string_view app) {
  if (!body) return PostAs(api_token_, ReportPath(app, kind), "", "", headers);
  return PostAs(api_token_, ReportPath(app, kind), json::serialize(*body),
                "application/json", headers);
}

Response IngestTest::Batch(std::string_view body,
                           std::string_view content_type) {
  return PostAs(api_token_, kBatchPath, body, content_type);
}

Response IngestTest::Deploy(const json::value& body) {
  return PostAs(deploy_token_, kDeploysPath, json::serialize(body));
}

json::array IngestTest::Events(std::string_view query, std::string_view app,
                               std::string_view org) {
  std::string path = "/api/v1/orgs/" + std::string(org) + "/applications/" +
                     std::string(app) + "/events" + std::string(query);
  Response r = admin_.Get(path);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  EXPECT_TRUE(At(r.json(), "/events").is_array()) << path << ": " << r.body;
  return Items(r.json(), "/events");
}

json::array IngestTest::AllEvents(HttpClient& as) {
  json::array all;
  std::set<std::string> ids;
  std::string to;
  for (int page = 0; page < 100; ++page) {
    std::string path = std::string(kApps) + "/" + std::string(kIngestApp) +
                       "/events?limit=1000" + (to.empty() ? "" : "&to=" + to);
    Response r = as.Get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
    if (r.status != 200) break;
    json::array events = Items(r.json(), "/events");
    size_t added = 0;
    for (json::value& e : events) {
      if (ids.insert(json::serialize(At(e, "/id"))).second) {
        all.push_back(e);
        ++added;
      }
    }
    if (events.empty() || added == 0) break;
    to = Str(events.back(), "/timestamp");
  }
  return all;
}

json::array IngestTest::Deploys(std::string_view app, std::string_view org) {
  std::string path = "/api/v1/orgs/" + std::string(org) + "/applications/" +
                     std::string(app) + "/deploys";
  Response r = admin_.Get(path);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  EXPECT_TRUE(At(r.json(), "/deploys").is_array()) << path << ": " << r.body;
  return Items(r.json(), "/deploys");
}

json::value IngestTest::ListedCredential(std::string_view id) {
  Response r = admin_.Get(kTokens);
  EXPECT_EQ(r.status, 200) << r.body;
  return FindBy(Items(r.json(), "/integration_tokens"), "id", id);
}

::testing::AssertionResult IngestTest::Healthy() {
  Response r = NewClient().Get("/healthz");
  if (r.status == 200 && Str(r.json(), "/status") == "ok")
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "GET /healthz: " << r.status << " " << r.body;
}

}  // namespace hookwarden::testing
