// End-to-end tests of the data plane's good paths: hits, failures, batches
// and deploys as docs/api.md describes them, read back through the events
// and deploys lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// Succeeds when `r` is the documented answer to one accepted (or, with
// `duplicate`, repeated) event of `status` for application `slug`.
::testing::AssertionResult Accepted(const Response& r, std::string_view status,
                                    bool duplicate = false,
                                    std::string_view slug = kIngestApp) {
  json::value v = r.json();
  if (r.status == 200 && At(v, "/accepted") == (duplicate ? 0 : 1) &&
      At(v, "/duplicate") == duplicate && Str(v, "/application") == slug &&
      Str(v, "/status") == status && IsTimestamp(Str(v, "/timestamp")) &&
      r.header("content-type").find("application/json") == 0) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected 200 {accepted: " << (duplicate ? 0 : 1)
         << ", duplicate: " << duplicate << ", application: " << slug
         << ", status: " << status << ", timestamp}, got " << r.status << " "
         << r.body;
}

std::vector<std::string> Field(const json::array& events,
                               std::string_view pointer) {
  std::vector<std::string> out;
  for (const json::value& e : events) out.push_back(Str(e, pointer));
  return out;
}

std::set<std::string> Messages(const json::array& events) {
  std::set<std::string> out;
  for (const json::value& e : events) out.insert(Str(e, "/message"));
  return out;
}

// True when the events' timestamps never increase.
bool NewestFirst(const json::array& events) {
  std::vector<std::string> times = Field(events, "/timestamp");
  return std::is_sorted(times.rbegin(), times.rend());
}

std::vector<int64_t> RejectedIndexes(const Response& r) {
  std::vector<int64_t> out;
  for (const json::value& item : Items(r.json(), "/rejected")) {
    json::value index = At(item, "/index");
    out.push_back(index.is_int64() ? index.as_int64() : -1);
  }
  return out;
}

json::value RejectedAt(const Response& r, int64_t index) {
  for (const json::value& item : Items(r.json(), "/rejected")) {
    if (At(item, "/index") == index) return item;
  }
  return json::value();
}

TEST_F(IngestTest, HitsAndFailuresWithAndWithoutBodyBySlugAndId) {
  EXPECT_TRUE(Accepted(Hit(), "hit"));
  EXPECT_TRUE(Accepted(Failure(), "failure"));
  EXPECT_TRUE(Accepted(
      Hit(json::object{{"latency_ms", 12.5}, {"message", "fine"}}), "hit"));
  // By id: the answer still names the application by its slug.
  EXPECT_TRUE(Accepted(
      Report("failures",
             json::object{{"latency_ms", 250}, {"message", "timed out"}}, {},
             app_id_),
      "failure"));
  EXPECT_TRUE(Accepted(
      Report("hits", json::object{{"message", "by id"}}, {}, app_id_), "hit"));
  // An empty JSON object is a body without fields.
  EXPECT_TRUE(Accepted(Failure(json::object{}), "failure"));

  json::array events = Events();
  ASSERT_EQ(events.size(), 6u) << events;
  EXPECT_TRUE(NewestFirst(events)) << events;
  // Sent one after the other, so newest first is the reverse order.
  EXPECT_EQ(Field(events, "/status"),
            (std::vector<std::string>{"failure", "hit", "failure", "hit",
                                      "failure", "hit"}))
      << events;
  EXPECT_EQ(
      Field(events, "/message"),
      (std::vector<std::string>{"", "by id", "timed out", "fine", "", ""}))
      << events;
  for (const json::value& e : events) {
    EXPECT_FALSE(Str(e, "/id").empty() && !At(e, "/id").is_int64()) << e;
    EXPECT_TRUE(IsTimestamp(Str(e, "/timestamp"))) << e;
    EXPECT_TRUE(IsTimestamp(Str(e, "/received_at"))) << e;
    EXPECT_TRUE(At(e, "/latency_ms").is_number() ||
                At(e, "/latency_ms").is_null())
        << e;
  }
  EXPECT_EQ(At(events[2], "/latency_ms").to_number<double>(), 250) << events;
  EXPECT_EQ(At(events[3], "/latency_ms").to_number<double>(), 12.5) << events;
  EXPECT_TRUE(At(events[0], "/latency_ms").is_null()) << events;
  EXPECT_TRUE(At(events[0], "/message").is_null()) << events;
  EXPECT_TRUE(At(events[5], "/latency_ms").is_null()) << events;
  EXPECT_TRUE(At(events[5], "/message").is_null()) << events;
  // Ids are distinct.
  std::set<std::string> ids;
  for (const json::value& e : events) ids.insert(json::serialize(At(e, "/id")));
  EXPECT_EQ(ids.size(), events.size()) << events;
}

TEST_F(IngestTest, EveryRoutedAnswerCarriesItsRequestsId) {
  // The client's own id, when it is a safe one, comes back as it was.
  Response hit = Hit(json::object{{"message", "traced"}},
                     {{"X-Request-Id", "trace-7.a_B"}});
  EXPECT_TRUE(Accepted(hit, "hit"));
  EXPECT_EQ(hit.header("X-Request-Id"), "trace-7.a_B");
  // Otherwise the server names it; a refusal carries one too, and so does
  // an answer of the control plane.
  Response named = Hit();
  EXPECT_TRUE(Accepted(named, "hit"));
  Response refused = Hit(json::object{{"latency_ms", "slow"}},
                         {{"X-Request-Id", "has spaces; and more"}});
  EXPECT_EQ(refused.status, 422);
  Response healthz = NewClient().Get("/healthz");
  std::vector<std::string> ids = {named.header("X-Request-Id"),
                                  refused.header("X-Request-Id"),
                                  healthz.header("X-Request-Id")};
  for (const std::string& id : ids) {
    EXPECT_FALSE(id.empty());
    EXPECT_EQ(id.find(' '), std::string::npos) << id;
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_NE(ids[1], ids[2]);
  EXPECT_NE(ids[0], ids[2]);
}

TEST_F(IngestTest, ExplicitTimestampIsKept) {
  std::string at = FormatTime(NowMillis() - 2 * 3600 * 1000 + 123);
  Response r = Failure(json::object{{"timestamp", at}, {"message", "past"}});
  EXPECT_TRUE(Accepted(r, "failure"));
  EXPECT_EQ(Str(r.json(), "/timestamp"), at) << r.body;
  // A timestamp a minute ahead is within the 5 minutes allowed.
  std::string ahead = FormatTime(NowMillis() + 60 * 1000);
  r = Hit(json::object{{"timestamp", ahead}, {"message", "ahead"}});
  EXPECT_TRUE(Accepted(r, "hit"));
  EXPECT_EQ(Str(r.json(), "/timestamp"), ahead) << r.body;

  json::array events = Events();
  ASSERT_EQ(events.size(), 2u) << events;
  EXPECT_EQ(Str(events[0], "/message"), "ahead") << events;
  EXPECT_EQ(Str(events[0], "/timestamp"), ahead) << events;
  EXPECT_EQ(Str(events[1], "/message"), "past") << events;
  EXPECT_EQ(Str(events[1], "/timestamp"), at) << events;
  // received_at is when it arrived, not the reported time.
  EXPECT_NE(Str(events[1], "/received_at"), at) << events;
  EXPECT_GT(Str(events[1], "/received_at"), at) << events;
}

TEST_F(IngestTest, EventsListFiltersByStatusTimeAndLimit) {
  int64_t base = NowMillis() - 3600 * 1000;
  base -= base % 1000;
  const int64_t minute = 60 * 1000;
  // hit at +0, failure at +1 min, hit at +2, failure at +3, hit at +4.
  for (int i = 0; i < 5; ++i) {
    std::string message = "e";
    message += std::to_string(i);
    json::object body{{"timestamp", FormatTime(base + i * minute)},
                      {"message", message},
                      {"latency_ms", i * 10}};
    Response r = i % 2 ? Failure(body) : Hit(body);
    ASSERT_TRUE(Accepted(r, i % 2 ? "failure" : "hit"));
  }

  json::array all = Events();
  EXPECT_EQ(Field(all, "/message"),
            (std::vector<std::string>{"e4", "e3", "e2", "e1", "e0"}))
      << all;
  EXPECT_TRUE(NewestFirst(all)) << all;
  EXPECT_EQ(Field(Events("?status=failure"), "/message"),
            (std::vector<std::string>{"e3", "e1"}));
  EXPECT_EQ(Field(Events("?status=hit"), "/message"),
            (std::vector<std::string>{"e4", "e2", "e0"}));
  EXPECT_EQ(Field(Events("?limit=2"), "/message"),
            (std::vector<std::string>{"e4", "e3"}));
  EXPECT_EQ(Field(Events("?limit=1"), "/message"),
            (std::vector<std::string>{"e4"}));
  // Bounds between events, so that inclusiveness does not matter.
  std::string from = FormatTime(base + minute / 2);
  std::string to = FormatTime(base + 2 * minute + minute / 2);
  EXPECT_EQ(Field(Events("?from=" + from + "&to=" + to), "/message"),
            (std::vector<std::string>{"e2", "e1"}));
  EXPECT_EQ(Field(Events("?from=" + from), "/message"),
            (std::vector<std::string>{"e4", "e3", "e2", "e1"}));
  EXPECT_EQ(Field(Events("?to=" + to), "/message"),
            (std::vector<std::string>{"e2", "e1", "e0"}));
  EXPECT_EQ(Field(Events("?status=hit&from=" + from + "&to=" + to), "/message"),
            (std::vector<std::string>{"e2"}));
  EXPECT_EQ(
      Field(Events("?status=failure&from=" + from + "&limit=1"), "/message"),
      (std::vector<std::string>{"e3"}));
  EXPECT_TRUE(
      Events("?from=" + FormatTime(base + 5 * minute) + "&status=hit").empty());
}

TEST_F(IngestTest, LongMessageIsCutToOneKibibyte) {
  // Exactly 1 KiB is kept whole.
  std::string exact(1024, 'x');
  Response r = Failure(json::object{{"message", exact}});
  EXPECT_TRUE(Accepted(r, "failure"));
  EXPECT_NE(At(r.json(), "/message_truncated"), json::value(true)) << r.body;

  // One byte more is cut to 1 KiB and says so.
  std::string over = std::string(1024, 'y') + "z";
  r = Failure(json::object{{"message", over}});
  EXPECT_TRUE(Accepted(r, "failure"));
  EXPECT_EQ(At(r.json(), "/message_truncated"), json::value(true)) << r.body;

  // A two-byte character across the 1 KiB mark is dropped whole.
  std::string across = std::string(1023, 'w') + "\xC3\xA9" + "tail";
  r = Failure(json::object{{"message", across}});
  EXPECT_TRUE(Accepted(r, "failure"));
  EXPECT_EQ(At(r.json(), "/message_truncated"), json::value(true)) << r.body;

  // 64 KiB is still accepted (and cut); one byte more is refused.
  std::string largest(64 * 1024, 'v');
  r = Failure(json::object{{"message", largest}});
  EXPECT_TRUE(Accepted(r, "failure"));
  EXPECT_EQ(At(r.json(), "/message_truncated"), json::value(true)) << r.body;
  r = Failure(json::object{{"message", std::string(64 * 1024 + 1, 'u')}});
  EXPECT_TRUE(IsError(r, 422, "invalid_field", "message"));

  json::array events = Events("?status=failure");
  ASSERT_EQ(events.size(), 4u) << events;
  EXPECT_EQ(Str(events[3], "/message"), exact);
  EXPECT_EQ(Str(events[2], "/message"), std::string(1024, 'y'));
  EXPECT_EQ(Str(events[1], "/message"), std::string(1023, 'w'));
  EXPECT_EQ(Str(events[0], "/message"), std::string(1024, 'v'));
}

TEST_F(IngestTest, IdempotencyKeyRepeatIsADuplicateStoredOnce) {
  Pairs key{{"Idempotency-Key", "order-42"}};
  json::object body{{"message", "payment declined"}, {"latency_ms", 80}};
  EXPECT_TRUE(Accepted(Failure(body, key), "failure"));
  Response again = Failure(body, key);
  EXPECT_TRUE(Accepted(again, "failure", /*duplicate=*/true));
  EXPECT_EQ(At(again.json(), "/accepted"), 0) << again.body;
  EXPECT_EQ(At(again.json(), "/duplicate"), true) << again.body;
  EXPECT_TRUE(Accepted(Failure(body, key), "failure", true));
  // Another key is another event; so is the longest key allowed.
  EXPECT_TRUE(
      Accepted(Failure(body, {{"Idempotency-Key", "order-43"}}), "failure"));
  std::string longest(255, 'k');
  EXPECT_TRUE(
      Accepted(Failure(body, {{"Idempotency-Key", longest}}), "failure"));
  EXPECT_TRUE(
      Accepted(Failure(body, {{"Idempotency-Key", longest}}), "failure", true));
  // Hits too.
  EXPECT_TRUE(Accepted(Hit({}, {{"Idempotency-Key", "ping-1"}}), "hit"));
  EXPECT_TRUE(Accepted(Hit({}, {{"Idempotency-Key", "ping-1"}}), "hit", true));

  EXPECT_EQ(Events("?status=failure").size(), 3u);
  EXPECT_EQ(Events("?status=hit").size(), 1u);
}

TEST_F(IngestTest, BatchAsJsonArrayAcceptsValidItemsAndListsRejected) {
  std::string at = FormatTime(NowMillis() - 30 * 60 * 1000);
  json::array items{
      // 0: a hit by slug
      json::object{{"application", kIngestApp}, {"status", "hit"}},
      // 1: a failure by id with every field
      json::object{{"application", app_id_},
                   {"status", "failure"},
                   {"latency_ms", 31},
                   {"message", "batch failure"},
                   {"timestamp", at},
                   {"id", "b-1"}},
      // 2: bad status
      json::object{{"application", kIngestApp}, {"status", "maybe"}},
      // 3: negative latency
      json::object{
          {"application", kIngestApp}, {"status", "hit"}, {"latency_ms", -1}},
      // 4: not an object
      42,
      // 5: no application
      json::object{{"status", "hit"}},
      // 6: an unknown application
      json::object{{"application", "no-such-app"}, {"status", "failure"}},
      // 7: a valid hit with a message
      json::object{{"application", kIngestApp},
                   {"status", "hit"},
                   {"message", "batch hit"}},
      // 8: an unknown field
      json::object{
          {"application", kIngestApp}, {"status", "hit"}, {"colour", "red"}},
  };
  Response r = Batch(items);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = r.json();
  EXPECT_EQ(At(v, "/accepted"), 3) << r.body;
  EXPECT_EQ(At(v, "/duplicates"), 0) << r.body;
  EXPECT_EQ(RejectedIndexes(r), (std::vector<int64_t>{2, 3, 4, 5, 6, 8}))
      << r.body;
  for (int64_t i : {2, 3, 4, 5, 6, 8}) {
    json::value item = RejectedAt(r, i);
    EXPECT_FALSE(Str(item, "/error/code").empty()) << item;
    EXPECT_FALSE(Str(item, "/error/message").empty()) << item;
  }
  EXPECT_EQ(Str(RejectedAt(r, 2), "/error/code"), "invalid_field") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 2), "/error/field"), "status") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 3), "/error/code"), "invalid_field") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 3), "/error/field"), "latency_ms") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 5), "/error/code"), "missing_field") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 5), "/error/field"), "application") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 6), "/error/field"), "application") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 8), "/error/code"), "unknown_field") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 8), "/error/field"), "colour") << r.body;

  json::array events = Events();
  ASSERT_EQ(events.size(), 3u) << events;
  EXPECT_EQ(Messages(events),
            (std::set<std::string>{"", "batch hit", "batch failure"}));
  json::value failure = FindBy(events, "message", "batch failure");
  EXPECT_EQ(Str(failure, "/status"), "failure") << failure;
  EXPECT_EQ(Str(failure, "/timestamp"), at) << failure;
  EXPECT_EQ(At(failure, "/latency_ms").to_number<double>(), 31) << failure;
}

TEST_F(IngestTest, BatchAsNdjsonAcceptsValidLinesAndListsRejected) {
  std::string body =
      "{\"application\":\"checkout\",\"status\":\"failure\","
      "\"message\":\"nd one\"}\n"
      "{\"application\":\"checkout\",\"status\":\"hit\",\"latency_ms\":\"7\"}\n"
      "{\"application\":\"" +
      app_id_ +
      "\",\"status\":\"hit\",\"message\":\"nd two\"}\r\n"
      "[1,2]\n"
      "{\"application\":\"checkout\",\"status\":\"failure\","
      "\"timestamp\":\"2001-01-01T00:00:00.000Z\"}\n"
      "{\"application\":\"checkout\",\"status\":\"failure\","
      "\"message\":\"nd three\",\"id\":\"nd-3\"}\n";
  Response r = Batch(body, "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 3) << r.body;
  EXPECT_EQ(At(r.json(), "/duplicates"), 0) << r.body;
  EXPECT_EQ(RejectedIndexes(r), (std::vector<int64_t>{1, 3, 4})) << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 1), "/error/field"), "latency_ms") << r.body;
  EXPECT_EQ(Str(RejectedAt(r, 4), "/error/field"), "timestamp") << r.body;

  json::array events = Events();
  EXPECT_EQ(Messages(events),
            (std::set<std::string>{"nd one", "nd two", "nd three"}))
      << events;
  EXPECT_EQ(events.size(), 3u) << events;
}

TEST_F(IngestTest, BatchIdsAreIdempotencyKeysWithinAndAcrossBatches) {
  auto item = [](std::string id, std::string message) {
    return json::object{{"application", kIngestApp},
                        {"status", "failure"},
                        {"message", message},
                        {"id", id}};
  };
  Response r = Batch(json::array{item("a", "a1"), item("b", "b1"),
                                 item("a", "a2"), item("a", "a3")});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 2) << r.body;
  EXPECT_EQ(At(r.json(), "/duplicates"), 2) << r.body;
  EXPECT_TRUE(Items(r.json(), "/rejected").empty()) << r.body;

  r = Batch(json::array{item("b", "b2"), item("c", "c1")});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 1) << r.body;
  EXPECT_EQ(At(r.json(), "/duplicates"), 1) << r.body;

  // A batch of nothing but repeats is still a 200.
  r = Batch(json::array{item("a", "a4"), item("c", "c2")});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 0) << r.body;
  EXPECT_EQ(At(r.json(), "/duplicates"), 2) << r.body;

  // The id is the item's idempotency key: the same key on the single-event
  // endpoint of the same application is a repeat too.
  EXPECT_TRUE(Accepted(
      Failure(json::object{{"message", "c3"}}, {{"Idempotency-Key", "c"}}),
      "failure", /*duplicate=*/true));

  json::array events = Events();
  EXPECT_EQ(events.size(), 3u) << events;
  EXPECT_EQ(Messages(events), (std::set<std::string>{"a1", "b1", "c1"}))
      << events;
}

TEST_F(IngestTest, BatchOfTenThousandItemsIsAccepted) {
  json::array items;
  for (int i = 0; i < 10000; ++i) {
    items.push_back(json::object{{"application", kIngestApp},
                                 {"status", i % 2 ? "hit" : "failure"},
                                 {"latency_ms", i}});
  }
  Response r = Batch(items);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(At(r.json(), "/accepted"), 10000) << r.body.substr(0, 500);
  EXPECT_TRUE(Items(r.json(), "/rejected").empty()) << r.body.substr(0, 500);
  EXPECT_EQ(Events("?status=failure&limit=1000").size(), 1000u);
}

TEST_F(IngestTest, DeploysAreCreatedThenUpdatedByIdAndListed) {
  std::string started = FormatTime(NowMillis() - 120 * 1000);
  std::string finished = FormatTime(NowMillis() - 60 * 1000);
  std::string commit_at = FormatTime(NowMillis() - 3600 * 1000);
  json::object full{
      {"version", "1.2.3"},       {"commit", "9fceb02"},
      {"commit_at", commit_at},   {"description", "first release"},
      {"environment", "staging"}, {"status", "success"},
      {"started_at", started},    {"finished_at", finished},
      {"id", "deploy-1"}};
  Response r = Deploy(full);
  ASSERT_EQ(r.status, 201) << r.body;
  json::value created = r.json();
  EXPECT_EQ(Str(created, "/id"), "deploy-1") << r.body;
  EXPECT_EQ(Str(created, "/application"), kIngestApp) << r.body;
  EXPECT_EQ(Str(created, "/version"), "1.2.3") << r.body;
  EXPECT_EQ(Str(created, "/commit"), "9fceb02") << r.body;
  EXPECT_EQ(Str(created, "/commit_at"), commit_at) << r.body;
  EXPECT_EQ(Str(created, "/description"), "first release") << r.body;
  EXPECT_EQ(Str(created, "/environment"), "staging") << r.body;
  EXPECT_EQ(Str(created, "/status"), "success") << r.body;
  EXPECT_EQ(Str(created, "/started_at"), started) << r.body;
  EXPECT_EQ(Str(created, "/finished_at"), finished) << r.body;
  EXPECT_TRUE(IsTimestamp(Str(created, "/created_at"))) << r.body;
  EXPECT_TRUE(IsTimestamp(Str(created, "/updated_at"))) << r.body;

  // The same id again updates that deploy.
  full["version"] = "1.2.4";
  full["status"] = "rollback";
  r = Deploy(full);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value updated = r.json();
  EXPECT_EQ(Str(updated, "/id"), "deploy-1") << r.body;
  EXPECT_EQ(Str(updated, "/version"), "1.2.4") << r.body;
  EXPECT_EQ(Str(updated, "/status"), "rollback") << r.body;
  EXPECT_EQ(Str(updated, "/created_at"), Str(created, "/created_at")) << r.body;
  EXPECT_GE(Str(updated, "/updated_at"), Str(created, "/updated_at")) << r.body;

  // The least a deploy needs; the defaults fill the rest.
  r = Deploy(json::object{{"version", "2.0.0"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value minimal = r.json();
  EXPECT_FALSE(Str(minimal, "/id").empty()) << r.body;
  EXPECT_NE(Str(minimal, "/id"), "deploy-1") << r.body;
  EXPECT_EQ(Str(minimal, "/environment"), "production") << r.body;
  EXPECT_EQ(Str(minimal, "/status"), "success") << r.body;
  EXPECT_TRUE(At(minimal, "/commit").is_null()) << r.body;
  EXPECT_TRUE(At(minimal, "/commit_at").is_null()) << r.body;

  json::array deploys = Deploys();
  ASSERT_EQ(deploys.size(), 2u) << deploys;
  std::vector<std::string> created_at = Field(deploys, "/created_at");
  EXPECT_TRUE(std::is_sorted(created_at.rbegin(), created_at.rend()))
      << deploys;
  json::value listed = FindBy(deploys, "id", "deploy-1");
  EXPECT_EQ(Str(listed, "/version"), "1.2.4") << deploys;
  EXPECT_EQ(Str(listed, "/status"), "rollback") << deploys;
  EXPECT_EQ(Str(listed, "/application"), kIngestApp) << deploys;
  EXPECT_EQ(Str(FindBy(deploys, "id", Str(minimal, "/id")), "/version"),
            "2.0.0")
      << deploys;
  if (Str(deploys[0], "/created_at") != Str(deploys[1], "/created_at")) {
    EXPECT_EQ(Str(deploys[0], "/id"), Str(minimal, "/id")) << deploys;
  }
  // Deploys are not events.
  EXPECT_TRUE(Events().empty());
}

TEST_F(IngestTest, ReportsMoveTheCredentialsUseCount) {
  json::value before = ListedCredential(hits_credential_id_);
  ASSERT_TRUE(before.is_object());
  ASSERT_TRUE(At(before, "/use_count").is_int64()) << before;
  int64_t count_before = At(before, "/use_count").as_int64();
  std::string used_before = Str(before, "/last_used_at");

  ASSERT_TRUE(Accepted(Hit(), "hit"));
  ASSERT_TRUE(Accepted(Failure(json::object{{"message", "x"}}), "failure"));
  ASSERT_EQ(Batch(json::array{json::object{{"application", kIngestApp},
                                           {"status", "hit"}}})
                .status,
            200);

  // Poll: the use may be recorded a little after the answer.
  json::value after;
  auto deadline = Clock::now() + std::chrono::seconds(5);
  do {
    after = ListedCredential(hits_credential_id_);
    if (At(after, "/use_count").is_int64() &&
        At(after, "/use_count").as_int64() >= count_before + 3)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (Clock::now() < deadline);
  EXPECT_GE(At(after, "/use_count").as_int64(), count_before + 3) << after;
  EXPECT_TRUE(IsTimestamp(Str(after, "/last_used_at"))) << after;
  EXPECT_GE(Str(after, "/last_used_at"), used_before) << after;
  EXPECT_FALSE(Str(after, "/last_used_from").empty()) << after;

  // The deploy credential moves with a deploy.
  json::value deploy_before = ListedCredential(deploy_credential_id_);
  int64_t deploys_before = At(deploy_before, "/use_count").is_int64()
                               ? At(deploy_before, "/use_count").as_int64()
                               : -1;
  ASSERT_EQ(Deploy(json::object{{"version", "1"}}).status, 201);
  json::value deploy_after;
  deadline = Clock::now() + std::chrono::seconds(5);
  do {
    deploy_after = ListedCredential(deploy_credential_id_);
    if (At(deploy_after, "/use_count").is_int64() &&
        At(deploy_after, "/use_count").as_int64() > deploys_before)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (Clock::now() < deadline);
  EXPECT_GT(At(deploy_after, "/use_count").as_int64(), deploys_before)
      << deploy_after;
  EXPECT_TRUE(IsTimestamp(Str(deploy_after, "/last_used_at"))) << deploy_after;
}

TEST_F(IngestTest, RegeneratedCredentialsOldApiTokenIsRejected) {
  ASSERT_TRUE(Accepted(Hit(), "hit"));
  Response r =
      admin_.Post(Path(hits_credential_id_, "/regenerate"), json::object{});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string new_integration_token = Str(r.json(), "/token");

  EXPECT_TRUE(Rejected(Hit()));
  EXPECT_TRUE(Rejected(Failure(json::object{{"message", "old token"}})));
  EXPECT_TRUE(Rejected(Batch(json::array{
      json::object{{"application", kIngestApp}, {"status", "hit"}}})));
  EXPECT_EQ(Events().size(), 1u);

  // The new integration token activates a new API token that works.
  std::string old_api_token = api_token_;
  api_token_ = ApiToken(new_integration_token);
  ASSERT_TRUE(IsToken(api_token_, "hwa_")) << api_token_;
  EXPECT_NE(api_token_, old_api_token);
  EXPECT_TRUE(Accepted(Hit(), "hit"));
  EXPECT_EQ(Events().size(), 2u);
  // The deploy token belongs to the other credential and still works.
  EXPECT_EQ(Deploy(json::object{{"version", "1"}}).status, 201);
}

constexpr std::string_view kInlineCommits =
    "hookwarden_writer_inline_commits_total";

// The longest commit delay there is: a report waits for company only while
// the server still has requests to read.
class IngestCommitDelayTest : public IngestTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--commit-delay-us", "100000"};
  }
};

TEST_F(IngestCommitDelayTest, AReportAloneGoesOnceTheServerHasReadEverything) {
  constexpr std::string_view kIdle =
      "hookwarden_writer_group_waits_total{ended=\"idle\"}";
  constexpr std::string_view kDelay =
      "hookwarden_writer_group_waits_total{ended=\"delay\"}";
  double idle = ServerMetric(server_.port(), kIdle);
  double delay = ServerMetric(server_.port(), kDelay);
  double here = ServerMetric(server_.port(), kInlineCommits);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        Accepted(Hit(json::object{{"message", std::to_string(i)}}), "hit"));
  }
  // One report at a time: each wait ended when the network thread had
  // nothing more to read, none by the delay.
  EXPECT_EQ(ServerMetric(server_.port(), kIdle) - idle, 5);
  EXPECT_EQ(ServerMetric(server_.port(), kDelay) - delay, 0);
  // With SQLite and --sync normal such a commit need not wait: the network
  // thread makes it, unless it would start the log over (the first after
  // each of the checkpoints that run every 0.1 s) or a checkpoint runs.
  EXPECT_GE(ServerMetric(server_.port(), kInlineCommits) - here, 1);
  EXPECT_EQ(Events().size(), 5u);
}

// Every commit synced to the disk.
class IngestSyncFullTest : public IngestTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--sync", "full"};
  }
};

TEST_F(IngestSyncFullTest, CommitsThatWaitForTheDiskAreTheWriterThreads) {
  double here = ServerMetric(server_.port(), kInlineCommits);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        Accepted(Hit(json::object{{"message", std::to_string(i)}}), "hit"));
  }
  EXPECT_TRUE(Accepted(Failure(json::object{{"message", "down"}}), "failure"));
  EXPECT_EQ(ServerMetric(server_.port(), kInlineCommits) - here, 0);
  EXPECT_EQ(Events().size(), 6u);
}

// --token-rate-limit 5: 5 requests a second with a burst of 10.
class IngestRateLimitTest : public IngestTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--token-rate-limit", "5"};
  }
};

TEST_F(IngestRateLimitTest, TooManyRequestsGet429WithRetryAfter) {
  int ok = 0, limited = 0;
  auto start = Clock::now();
  for (int i = 0; i < 30; ++i) {
    Response r = Hit(json::object{{"message", "quick " + std::to_string(i)}});
    if (r.status == 200) {
      ++ok;
      EXPECT_TRUE(Accepted(r, "hit"));
    } else {
      ++limited;
      EXPECT_TRUE(IsError(r, 429, "rate_limited"));
      std::string retry = r.header("retry-after");
      EXPECT_FALSE(retry.empty()) << "no Retry-After: " << r.body;
      EXPECT_GE(std::atoi(retry.c_str()), 1) << retry;
      EXPECT_EQ(retry.find_first_not_of("0123456789"), std::string::npos)
          << retry;
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GT(limited, 0);
  // The burst of 10 goes through at once; 5 a second more after that.
  EXPECT_GE(ok, 10);
  EXPECT_LE(ok, 10 + static_cast<int>(5 * seconds) + 1)
      << "in " << seconds << " s";
  EXPECT_EQ(static_cast<int>(Events("?limit=1000").size()), ok);
}

}  // namespace
}  // namespace hookwarden::testing
