// End-to-end tests of the reliability figures (GET .../applications/{app}/
// metrics and GET .../metrics) over a trace whose every figure is computed
// by hand, in the comments, from the definitions of src/metrics/figures.h:
// for W = [from, to),
//   availability = hits / (hits + failures);
//   downtime = time of W covered by incidents (an open one runs to
//   min(now, to)); uptime_percent = 100 · (1 − downtime / |W|);
//   outages = incidents opened in W; mttr, mtta = means over those resolved,
//   acknowledged; mtbf = (|W| − downtime) / outages;
//   deploys in W: per_day = count / days of W; change_failure_rate = share
//   failed (status failure/rollback, or an incident opened at or after it,
//   at most 60 min after it and before the next deploy); lead_time = median
//   of (deploy time − commit_at).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// What one set of figures should be. Seconds, percents, milliseconds as the
// JSON gives them; nullopt where the JSON must hold null.
struct Expected {
  int64_t hits = 0, failures = 0;
  std::optional<double> availability;
  double downtime_seconds = 0;
  double uptime_percent = 100;
  int64_t outages = 0;
  std::optional<double> mttr, mtta, mtbf;
  // latency avg, min and max exact; p95 within 5 %.
  std::optional<double> latency_avg, latency_min, latency_max, latency_p95;
  int64_t deploys = 0;
  double per_day = 0;
  std::optional<double> change_failure_rate, lead_time;
};

void ExpectNumber(const json::value& f, std::string_view pointer,
                  std::optional<double> expected, double tolerance = 1e-6) {
  json::value v = At(f, pointer);
  if (!expected) {
    EXPECT_TRUE(v.is_null())
        << pointer << " should be null in " << json::serialize(f);
    return;
  }
  ASSERT_TRUE(v.is_number())
      << pointer << " should be " << *expected << " in " << json::serialize(f);
  EXPECT_NEAR(v.to_number<double>(), *expected, tolerance)
      << pointer << " in " << json::serialize(f);
}

// Checks every figure of `f` (an application answer, a series point, or a
// row of the organization's figures).
void ExpectFigures(const json::value& f, const Expected& e) {
  ASSERT_TRUE(f.is_object()) << f;
  for (const char* key :
       {"hits", "failures", "availability", "downtime_seconds",
        "uptime_percent", "outages", "mttr_seconds", "mtta_seconds",
        "mtbf_seconds", "latency_ms", "deploys"}) {
    EXPECT_TRUE(f.as_object().contains(key)) << "no " << key << " in " << f;
  }
  EXPECT_EQ(At(f, "/hits"), e.hits) << f;
  EXPECT_EQ(At(f, "/failures"), e.failures) << f;
  ExpectNumber(f, "/availability", e.availability, 1e-9);
  ExpectNumber(f, "/downtime_seconds", e.downtime_seconds);
  ExpectNumber(f, "/uptime_percent", e.uptime_percent, 1e-6);
  EXPECT_EQ(At(f, "/outages"), e.outages) << f;
  ExpectNumber(f, "/mttr_seconds", e.mttr);
  ExpectNumber(f, "/mtta_seconds", e.mtta);
  ExpectNumber(f, "/mtbf_seconds", e.mtbf);
  ExpectNumber(f, "/latency_ms/avg", e.latency_avg, 1e-9);
  ExpectNumber(f, "/latency_ms/min", e.latency_min, 0);
  ExpectNumber(f, "/latency_ms/max", e.latency_max, 0);
  ExpectNumber(f, "/latency_ms/p95", e.latency_p95,
               e.latency_p95 ? 0.05 * *e.latency_p95 : 0);
  EXPECT_EQ(At(f, "/deploys/count"), e.deploys) << f;
  ExpectNumber(f, "/deploys/per_day", e.per_day, 1e-6);
  ExpectNumber(f, "/deploys/change_failure_rate", e.change_failure_rate, 1e-9);
  ExpectNumber(f, "/deploys/lead_time_seconds", e.lead_time);
}

// The trace, in the default organization:
//
// checkout (product shop; 1 failure opens, 1 hit closes), from H0, a whole
// UTC hour three hours back, t(m) = H0 + m minutes:
//   100 hits in the first 10 s, latencies 1, 2, ..., 100 ms
//   deploy D1 success, finished t(5), commit 2 h before      lead 7200 s
//   failure "A" at t(10) opens A; hit at t(40) resolves A    A: 10 → 40
//   failure "B" at t(70) opens B; acknowledged by the admin (now);
//   hit at t(85) resolves B                                  B: 70 → 85
//   deploy D2 success, finished t(86), commit at t(76)       lead  600 s
//   failure "C" at t(150) opens C, still open                C: 150 → …
//   deploy D3 rollback, finished t(160), commit at t(140)    lead 1200 s
// D1 failed (A opened 5 min after it, before D2); D2 did not (the next
// incident, C, opened 64 min after it); D3 failed (a rollback).
//
// payments (product billing; same rules):
//   failure "P" at t(20) opens P; hit at t(50) resolves P    P: 20 → 50
//
// product "empty" has no application.
class MetricsTest : public IncidentTest {
 protected:
  void SetUp() override {
    IncidentTest::SetUp();
    if (HasFatalFailure()) return;
    h0_ = HourBase(3 * kHour);
    ASSERT_TRUE(
        CreateProduct(admin_, "default", "Billing", "billing").is_object());
    ASSERT_TRUE(CreateProduct(admin_, "default", "Empty", "empty").is_object());
    ASSERT_TRUE(AddApp("payments", "billing").is_object());

    json::array hits;
    for (int i = 1; i <= 100; ++i) {
      hits.push_back(json::object{{"application", kIngestApp},
                                  {"status", "hit"},
                                  {"latency_ms", i},
                                  {"timestamp", FormatTime(h0_ + i * 100)}});
    }
    Response r = Batch(hits);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(At(r.json(), "/accepted"), 100) << r.body;

    ASSERT_NO_FATAL_FAILURE(AddDeploy("D1", "success", t(5), t(5) - 2 * kHour));
    ASSERT_TRUE(InState(SendFailure(t(10), "A"), "incident"));
    ASSERT_TRUE(InState(SendHit(t(40)), "operational"));
    r = SendFailure(t(70), "B");
    ASSERT_TRUE(InState(r, "incident"));
    Response ack =
        admin_.Post(IncidentPath(Str(r.json(), "/incident/id"), "/acknowledge"),
                    json::object{});
    ASSERT_EQ(ack.status, 200) << ack.body;
    b_acknowledged_at_ = TimeAt(ack.json(), "/acknowledged_at");
    ASSERT_GT(b_acknowledged_at_, t(70)) << ack.body;
    ASSERT_TRUE(InState(SendHit(t(85)), "operational"));
    ASSERT_NO_FATAL_FAILURE(AddDeploy("D2", "success", t(86), t(76)));
    ASSERT_TRUE(InState(SendFailure(t(150), "C"), "incident"));
    ASSERT_NO_FATAL_FAILURE(AddDeploy("D3", "rollback", t(160), t(140)));

    ASSERT_TRUE(InState(SendFailure(t(20), "P", "payments"), "incident"));
    ASSERT_TRUE(InState(SendHit(t(50), "payments"), "operational"));
    ASSERT_EQ(ListIncidents().size(), 4u);
  }

  int64_t t(int64_t minutes) const { return h0_ + minutes * kMinute; }

  void AddDeploy(std::string_view id, std::string_view status,
                 int64_t finished_at, int64_t commit_at) {
    Response r = Deploy(json::object{{"id", id},
                                     {"version", id},
                                     {"status", status},
                                     {"finished_at", FormatTime(finished_at)},
                                     {"commit_at", FormatTime(commit_at)}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // The application's figures over [from, to) (given as is); the test
  // fails unless it is a 200.
  json::value Figures(const std::string& query,
                      std::string_view app = kIngestApp) {
    Response r = AppMetrics(query, app);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    EXPECT_EQ(Str(r.json(), "/application"), app) << r.body;
    return r.json();
  }

  // mtta of B: the only acknowledged incident.
  double BMtta() const { return (b_acknowledged_at_ - t(70)) / 1000.0; }

  int64_t h0_ = 0;
  int64_t b_acknowledged_at_ = 0;
};

// checkout over [H0, H0 + 3 h), |W| = 10800 s.
Expected CheckoutWholeWindow(double b_mtta) {
  Expected e;
  // 100 + the hits at t(40) and t(85); failures A, B, C.
  e.hits = 102;
  e.failures = 3;
  e.availability = 102.0 / 105;
  // A 30 min + B 15 min + C from t(150) to the window's end (to ≤ now),
  // 30 min: 75 min = 4500 s.
  e.downtime_seconds = 4500;
  e.uptime_percent = 100 * (1 - 4500.0 / 10800);  // 58.33…
  e.outages = 3;
  e.mttr = (1800 + 900) / 2.0;    // A and B; C is not resolved: 1350 s
  e.mtta = b_mtta;                // B only
  e.mtbf = (10800 - 4500) / 3.0;  // 2100 s
  // 1 + 2 + … + 100 = 5050 over 100 latencies; nearest-rank p95: the
  // ceil(0.95 · 100) = 95th smallest, 95.
  e.latency_avg = 50.5;
  e.latency_min = 1;
  e.latency_max = 100;
  e.latency_p95 = 95;
  // D1, D2, D3 in 3 h = 1/8 day: 24 a day; D1 and D3 failed; lead times
  // 7200, 600, 1200: median 1200 s.
  e.deploys = 3;
  e.per_day = 3 / (3.0 / 24);
  e.change_failure_rate = 2.0 / 3;
  e.lead_time = 1200;
  return e;
}

TEST_F(MetricsTest, ApplicationFiguresOverAWholeWindow) {
  json::value f = Figures(Window(t(0), t(180)));
  EXPECT_EQ(Str(f, "/window/from"), FormatTime(t(0))) << f;
  EXPECT_EQ(Str(f, "/window/to"), FormatTime(t(180))) << f;
  EXPECT_FALSE(f.as_object().contains("series")) << f;
  ExpectFigures(f, CheckoutWholeWindow(BMtta()));

  // payments over the same window: P only.
  f = Figures(Window(t(0), t(180)), "payments");
  Expected p;
  p.hits = 1;
  p.failures = 1;
  p.availability = 0.5;
  p.downtime_seconds = 1800;                      // P: 20 → 50
  p.uptime_percent = 100 * (1 - 1800.0 / 10800);  // 83.33…
  p.outages = 1;
  p.mttr = 1800;
  p.mtbf = (10800 - 1800) / 1.0;  // 9000 s
  ExpectFigures(f, p);
}

TEST_F(MetricsTest, WindowEdgesCutIncidentsAndDeploys) {
  // [t(20), t(90)), given with seconds that the minute truncation drops.
  // |W| = 70 min = 4200 s.
  json::value f = Figures("?from=" + FormatTime(t(20) + 30 * kSecond) +
                          "&to=" + FormatTime(t(90) + 59 * kSecond + 999));
  EXPECT_EQ(Str(f, "/window/from"), FormatTime(t(20))) << f;
  EXPECT_EQ(Str(f, "/window/to"), FormatTime(t(90))) << f;
  Expected e;
  e.hits = 2;      // t(40), t(85)
  e.failures = 1;  // B at t(70)
  e.availability = 2.0 / 3;
  // A opened before the window: only its [20, 40) counts, 1200 s; B
  // [70, 85), 900 s.
  e.downtime_seconds = 2100;
  e.uptime_percent = 100 * (1 - 2100.0 / 4200);  // 50
  e.outages = 1;  // B; A opened before the window
  e.mttr = 900;
  e.mtta = BMtta();
  e.mtbf = (4200 - 2100) / 1.0;
  // D2 only, not failed: 1 in 70/1440 of a day.
  e.deploys = 1;
  e.per_day = 1 / (70.0 / 1440);  // 20.57…
  e.change_failure_rate = 0;
  e.lead_time = 600;
  ExpectFigures(f, e);

  // [t(60), t(75)), 900 s: B opened at t(70) and resolved after the window
  // ended: 300 s of it count, but its mttr is its whole 900 s.
  f = Figures(Window(t(60), t(75)));
  e = Expected();
  e.failures = 1;
  e.availability = 0;
  e.downtime_seconds = 300;
  e.uptime_percent = 100 * (1 - 300.0 / 900);  // 66.67
  e.outages = 1;
  e.mttr = 900;
  e.mtta = BMtta();
  e.mtbf = (900 - 300) / 1.0;
  ExpectFigures(f, e);

  // [t(160), t(170)): inside C, which opened before: all down, no outage;
  // D3, a rollback, failed though no incident followed it.
  f = Figures(Window(t(160), t(170)));
  e = Expected();
  e.downtime_seconds = 600;
  e.uptime_percent = 0;
  e.deploys = 1;
  e.per_day = 1 / (10.0 / 1440);  // 144
  e.change_failure_rate = 1;
  e.lead_time = 1200;
  ExpectFigures(f, e);

  // [t(0), t(60)): D1 is followed by A within the hour: failed.
  f = Figures(Window(t(0), t(60)));
  EXPECT_EQ(At(f, "/deploys/count"), 1) << f;
  ExpectNumber(f, "/deploys/change_failure_rate", 1.0);
  ExpectNumber(f, "/deploys/lead_time_seconds", 7200.0);
  // [t(80), t(120)): D2 alone, not failed: no incident within the hour.
  f = Figures(Window(t(80), t(120)));
  EXPECT_EQ(At(f, "/deploys/count"), 1) << f;
  ExpectNumber(f, "/deploys/change_failure_rate", 0.0);
}

// Without `to`, the window ends with the current minute: the open incident
// C runs until now.
TEST_F(MetricsTest, OpenIncidentRunsUntilNow) {
  int64_t before = NowMillis();
  json::value f = Figures("");
  int64_t after = NowMillis();
  // The 24 h up to the end of the current minute.
  int64_t to = TimeAt(f, "/window/to");
  EXPECT_TRUE(to == before - before % kMinute + kMinute ||
              to == after - after % kMinute + kMinute)
      << f;
  EXPECT_EQ(TimeAt(f, "/window/from"), to - kDay) << f;
  EXPECT_EQ(At(f, "/hits"), 102) << f;
  EXPECT_EQ(At(f, "/outages"), 3) << f;
  // A 1800 s + B 900 s + C from t(150) to the server's now.
  ASSERT_TRUE(NumberAt(f, "/downtime_seconds")) << f;
  double downtime = *NumberAt(f, "/downtime_seconds");
  EXPECT_GE(downtime, 2700 + (before - t(150)) / 1000.0 - 0.001) << f;
  EXPECT_LE(downtime, 2700 + (after - t(150)) / 1000.0 + 0.001) << f;
  // 3 deploys in one day.
  EXPECT_EQ(At(f, "/deploys/count"), 3) << f;
  ExpectNumber(f, "/deploys/per_day", 3.0);
}

TEST_F(MetricsTest, SeriesBucketsAddUp) {
  json::value f = Figures(Window(t(0), t(180)) + "&step=hour");
  ExpectFigures(f, CheckoutWholeWindow(BMtta()));
  json::array series = Items(f, "/series");
  ASSERT_EQ(series.size(), 3u) << f;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Str(series[i], "/from"), FormatTime(t(60 * i))) << series[i];
    EXPECT_EQ(Str(series[i], "/to"), FormatTime(t(60 * i + 60))) << series[i];
  }
  // Each hour, |W| = 3600 s; one deploy an hour is 24 a day.
  Expected first;    // [t(0), t(60))
  first.hits = 101;  // the 100 and t(40)
  first.failures = 1;
  first.availability = 101.0 / 102;
  first.downtime_seconds = 1800;  // A
  first.uptime_percent = 50;
  first.outages = 1;
  first.mttr = 1800;
  first.mtbf = (3600 - 1800) / 1.0;
  first.latency_avg = 50.5;
  first.latency_min = 1;
  first.latency_max = 100;
  first.latency_p95 = 95;
  first.deploys = 1;  // D1, failed
  first.per_day = 24;
  first.change_failure_rate = 1;
  first.lead_time = 7200;
  ExpectFigures(series[0], first);

  Expected second;  // [t(60), t(120))
  second.hits = 1;  // t(85)
  second.failures = 1;
  second.availability = 0.5;
  second.downtime_seconds = 900;  // B
  second.uptime_percent = 75;
  second.outages = 1;
  second.mttr = 900;
  second.mtta = BMtta();
  second.mtbf = (3600 - 900) / 1.0;
  second.deploys = 1;  // D2, not failed
  second.per_day = 24;
  second.change_failure_rate = 0;
  second.lead_time = 600;
  ExpectFigures(series[1], second);

  Expected third;      // [t(120), t(180))
  third.failures = 1;  // C
  third.availability = 0;
  third.downtime_seconds = 1800;  // C from t(150)
  third.uptime_percent = 50;
  third.outages = 1;
  third.mtbf = (3600 - 1800) / 1.0;
  third.deploys = 1;  // D3, a rollback
  third.per_day = 24;
  third.change_failure_rate = 1;
  third.lead_time = 1200;
  ExpectFigures(series[2], third);

  // They add up to the whole.
  int64_t hits = 0, failures = 0, outages = 0, deploys = 0;
  double downtime = 0;
  for (const json::value& point : series) {
    hits += At(point, "/hits").to_number<int64_t>();
    failures += At(point, "/failures").to_number<int64_t>();
    outages += At(point, "/outages").to_number<int64_t>();
    deploys += At(point, "/deploys/count").to_number<int64_t>();
    downtime += *NumberAt(point, "/downtime_seconds");
  }
  EXPECT_EQ(hits, 102);
  EXPECT_EQ(failures, 3);
  EXPECT_EQ(outages, 3);
  EXPECT_EQ(deploys, 3);
  EXPECT_NEAR(downtime, 4500, 1e-6);

  // By minute around A's opening: [t(9), t(12)).
  f = Figures(Window(t(9), t(12)) + "&step=minute");
  series = Items(f, "/series");
  ASSERT_EQ(series.size(), 3u) << f;
  std::vector<int64_t> failure_counts, outage_counts;
  std::vector<double> downtimes;
  for (const json::value& point : series) {
    failure_counts.push_back(At(point, "/failures").to_number<int64_t>());
    outage_counts.push_back(At(point, "/outages").to_number<int64_t>());
    downtimes.push_back(*NumberAt(point, "/downtime_seconds"));
  }
  EXPECT_EQ(failure_counts, (std::vector<int64_t>{0, 1, 0})) << f;
  EXPECT_EQ(outage_counts, (std::vector<int64_t>{0, 1, 0})) << f;
  EXPECT_EQ(downtimes, (std::vector<double>{0, 60, 60})) << f;
  EXPECT_EQ(At(f, "/failures"), 1) << f;
  ExpectNumber(f, "/downtime_seconds", 120.0);

  // By day: one bucket per UTC day the window touches, adding up too.
  f = Figures(Window(t(0), t(180)) + "&step=day");
  series = Items(f, "/series");
  size_t days = t(0) / kDay == (t(180) - 1) / kDay ? 1 : 2;
  ASSERT_EQ(series.size(), days) << f;
  EXPECT_EQ(Str(series.front(), "/from"), FormatTime(t(0))) << f;
  EXPECT_EQ(Str(series.back(), "/to"), FormatTime(t(180))) << f;
  hits = 0;
  downtime = 0;
  for (const json::value& point : series) {
    hits += At(point, "/hits").to_number<int64_t>();
    downtime += *NumberAt(point, "/downtime_seconds");
  }
  EXPECT_EQ(hits, 102);
  EXPECT_NEAR(downtime, 4500, 1e-6);
}

TEST_F(MetricsTest, OrganizationFiguresByApplicationProductAndTotal) {
  Response r = OrgMetrics(Window(t(0), t(180)));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = r.json();
  EXPECT_EQ(Str(v, "/window/from"), FormatTime(t(0))) << r.body;
  EXPECT_EQ(Str(v, "/window/to"), FormatTime(t(180))) << r.body;

  json::array apps = Items(v, "/applications");
  ASSERT_EQ(apps.size(), 2u) << r.body;
  json::value checkout = FindBy(apps, "application", kIngestApp);
  EXPECT_EQ(Str(checkout, "/product"), kIngestProduct) << checkout;
  EXPECT_EQ(Str(checkout, "/state"), "incident") << checkout;  // C is open
  ExpectFigures(checkout, CheckoutWholeWindow(BMtta()));
  json::value payments = FindBy(apps, "application", "payments");
  EXPECT_EQ(Str(payments, "/product"), "billing") << payments;
  EXPECT_EQ(Str(payments, "/state"), "operational") << payments;
  Expected p;
  p.hits = 1;
  p.failures = 1;
  p.availability = 0.5;
  p.downtime_seconds = 1800;
  p.uptime_percent = 100 * (1 - 1800.0 / 10800);
  p.outages = 1;
  p.mttr = 1800;
  p.mtbf = 9000;
  ExpectFigures(payments, p);

  json::array products = Items(v, "/products");
  ASSERT_EQ(products.size(), 3u) << r.body;
  json::value shop = FindBy(products, "product", kIngestProduct);
  EXPECT_EQ(At(shop, "/applications"), 1) << shop;
  ExpectFigures(shop, CheckoutWholeWindow(BMtta()));
  json::value billing = FindBy(products, "product", "billing");
  EXPECT_EQ(At(billing, "/applications"), 1) << billing;
  ExpectFigures(billing, p);
  json::value empty = FindBy(products, "product", "empty");
  EXPECT_EQ(At(empty, "/applications"), 0) << empty;
  ExpectFigures(empty, Expected());  // Nothing: 100 % up, all else 0/null.

  // Everything together, overlapping incidents counted once.
  Expected total;
  total.hits = 103;
  total.failures = 4;
  total.availability = 103.0 / 107;
  // A [10, 40) ∪ P [20, 50) = [10, 50), 40 min; + B 15 + C 30 = 85 min.
  total.downtime_seconds = 5100;
  total.uptime_percent = 100 * (1 - 5100.0 / 10800);  // 52.78
  total.outages = 4;
  total.mttr = (1800 + 900 + 1800) / 3.0;  // A, B, P: 1500 s
  total.mtta = BMtta();
  total.mtbf = (10800 - 5100) / 4.0;  // 1425 s
  total.latency_avg = 50.5;
  total.latency_min = 1;
  total.latency_max = 100;
  total.latency_p95 = 95;
  total.deploys = 3;
  total.per_day = 24;
  total.change_failure_rate = 2.0 / 3;
  total.lead_time = 1200;
  ExpectFigures(At(v, "/total"), total);
}

// --aggregate-retention-days 2: windows of up to two days.
class MetricsRetentionTest : public MetricsTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--aggregate-retention-days", "2"};
  }
};

TEST_F(MetricsRetentionTest, BadWindowsAre422AndChangeNothing) {
  const std::string app_path = Window(t(0), t(180));
  Response app_before = AppMetrics(app_path);
  Response org_before = OrgMetrics(app_path);
  ASSERT_EQ(app_before.status, 200) << app_before.body;
  ASSERT_EQ(org_before.status, 200) << org_before.body;

  // The start of the current minute: windows end there.
  const int64_t end = MinuteBase(0);
  struct Case {
    std::string query;
    std::string field;
  };
  const std::vector<Case> cases = {
      {Window(t(30), t(30)), "from"},
      {Window(t(30), t(20)), "from"},
      // Both in the same minute: nothing left once truncated.
      {Window(t(30) + 10 * kSecond, t(30) + 50 * kSecond), "from"},
      {"?from=yesterday", "from"},
      {"?from=" + FormatTime(t(0)) + "&to=soon", "to"},
      {"?to=2026-01-01", "to"},
      // Longer than the two days the aggregates are kept.
      {Window(end - 2 * kDay - kMinute, end), "from"},
      {Window(end - 3 * kDay, end), "from"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(AppMetrics(c.query), 422, "invalid_field", c.field))
        << "application " << c.query;
    EXPECT_TRUE(IsError(OrgMetrics(c.query), 422, "invalid_field", c.field))
        << "organization " << c.query;
  }
  // Steps: only minute, hour and day, and at most 1440 points.
  EXPECT_TRUE(IsError(AppMetrics(app_path + "&step=week"), 422, "invalid_field",
                      "step"));
  EXPECT_TRUE(
      IsError(AppMetrics(app_path + "&step="), 422, "invalid_field", "step"));
  EXPECT_TRUE(
      IsError(AppMetrics(Window(end - 1441 * kMinute, end) + "&step=minute"),
              422, "invalid_field", "step"));
  EXPECT_TRUE(IsError(AppMetrics(Window(end - 2 * kDay, end) + "&step=minute"),
                      422, "invalid_field", "step"));
  EXPECT_TRUE(
      IsError(AppMetrics("?from=nope&step=week"), 422, "invalid_field"));
  // An unknown application is a 404.
  EXPECT_TRUE(IsError(AppMetrics(app_path, "nope"), 404, "not_found"));

  // The largest windows still answer.
  Response r = AppMetrics(Window(end - 1440 * kMinute, end) + "&step=minute");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(Items(r.json(), "/series").size(), 1440u);
  EXPECT_EQ(At(r.json(), "/hits"), 102);
  r = AppMetrics(Window(end - 2 * kDay, end) + "&step=hour");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(Items(r.json(), "/series").size(), end % kHour == 0 ? 48u : 49u);
  EXPECT_EQ(OrgMetrics(Window(end - 2 * kDay, end)).status, 200);

  // Nothing changed, and the server still serves.
  EXPECT_TRUE(Healthy());
  Response app_after = AppMetrics(app_path);
  Response org_after = OrgMetrics(app_path);
  EXPECT_EQ(app_after.status, 200);
  EXPECT_EQ(app_after.body, app_before.body);
  EXPECT_EQ(org_after.status, 200);
  EXPECT_EQ(org_after.body, org_before.body);
  EXPECT_EQ(ListIncidents().size(), 4u);
}

}  // namespace
}  // namespace hookwarden::testing
