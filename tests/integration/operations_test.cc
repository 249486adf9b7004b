// Health, readiness, metrics, logs, graceful shutdown and restarts.
#include <signal.h>

#include <memory>
#include <sstream>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

using OperationsTest = ServerTest;

// The sum of the samples of `metric` whose labels contain `label`.
double SumSamples(const std::string& metrics, std::string_view metric,
                  std::string_view label) {
  double sum = 0;
  std::istringstream lines(metrics);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(std::string(metric) + "{", 0) != 0) continue;
    size_t close = line.rfind('}');
    if (line.substr(0, close).find(label) == std::string::npos) continue;
    sum += std::strtod(line.c_str() + close + 1, nullptr);
  }
  return sum;
}

TEST_F(OperationsTest, HealthAndReadiness) {
  Response health = NewClient().Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json(), json::parse(R"({"status":"ok"})"));
  EXPECT_EQ(health.header("content-type").find("application/json"), 0u);
  Response ready = NewClient().Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json(), json::parse(R"({"status":"ready"})"));
}

TEST_F(OperationsTest, MetricsCountRequestsByRouteTemplate) {
  HttpClient client = NewClient();
  std::string before = client.Get("/metrics").body;
  double not_found_before =
      SumSamples(before, "hookwarden_http_requests_total", "status=\"404\"");
  for (int i = 0; i < 3; ++i)
    admin_.Get("/api/v1/orgs/zq-unlikely-slug-" + std::to_string(i));
  admin_.Get("/api/v1/orgs/default/products");

  Response r = client.Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type").find("text/plain"), 0u)
      << r.header("content-type");
  const std::string& m = r.body;
  EXPECT_GE(SumSamples(m, "hookwarden_http_requests_total", "status=\"404\""),
            not_found_before + 3)
      << m;
  EXPECT_GE(SumSamples(m, "hookwarden_http_requests_total", "method=\"GET\""),
            4)
      << m;
  EXPECT_NE(m.find("hookwarden_http_request_duration_seconds_bucket{"),
            std::string::npos);
  EXPECT_NE(m.find("hookwarden_http_request_duration_seconds_sum"),
            std::string::npos);
  EXPECT_NE(m.find("hookwarden_http_request_duration_seconds_count"),
            std::string::npos);
  EXPECT_NE(m.find("hookwarden_http_open_connections"), std::string::npos);
  EXPECT_NE(m.find("route=\""), std::string::npos);
  // Labels carry the route template, never the path a client chose.
  EXPECT_EQ(m.find("zq-unlikely-slug"), std::string::npos);
  EXPECT_EQ(m.find("route=\"/api/v1/orgs/default/products\""),
            std::string::npos);
}

// The background jobs show they are alive: their counts grow by
// themselves, the no-data watch's once a second, the delivery worker's
// every half second.
TEST_F(OperationsTest, MetricsShowTheBackgroundJobsAtWork) {
  auto metric = [&](std::string_view name) {
    return ServerMetric(server_.port(), name);
  };
  const double checks = metric("hookwarden_no_data_checks_total");
  const double passes = metric("hookwarden_delivery_passes_total");
  ASSERT_GE(checks, 0);
  ASSERT_GE(passes, 0);
  EXPECT_EQ(metric("hookwarden_deliveries_in_flight"), 0);
  EXPECT_TRUE(WaitUntil([&] {
    return metric("hookwarden_no_data_checks_total") >= checks + 2 &&
           metric("hookwarden_delivery_passes_total") >= passes + 2;
  })) << "the background jobs' counts stopped at "
      << checks << " and " << passes;
}

TEST_F(OperationsTest, LogsAreJsonAndKeepSecretsOut) {
  std::string key = ApiKey(admin_);
  std::string cookie = admin_.cookies()["hw_session"];
  std::string csrf = admin_.csrf_token();
  AddMember(admin_, "default", "bob", "member", "Bob-secret-pa55word");
  NewClient().Login("admin", "Wrong-secret-pa55word");
  HttpClient bot = NewClient();
  bot.set_bearer(key);
  bot.Get("/api/v1/me");
  bot.set_bearer(key.substr(0, key.size() - 1) + "Q");
  bot.Get("/api/v1/me");
  ASSERT_EQ(server_.Stop(), 0);  // flushes the log

  std::string log = server_.log_text();
  ASSERT_FALSE(cookie.empty());
  ASSERT_FALSE(key.empty());
  for (const std::string& secret :
       {std::string(kAdminPassword), cookie, csrf, key, key.substr(4, 32),
        std::string("Bob-secret-pa55word"),
        std::string("Wrong-secret-pa55word")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "log holds " << secret;
  }
  std::istringstream lines(log);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    ++count;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    EXPECT_TRUE(!ec && v.is_object()) << "not a JSON object: " << line;
  }
  EXPECT_GT(count, 1);
}

TEST_F(OperationsTest, SigtermExitsCleanlyAfterAnsweringARequestInFlight) {
  RawConnection c(server_.port());
  // A first request makes sure the connection is accepted.
  ASSERT_TRUE(c.Send(BuildRequest("GET", "/healthz")));
  ASSERT_EQ(c.ReadResponse().status, 200);

  std::string body = R"({"name":"Last Words","slug":"last-words"})";
  Pairs headers{{"Cookie", "hw_session=" + admin_.cookies()["hw_session"]},
                {"X-CSRF-Token", admin_.csrf_token()},
                {"Content-Type", "application/json"}};
  ASSERT_TRUE(c.Send(BuildRequest("POST", "/api/v1/orgs", headers, body)));
  // SIGTERM must find the request read (in flight), not waiting unread in
  // the socket: a request nobody read yet is not in flight.
  ASSERT_TRUE(WaitUntil([&] { return c.ServerHasReadAll(); }))
      << "the server never read the request";
  server_.Signal(SIGTERM);
  Response r = c.ReadResponse(5000ms);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(server_.Wait(5000ms), 0);
  EXPECT_FALSE(RawConnection(server_.port()).connected())
      << "still accepting after exit";

  ASSERT_TRUE(server_.Start());
  HttpClient admin = Login("admin", kAdminPassword);
  EXPECT_EQ(admin.Get("/api/v1/orgs/last-words").status, 200)
      << "the answered request was not kept";
}

TEST_F(OperationsTest, SigtermDoesNotWaitForIdleConnections) {
  // Several of each kind: keep-alive after a request, silent, half a request.
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 8; ++i) {
    auto idle = std::make_unique<RawConnection>(server_.port());
    ASSERT_TRUE(idle->Send(BuildRequest("GET", "/healthz")));
    ASSERT_EQ(idle->ReadResponse().status, 200);
    open.push_back(std::move(idle));
    open.push_back(std::make_unique<RawConnection>(server_.port()));
    open.push_back(std::make_unique<RawConnection>(server_.port()));
    ASSERT_TRUE(open.back()->Send("GET /healthz HTTP/1.1\r\n"));
  }
  // More of each half request just before the signal: reads that complete
  // while the server starts to stop must not keep it waiting either.
  for (size_t i = 2; i < open.size(); i += 3)
    ASSERT_TRUE(open[i]->Send("Host: localhost\r\n"));

  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server_.Stop(4000ms), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4000ms);
  for (auto& c : open) EXPECT_TRUE(c->WaitClosed(1000ms));
}

TEST_F(OperationsTest, DataAndUsersSurviveARestart) {
  CreateProduct(admin_, "default", "Durable");
  AddMember(admin_, "default", "bob", "member", "Bob-pa55word-long");
  ASSERT_EQ(server_.Stop(), 0);
  // The admin password in the environment only matters on the first start.
  ASSERT_TRUE(
      server_.Start({}, {{"HOOKWARDEN_ADMIN_PASSWORD", "Other-pa55word"}}));

  HttpClient bob = Login("bob", "Bob-pa55word-long");
  EXPECT_EQ(bob.Get("/api/v1/orgs/default/products/durable").status, 200);
  EXPECT_EQ(NewClient().Login("admin", kAdminPassword).status, 200);
  EXPECT_EQ(NewClient().Login("admin", "Other-pa55word").status, 401);
}

}  // namespace
}  // namespace hookwarden::testing
