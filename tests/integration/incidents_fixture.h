// Shared helpers for the incident, reliability-figure and no-data tests
// (incidents_test.cc, metrics_api_test.cc, no_data_test.cc): the ingestion
// fixture plus the calls those tests make about an application's rules, its
// incidents and its figures, and a few conversions of times and numbers.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest_fixture.h"

namespace hookwarden::testing {

inline constexpr int64_t kSecond = 1000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

// The milliseconds of 2026-11-26T20:26:29.123Z (the server's format, or
// without the fraction), or nullopt when `text` is not one.
std::optional<int64_t> ParseTime(std::string_view text);
// ParseTime of the string at `pointer` in `v`; -1 when absent or not a time.
int64_t TimeAt(const boost::json::value& v, std::string_view pointer);
// The number at `pointer` in `v`, or nullopt when absent, null or not a
// number.
std::optional<double> NumberAt(const boost::json::value& v,
                               std::string_view pointer);
// Now truncated to the minute (or hour), minus `back`.
int64_t MinuteBase(int64_t back);
int64_t HourBase(int64_t back);

// Succeeds when `r` is a 200 whose body says the application is in `state`
// ("operational" or "incident"), with `incident` null exactly when
// operational.
::testing::AssertionResult InState(const Response& r, std::string_view state);
// The same for one object holding `state` and `incident`.
::testing::AssertionResult StateOf(const boost::json::value& v,
                                   std::string_view state);

// The ingestion fixture, plus the calls of the incident and figure tests,
// in the default organization as the admin unless told otherwise.
class IncidentTest : public IngestTest {
 protected:
  // PATCH the application's rules (any of failures_to_open, hits_to_close,
  // severity, no_data_timeout_seconds); the test fails unless it is a 200.
  boost::json::value SetRules(const boost::json::object& rules,
                              std::string_view app = kIngestApp);
  // Creates another application `slug` in product `product` (which must
  // exist) reporting with the same hits/failure credential as "checkout",
  // with `rules`; returns it (null on failure).
  boost::json::value AddApp(std::string_view slug, std::string_view product,
                            boost::json::object rules = {});
  // One hit or failure to `app` at the client timestamp `at`, with `message`
  // when not empty.
  Response Send(bool failure, int64_t at, std::string_view message = "",
                std::string_view app = kIngestApp);
  Response SendHit(int64_t at, std::string_view app = kIngestApp) {
    return Send(false, at, "", app);
  }
  Response SendFailure(int64_t at, std::string_view message,
                       std::string_view app = kIngestApp) {
    return Send(true, at, message, app);
  }

  // /api/v1/orgs/<org>/incidents[/<id><suffix>]
  static std::string IncidentsPath(std::string_view org = "default");
  static std::string IncidentPath(std::string_view id,
                                  std::string_view suffix = "",
                                  std::string_view org = "default");
  // GET .../incidents<query> as the admin; the test fails unless it is a
  // 200 {"items":[...]}.
  boost::json::array ListIncidents(std::string_view query = "");
  // Polls the incidents listed for `query` until there are at least
  // `count`, or `timeout` passes; returns the last list.
  boost::json::array WaitForIncidents(
      std::string_view query, size_t count,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(15000));
  // The incidents' ids, in the order listed.
  std::vector<std::string> ListedIds(std::string_view query = "");
  // GET .../incidents/<id> as the admin; the test fails unless it is 200.
  boost::json::value GetIncident(std::string_view id);
  // GET .../applications/<app> as the admin; the test fails unless 200.
  boost::json::value GetApp(std::string_view app = kIngestApp);

  // GET .../applications/<app>/metrics<query> and .../metrics<query>.
  Response AppMetrics(std::string_view query,
                      std::string_view app = kIngestApp);
  Response OrgMetrics(std::string_view query);
  // "?from=<from>&to=<to>" with both formatted.
  static std::string Window(int64_t from, int64_t to);
};

}  // namespace hookwarden::testing
