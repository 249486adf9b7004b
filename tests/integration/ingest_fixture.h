// Shared helpers for the data-plane (ingestion) tests in ingest_test.cc,
// ingest_bad_input_test.cc and ingest_crash_test.cc: a fixture that sets up
// an application able to report (a product, a hits/failure credential, a
// deploy credential, the application naming both, the API activation token
// and the deploy token), and the calls the tests make as a token holder.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "credentials_fixture.h"
#include "harness.h"

namespace hookwarden::testing {

inline constexpr std::string_view kIngestProduct = "shop";
inline constexpr std::string_view kIngestApp = "checkout";
inline constexpr std::string_view kBatchPath = "/api/v1/events";
inline constexpr std::string_view kDeploysPath = "/api/v1/deploys";

// Milliseconds since the epoch, now.
int64_t NowMillis();
// `millis` as 2026-11-26T20:26:29.123Z.
std::string FormatTime(int64_t millis);
// /api/v1/applications/<app>/<kind>, kind being "hits" or "failures".
std::string ReportPath(std::string_view app, std::string_view kind);

// Waits until `acknowledged` reaches `threshold` (at most `limit`), then
// kills `server` with SIGKILL and waits up to 10 s for it to end. Returns
// the count at the kill; `*exit_status` is what ServerProcess::Wait gave.
int KillOnceAcknowledged(ServerProcess& server,
                         const std::atomic<int>& acknowledged, int threshold,
                         std::chrono::seconds limit, int* exit_status);

// A running server (ServerTest) with, in the default organization, product
// "shop", hits/failure credential "ingest-hits", deploy credential
// "ingest-deploys" and application "checkout" naming both; `api_token_` and
// `deploy_token_` are its tokens.
class IngestTest : public CredentialTest {
 protected:
  void SetUp() override;

  // POST `path` with `Authorization: Bearer <token>` (none when `token` is
  // empty) and `body` sent as is with `content_type` (none when empty), as a
  // client that holds nothing else.
  Response PostAs(std::string_view token, std::string_view path,
                  std::string_view body,
                  std::string_view content_type = "application/json",
                  const Pairs& headers = {});
  // One event to `app` (slug or id) with the API token; without `body`, no
  // body at all.
  Response Report(std::string_view kind,
                  const std::optional<boost::json::value>& body = {},
                  const Pairs& headers = {}, std::string_view app = kIngestApp);
  Response Hit(const std::optional<boost::json::value>& body = {},
               const Pairs& headers = {}) {
    return Report("hits", body, headers);
  }
  Response Failure(const std::optional<boost::json::value>& body = {},
                   const Pairs& headers = {}) {
    return Report("failures", body, headers);
  }
  // POST /api/v1/events with the API token.
  Response Batch(std::string_view body,
                 std::string_view content_type = "application/json");
  Response Batch(const boost::json::array& items) {
    return Batch(boost::json::serialize(items));
  }
  // POST /api/v1/deploys with the deploy token.
  Response Deploy(const boost::json::value& body);

  // Every event of application "checkout" through the events list, as
  // `as`, paged by time (events with unique timestamps page cleanly). Fails
  // the test when a page cannot be read.
  boost::json::array AllEvents(HttpClient& as);
  // GET .../applications/<app>/events<query> in `org` as the admin; the test
  // fails unless it is a 200.
  boost::json::array Events(std::string_view query = "",
                            std::string_view app = kIngestApp,
                            std::string_view org = "default");
  // GET .../applications/<app>/deploys in `org` as the admin; the test
  // fails unless it is a 200.
  boost::json::array Deploys(std::string_view app = kIngestApp,
                             std::string_view org = "default");
  // The credential `id` as the list of integration tokens shows it.
  boost::json::value ListedCredential(std::string_view id);
  // Succeeds when GET /healthz answers 200 {"status":"ok"}.
  ::testing::AssertionResult Healthy();

  std::string app_id_;
  std::string hits_credential_id_;
  std::string deploy_credential_id_;
  std::string integration_token_;  // hwi_
  std::string api_token_;          // hwa_
  std::string deploy_token_;       // hwd_
};

}  // namespace hookwarden::testing
