// The server under more load than it may hold: request bytes in flight past
// --max-inflight-bytes and connections past --max-connections are refused
// with 503 and Retry-After before anything is stored, a slow body is cut by
// --body-timeout, and the control plane keeps answering meanwhile.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "ingest_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr int kBudget = 256 * 1024;
constexpr std::string_view kDataInflight =
    "hookwarden_http_inflight_bytes{plane=\"data\"}";

class OverloadTest : public IngestTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--max-inflight-bytes", std::to_string(kBudget),
            "--max-connections",    "8",
            "--body-timeout",       "2",
            "--token-rate-limit",   "0"};
  }

  // A batch of `n` events of "checkout" as JSON text: every other one a
  // failure, each with a message that makes it about `item_bytes` long.
  static std::string BatchBody(int n, size_t item_bytes) {
    json::array items;
    for (int i = 0; i < n; ++i) {
      items.push_back(json::object{{"application", kIngestApp},
                                   {"status", i % 2 ? "hit" : "failure"},
                                   {"message", std::string(item_bytes, 'x')}});
    }
    return json::serialize(items);
  }

  // The events "checkout" holds, by its figures (hits and failures alike).
  int64_t StoredEvents() {
    Response r = admin_.Get(std::string(kApps) + "/" + std::string(kIngestApp) +
                            "/metrics");
    EXPECT_EQ(r.status, 200) << r.body;
    auto hits = At(r.json(), "/hits");
    auto failures = At(r.json(), "/failures");
    if (!hits.is_int64() || !failures.is_int64()) {
      ADD_FAILURE() << r.body;
      return -1;
    }
    return hits.as_int64() + failures.as_int64();
  }

  // A connection that sent a batch's headers and part of its body, and so
  // holds `length` bytes of the budget until it is closed.
  std::unique_ptr<RawConnection> HoldBytes(size_t length) {
    auto c = std::make_unique<RawConnection>(server_.port());
    EXPECT_TRUE(c->connected());
    std::string head =
        "POST /api/v1/events HTTP/1.1\r\nHost: t\r\n"
        "Authorization: Bearer " +
        api_token_ +
        "\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(length) + "\r\n\r\n[";
    EXPECT_TRUE(c->Send(head));
    return c;
  }

  // The value of the sample `name` (with its labels) in /metrics, or -1.
  double Metric(std::string_view name) {
    Response r = NewClient().Get("/metrics");
    EXPECT_EQ(r.status, 200);
    std::string needle = std::string(name) + " ";
    size_t at = r.body.find("\n" + needle);
    if (at == std::string::npos) return -1;
    return std::stod(r.body.substr(at + 1 + needle.size()));
  }

  // Waits (10 s at most) until the sample `name` in /metrics is `value`,
  // and returns what it last was.
  double WaitForMetric(std::string_view name, double value) {
    double seen = Metric(name);
    for (int i = 0; i < 1000 && seen != value; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      seen = Metric(name);
    }
    return seen;
  }
};

::testing::AssertionResult IsOverloaded(const Response& r,
                                        std::string_view code) {
  if (r.status != 503) {
    return ::testing::AssertionFailure() << r.status << " " << r.body;
  }
  if (Str(r.json(), "/error/code") != code) {
    return ::testing::AssertionFailure() << "code: " << r.body;
  }
  if (r.header("retry-after").empty() || std::stoi(r.header("retry-after")) < 1)
    return ::testing::AssertionFailure() << "no Retry-After";
  return ::testing::AssertionSuccess();
}

TEST_F(OverloadTest, BytesPastTheBudgetAreRefusedBeforeTheirBodyIsRead) {
  // Two slow uploads hold 200 KB of the 256 KiB.
  auto first = HoldBytes(100'000);
  auto second = HoldBytes(100'000);
  std::string body = BatchBody(200, 400);  // About 90 KB.
  ASSERT_GT(body.size(), static_cast<size_t>(kBudget) - 200'000);
  // Once the server has taken the two uploads' headers:
  ASSERT_EQ(WaitForMetric(kDataInflight, 200'000), 200'000);

  Response refused = Batch(body);
  EXPECT_TRUE(IsOverloaded(refused, "too_many_bytes_in_flight"));
  EXPECT_EQ(StoredEvents(), 0);
  // A small report still fits, and the control plane is not touched.
  EXPECT_EQ(Hit().status, 200);
  EXPECT_TRUE(Healthy());
  EXPECT_EQ(NewClient().Get("/readyz").status, 200);
  EXPECT_EQ(Login("admin", kAdminPassword).csrf_token().empty(), false);
  EXPECT_EQ(
      Metric("hookwarden_refused_total{reason=\"too_many_bytes_in_flight\"}"),
      1);

  // Once the uploads go, the same batch is taken.
  first->Close();
  second->Close();
  Response taken = Batch(body);
  for (int i = 0; i < 500 && taken.status == 503; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    taken = Batch(body);
  }
  EXPECT_EQ(taken.status, 200) << taken.body.substr(0, 300);
  EXPECT_EQ(StoredEvents(), 201);
  EXPECT_EQ(WaitForMetric(kDataInflight, 0), 0);
}

TEST_F(OverloadTest, ABodyLargerThanTheWholeBudgetIsServedAlone) {
  std::string body = BatchBody(700, 400);  // About 320 KB: over 256 KiB.
  ASSERT_GT(body.size(), static_cast<size_t>(kBudget));
  Response r = Batch(body);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(StoredEvents(), 700);
  // Served alone, and all of the budget given back after.
  EXPECT_EQ(WaitForMetric(kDataInflight, 0), 0);
}

TEST_F(OverloadTest, AFloodStoresExactlyWhatWasAcknowledged) {
  constexpr int kClients = 12, kBatches = 4, kItems = 150;
  std::string body = BatchBody(kItems, 400);  // About 68 KB: 3 fit at once.
  std::atomic<int> accepted{0}, refused{0}, other{0}, healthy{0}, unhealthy{0};
  std::atomic<bool> flooding{true};
  // The control plane answers throughout, and the bytes held never pass
  // the budget.
  std::atomic<double> most_held{0};
  std::thread health([&] {
    while (flooding) {
      (NewClient().Get("/healthz").status == 200 ? healthy : unhealthy)++;
      most_held = std::max(most_held.load(), Metric(kDataInflight));
    }
  });
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      for (int b = 0; b < kBatches; ++b) {
        Response r = Batch(body);
        if (r.status == 200 && At(r.json(), "/accepted") == kItems) {
          ++accepted;
        } else if (IsOverloaded(r, "too_many_bytes_in_flight") ||
                   IsOverloaded(r, "too_many_connections")) {
          ++refused;
        } else {
          if (++other == 1) ADD_FAILURE() << r.status << " " << r.body;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  flooding = false;
  health.join();
  EXPECT_EQ(other, 0);
  EXPECT_EQ(accepted + refused, kClients * kBatches);
  EXPECT_GT(accepted, 0);
  // A 2xx means stored; a 503 means nothing stored.
  EXPECT_EQ(StoredEvents(), static_cast<int64_t>(accepted) * kItems);
  EXPECT_GT(healthy, 0);
  EXPECT_EQ(unhealthy, 0);
  EXPECT_LE(most_held.load(), kBudget);
  EXPECT_EQ(WaitForMetric(kDataInflight, 0), 0);
}

TEST_F(OverloadTest, ConnectionsPastTheCapGetTheControlPlaneOnly) {
  EXPECT_EQ(Metric("hookwarden_http_max_connections"), 8);
  // Eight kept-alive connections, each served once: the cap is reached.
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 8; ++i) {
    held.push_back(std::make_unique<RawConnection>(server_.port()));
    ASSERT_TRUE(held.back()->Send(BuildRequest("GET", "/healthz")));
    ASSERT_EQ(held.back()->ReadResponse().status, 200);
  }
  // A ninth: the health check and the UI still answer ...
  EXPECT_TRUE(Healthy());
  EXPECT_EQ(NewClient().Get("/").status, 200);
  // ... a report does not, and nothing of it is stored.
  EXPECT_TRUE(IsOverloaded(Hit(), "too_many_connections"));
  EXPECT_EQ(StoredEvents(), 0);
  // An existing connection is still served, reports included.
  std::string hit = BuildRequest("POST", ReportPath(kIngestApp, "hits"),
                                 {{"Authorization", "Bearer " + api_token_},
                                  {"Content-Type", "application/json"}},
                                 "{}");
  ASSERT_TRUE(held.front()->Send(hit));
  EXPECT_EQ(held.front()->ReadResponse().status, 200);
  EXPECT_EQ(StoredEvents(), 1);
  // Below the cap again, reports are taken on new connections.
  held.clear();
  Response r = Hit();
  for (int i = 0; i < 500 && r.status == 503; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    r = Hit();
  }
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(OverloadTest, PastTheControlReserveAConnectionIsAnsweredAtOnce) {
  // The cap (8) and the control-plane reserve (64), all idle.
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 8 + 64; ++i) {
    held.push_back(std::make_unique<RawConnection>(server_.port()));
    ASSERT_TRUE(held.back()->connected());
  }
  // Accepted in order: the next one is past both, whatever it would ask.
  RawConnection late(server_.port());
  Response r = late.ReadResponse();
  EXPECT_TRUE(IsOverloaded(r, "too_many_connections"));
  std::string rest;
  EXPECT_TRUE(late.WaitClosed(std::chrono::seconds(10), &rest));
  held.clear();
  // Served again once the server has seen the held connections close.
  Response again = NewClient().Get("/healthz");
  for (int i = 0; i < 500 && again.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    again = NewClient().Get("/healthz");
  }
  EXPECT_EQ(again.status, 200);
  EXPECT_GE(Metric("hookwarden_refused_total{reason=\"too_many_connections\"}"),
            1);
}

// The allocator's caches are bounded too: a long-running server's memory
// stays flat once they are warm (bench/soak measures it).
// (A sanitized server runs on the sanitizer's allocator: no such caches.)
TEST_F(OverloadTest, TheAllocatorsCachesAreBounded) {
  EXPECT_EQ(Metric("hookwarden_allocator_thread_cache_limit_bytes"),
            HOOKWARDEN_TCMALLOC ? 4 << 20 : 0);
}

TEST_F(OverloadTest, ABodySentAByteASecondIsCutByTheBodyTimeout) {
  auto slow = HoldBytes(1000);
  bool closed = false;
  auto started = std::chrono::steady_clock::now();
  // One byte a second, for at most 20 s; --body-timeout is 2 s.
  for (int i = 0; i < 20 && !closed; ++i) {
    if (!slow->Send("{")) break;
    std::string received;
    closed = slow->WaitClosed(std::chrono::seconds(1), &received);
  }
  EXPECT_TRUE(closed || !slow->Send("{"))
      << "still open after "
      << std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now() - started)
             .count()
      << " s";
  // Its bytes are given back, and nothing of it was stored.
  EXPECT_EQ(WaitForMetric(kDataInflight, 0), 0);
  EXPECT_EQ(StoredEvents(), 0);
  EXPECT_EQ(Hit().status, 200);
}

}  // namespace
}  // namespace hookwarden::testing
