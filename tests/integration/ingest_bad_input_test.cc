// End-to-end tests of the data plane's rejections: every bad token, foreign
// application and bad body gets the documented status and error, stores
// nothing, and leaves the server answering.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "ingest_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr size_t kMiB = 1024 * 1024;

// Succeeds when `r` is a 400 for a body that is JSON but not of the
// expected shape (docs: malformed_json or bad_request).
::testing::AssertionResult IsBadShape(const Response& r) {
  ::testing::AssertionResult json = IsError(r, 400, "malformed_json");
  if (json) return json;
  return IsError(r, 400, "bad_request");
}

// A fixture that has already stored one failure and one deploy, so that
// "nothing was stored" compares against lists that are not empty.
class IngestBadInputTest : public IngestTest {
 protected:
  void SetUp() override {
    IngestTest::SetUp();
    if (HasFatalFailure()) return;
    Response r = Failure(json::object{{"message", "baseline"}});
    ASSERT_EQ(r.status, 200) << r.body;
    r = Deploy(json::object{{"version", "0.1.0"}, {"id", "baseline"}});
    ASSERT_EQ(r.status, 201) << r.body;
    events_ = json::serialize(Events());
    deploys_ = json::serialize(Deploys());
    ASSERT_NE(events_, "[]");
    ASSERT_NE(deploys_, "[]");
  }

  // Succeeds when the events and deploys lists are as after SetUp and the
  // server still answers /healthz.
  ::testing::AssertionResult Unchanged() {
    std::string events = json::serialize(Events());
    if (events != events_) {
      return ::testing::AssertionFailure()
             << "events changed:\n  before " << events_ << "\n  after  "
             << events;
    }
    std::string deploys = json::serialize(Deploys());
    if (deploys != deploys_) {
      return ::testing::AssertionFailure()
             << "deploys changed:\n  before " << deploys_ << "\n  after  "
             << deploys;
    }
    return Healthy();
  }

  // POST of `body` as JSON to the hits endpoint with the API token.
  Response HitBody(std::string_view body,
                   std::string_view content_type = "application/json") {
    return PostAs(api_token_, ReportPath(kIngestApp, "hits"), body,
                  content_type);
  }

  std::string events_;
  std::string deploys_;
};

TEST_F(IngestBadInputTest, RejectedTokensGetTheSame401) {
  const std::string body = R"({"message":"should not be stored"})";
  const std::string hits = ReportPath(kIngestApp, "hits");
  const std::string failures = ReportPath(kIngestApp, "failures");
  // The API token with one character of its body changed.
  std::string typo = api_token_;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  // ... and with its last character changed.
  std::string typo_end = api_token_;
  typo_end.back() = typo_end.back() == 'a' ? 'b' : 'a';
  std::string batch =
      R"([{"application":"checkout","status":"hit","message":"no"}])";

  struct Case {
    std::string what;
    Response response;
  };
  std::vector<Case> cases;
  auto add = [&](std::string what, Response r) {
    cases.push_back({std::move(what), std::move(r)});
  };
  add("no token on /hits", PostAs("", hits, body));
  add("no token on /failures", PostAs("", failures, body));
  add("no token on /events", PostAs("", kBatchPath, batch));
  add("no token on /deploys", PostAs("", kDeploysPath, R"({"version":"9"})"));
  add("garbage on /hits", PostAs("garbage", hits, body));
  add("garbage on /deploys",
      PostAs("garbage", kDeploysPath, R"({"version":"9"})"));
  add("typo'd API token on /hits", PostAs(typo, hits, body));
  add("typo'd API token (last char) on /failures",
      PostAs(typo_end, failures, body));
  add("typo'd API token on /events", PostAs(typo, kBatchPath, batch));
  add("deploy token on /hits", PostAs(deploy_token_, hits, body));
  add("deploy token on /failures", PostAs(deploy_token_, failures, body));
  add("deploy token on /events", PostAs(deploy_token_, kBatchPath, batch));
  add("API token on /deploys",
      PostAs(api_token_, kDeploysPath, R"({"version":"9"})"));
  add("integration token on /hits", PostAs(integration_token_, hits, body));
  add("integration token on /events",
      PostAs(integration_token_, kBatchPath, batch));
  add("integration token on /deploys",
      PostAs(integration_token_, kDeploysPath, R"({"version":"9"})"));
  add("personal API key on /hits", PostAs(ApiKey(admin_), hits, body));
  add("Basic auth on /hits", PostAs("", hits, body, "application/json",
                                    {{"Authorization", "Basic YWRtaW46eA=="}}));
  add("bad token with a bad body",
      PostAs("garbage", hits, "{not json", "application/json"));
  // A batch large enough to be read on a worker rather than the network
  // thread: refused the same way.
  const std::string item =
      R"({"application":"checkout","status":"hit","message":")" +
      std::string(1000, 'm') + R"("})";
  std::string large = "[";
  while (large.size() <= 300 * 1024) {
    large += (large.size() > 1 ? "," : "") + item;
  }
  large += "]";
  add("typo'd API token on a large batch", PostAs(typo, kBatchPath, large));
  add("garbage on a large batch", PostAs("garbage", kBatchPath, large));
  add("deploy token on a large batch",
      PostAs(deploy_token_, kBatchPath, large));

  for (const Case& c : cases) {
    EXPECT_TRUE(Rejected(c.response)) << c.what;
    EXPECT_EQ(c.response.body, cases.front().response.body) << c.what;
  }
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, ForeignApplicationsGetTheSame404UnboundOnesSayWhy) {
  // An application of the same organization bound to another hits
  // credential, and one bound to none.
  json::value other = CreateCredential("hits_failure", "other-hits");
  json::value bound = CreateApp(
      admin_, "default", kIngestProduct, "Other",
      {{"slug", "other-app"}, {"hits_failure_credential", Str(other, "/id")}});
  json::value unbound = CreateApp(admin_, "default", kIngestProduct, "Bare",
                                  {{"slug", "bare-app"}});
  // An application of another organization, with a credential of its own.
  ASSERT_TRUE(CreateOrg(admin_, "org-b").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "org-b", "B Shop", "b-shop").is_object());
  json::value b_credential =
      CreateCredential(admin_, "org-b", "hits_failure", "b-hits");
  json::value foreign =
      CreateApp(admin_, "org-b", "b-shop", "B App",
                {{"slug", "b-app"},
                 {"hits_failure_credential", Str(b_credential, "/id")}});
  ASSERT_TRUE(bound.is_object() && unbound.is_object() && foreign.is_object());

  const std::string body = R"({"message":"should not be stored"})";
  struct Case {
    std::string what;
    Response response;
  };
  std::vector<Case> cases;
  for (std::string kind : {"hits", "failures"}) {
    auto post = [&](std::string_view app) {
      return PostAs(api_token_, ReportPath(app, kind), body);
    };
    cases.push_back({kind + " unknown slug", post("no-such-app")});
    cases.push_back(
        {kind + " unknown id", post("app_0000000000000000000000000")});
    cases.push_back({kind + " other credential's app", post("other-app")});
    cases.push_back(
        {kind + " other credential's app by id", post(Str(bound, "/id"))});
    cases.push_back({kind + " app without credential", post("bare-app")});
    cases.push_back({kind + " other org's app", post("b-app")});
    cases.push_back(
        {kind + " other org's app by id", post(Str(foreign, "/id"))});
  }
  // Unknown applications and another organization's are the same 404; an
  // application of the token's own organization that does not take its
  // reports is a 404 that says why.
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(c.response, 404, "not_found")) << c.what;
    if (c.what.find("other credential") != std::string::npos) {
      EXPECT_NE(c.response.body.find("reports with another Hits/Failure "
                                     "credential than the one this token"),
                std::string::npos)
          << c.what << ": " << c.response.body;
    } else if (c.what.find("without credential") != std::string::npos) {
      EXPECT_NE(c.response.body.find("application bare-app exists but "
                                     "reports with no Hits/Failure credential"),
                std::string::npos)
          << c.what << ": " << c.response.body;
    } else {
      EXPECT_EQ(c.response.body, cases.front().response.body) << c.what;
    }
  }
  EXPECT_TRUE(Unchanged());
  EXPECT_TRUE(Events("", "other-app").empty());
  EXPECT_TRUE(Events("", "bare-app").empty());
  EXPECT_TRUE(Events("", "b-app", "org-b").empty());
  // The other organization's application still takes its own reports.
  std::string b_token = ApiToken(Str(b_credential, "/token"));
  Response own = PostAs(b_token, ReportPath("b-app", "hits"), body);
  EXPECT_EQ(own.status, 200) << own.body;
  // ... and its token does not reach ours.
  EXPECT_TRUE(IsError(PostAs(b_token, ReportPath(kIngestApp, "hits"), body),
                      404, "not_found"));
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, MalformedJsonIs400) {
  for (std::string body :
       {"{\"message\": ", "not json", "{\"message\":\"x\"}}", "{'a':1}"}) {
    EXPECT_TRUE(IsError(HitBody(body), 400, "malformed_json")) << body;
    EXPECT_TRUE(
        IsError(PostAs(api_token_, ReportPath(kIngestApp, "failures"), body),
                400, "malformed_json"))
        << body;
  }
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, BodyThatIsNotAnObjectIs400) {
  for (std::string body :
       {R"([{"message":"in an array"}])", "[]", "\"text\"", "42", "null"}) {
    EXPECT_TRUE(IsBadShape(HitBody(body))) << body;
  }
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, WrongContentTypeIs415) {
  std::string body = R"({"message":"typed wrong"})";
  for (std::string type : {"text/plain", "application/x-www-form-urlencoded",
                           "application/x-ndjson", "application/xml"}) {
    EXPECT_TRUE(IsError(HitBody(body, type), 415, "unsupported_media_type"))
        << type;
  }
  // A body without any Content-Type.
  EXPECT_TRUE(IsError(HitBody(body, ""), 415, "unsupported_media_type"));
  EXPECT_TRUE(IsError(
      PostAs(deploy_token_, kDeploysPath, R"({"version":"9"})", "text/plain"),
      415, "unsupported_media_type"));
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, BadFieldsAre422NamingTheField) {
  struct Case {
    json::object body;
    std::string code;
    std::string field;
  };
  std::vector<Case> cases{
      {{{"latency_ms", -1}}, "invalid_field", "latency_ms"},
      {{{"latency_ms", -0.5}}, "invalid_field", "latency_ms"},
      {{{"latency_ms", "12"}}, "invalid_field", "latency_ms"},
      {{{"latency_ms", 86'400'001}}, "invalid_field", "latency_ms"},
      {{{"latency_ms", true}}, "invalid_field", "latency_ms"},
      {{{"message", 12}}, "invalid_field", "message"},
      {{{"message", std::string(64 * 1024 + 1, 'm')}},
       "invalid_field",
       "message"},
      // JSON may spell a NUL character ("\u0000"); no store keeps one.
      {{{"message", std::string("ok\0then", 7)}}, "invalid_field", "message"},
      {{{"output", std::string("\0", 1)}}, "invalid_field", "output"},
      {{{"timestamp", 1700000000000}}, "invalid_field", "timestamp"},
      {{{"colour", "red"}}, "unknown_field", "colour"},
      {{{"message", "ok"}, {"status", "failure"}}, "unknown_field", "status"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(Hit(c.body), 422, c.code, c.field)) << c.body;
    EXPECT_TRUE(IsError(Failure(c.body), 422, c.code, c.field)) << c.body;
  }
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, TimestampOutOfRangeOrGarbageIs422) {
  int64_t now = NowMillis();
  for (std::string at :
       {FormatTime(now - 25LL * 3600 * 1000), FormatTime(now + 10 * 60 * 1000),
        std::string("garbage"), std::string("2026-13-45T25:61:00.000Z"),
        std::string("yesterday"), std::string("")}) {
    EXPECT_TRUE(IsError(Hit(json::object{{"timestamp", at}}), 422,
                        "invalid_field", "timestamp"))
        << at;
    EXPECT_TRUE(IsError(Failure(json::object{{"timestamp", at}}), 422,
                        "invalid_field", "timestamp"))
        << at;
  }
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, BadIdempotencyKeyIs422) {
  Response r = Failure(json::object{{"message", "keyed"}},
                       {{"Idempotency-Key", std::string(256, 'k')}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(IsError(r, 422, "invalid_field")) << r.body;
  EXPECT_FALSE(Str(r.json(), "/error/field").empty()) << r.body;
  r = Hit({}, {{"Idempotency-Key", std::string(256, 'k')}});
  EXPECT_TRUE(IsError(r, 422, "invalid_field"));
  // Not ASCII.
  r = Hit({}, {{"Idempotency-Key", "cl\xC3\xA9"}});
  EXPECT_TRUE(IsError(r, 422, "invalid_field"));
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, SingleEventBodyOverOneMebibyteIs413) {
  std::string body = R"({"message":")" + std::string(kMiB, 'x') + R"("})";
  EXPECT_TRUE(IsError(HitBody(body), 413, "payload_too_large"));
  EXPECT_TRUE(
      IsError(PostAs(api_token_, ReportPath(kIngestApp, "failures"), body), 413,
              "payload_too_large"));
  EXPECT_TRUE(IsError(PostAs(deploy_token_, kDeploysPath,
                             R"({"version":"1","description":")" +
                                 std::string(kMiB, 'd') + R"("})"),
                      413, "payload_too_large"));
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, BadBatchesAreRefusedWhole) {
  const std::string good = R"({"application":"checkout","status":"hit"})";
  // Malformed JSON.
  EXPECT_TRUE(IsError(Batch("[" + good + ","), 400, "malformed_json"));
  EXPECT_TRUE(IsError(Batch("nonsense"), 400, "malformed_json"));
  // A malformed NDJSON line spoils the batch, good lines included.
  EXPECT_TRUE(
      IsError(Batch(good + "\n{oops\n" + good + "\n", "application/x-ndjson"),
              400, "malformed_json"));
  // Not an array.
  EXPECT_TRUE(IsBadShape(Batch(good)));
  EXPECT_TRUE(IsBadShape(Batch("\"events\"")));
  // A wrong content type.
  EXPECT_TRUE(IsError(Batch("[" + good + "]", "text/plain"), 415,
                      "unsupported_media_type"));
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, OversizedBatchesAre413) {
  const std::string good = R"({"application":"checkout","status":"hit"})";
  // 10,001 items, as an array and as NDJSON.
  std::string array = "[";
  std::string ndjson;
  for (int i = 0; i < 10'001; ++i) {
    array += (i ? "," : "") + good;
    ndjson += good + "\n";
  }
  array += "]";
  ASSERT_LT(array.size(), 5 * kMiB);
  EXPECT_TRUE(IsError(Batch(array), 413, "payload_too_large"));
  EXPECT_TRUE(
      IsError(Batch(ndjson, "application/x-ndjson"), 413, "payload_too_large"));
  // Over 5 MiB in few items (each message within the 64 KiB accepted).
  std::string item = R"({"application":"checkout","status":"failure",)"
                     R"("message":")" +
                     std::string(60 * 1024, 'm') + R"("})";
  std::string big = "[";
  std::string big_ndjson;
  while (big.size() <= 5 * kMiB) {
    big += (big.size() > 1 ? "," : "") + item;
    big_ndjson += item + "\n";
  }
  big += "]";
  EXPECT_TRUE(IsError(Batch(big), 413, "payload_too_large"));
  EXPECT_TRUE(IsError(Batch(big_ndjson, "application/x-ndjson"), 413,
                      "payload_too_large"));
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, BatchWithoutAnyValidItemIs422) {
  // Empty, as an array and as NDJSON.
  for (auto [body, type] : std::vector<std::pair<std::string, std::string>>{
           {"[]", "application/json"}, {"", "application/x-ndjson"}}) {
    Response r = Batch(body, type);
    EXPECT_EQ(r.status, 422) << type << ": " << r.body;
    EXPECT_FALSE(Str(r.json(), "/error/code").empty()) << r.body;
    EXPECT_FALSE(Str(r.json(), "/error/message").empty()) << r.body;
    EXPECT_EQ(At(r.json(), "/accepted"), json::value(0)) << r.body;
    EXPECT_TRUE(At(r.json(), "/rejected").is_array()) << r.body;
    EXPECT_TRUE(Items(r.json(), "/rejected").empty()) << r.body;
  }
  // Every item invalid: each index is listed.
  json::array items{
      json::object{{"application", kIngestApp}, {"status", "maybe"}},
      json::object{
          {"application", kIngestApp}, {"status", "hit"}, {"latency_ms", -5}},
      "not an object",
      json::object{{"status", "failure"}},
      json::object{{"application", "no-such-app"}, {"status", "hit"}},
      json::object{{"application", kIngestApp},
                   {"status", "hit"},
                   {"timestamp", "garbage"}},
  };
  Response r = Batch(items);
  EXPECT_EQ(r.status, 422) << r.body;
  json::value v = r.json();
  EXPECT_FALSE(Str(v, "/error/code").empty()) << r.body;
  EXPECT_FALSE(Str(v, "/error/message").empty()) << r.body;
  EXPECT_EQ(At(v, "/accepted"), json::value(0)) << r.body;
  EXPECT_EQ(At(v, "/duplicates"), json::value(0)) << r.body;
  json::array rejected = Items(v, "/rejected");
  ASSERT_EQ(rejected.size(), items.size()) << r.body;
  for (size_t i = 0; i < rejected.size(); ++i) {
    EXPECT_EQ(At(rejected[i], "/index"), json::value(i)) << r.body;
    EXPECT_FALSE(Str(rejected[i], "/error/code").empty()) << rejected[i];
    EXPECT_FALSE(Str(rejected[i], "/error/message").empty()) << rejected[i];
  }
  EXPECT_EQ(Str(rejected[0], "/error/field"), "status") << r.body;
  EXPECT_EQ(Str(rejected[1], "/error/field"), "latency_ms") << r.body;
  EXPECT_EQ(Str(rejected[3], "/error/code"), "missing_field") << r.body;
  EXPECT_EQ(Str(rejected[3], "/error/field"), "application") << r.body;
  EXPECT_EQ(Str(rejected[5], "/error/field"), "timestamp") << r.body;
  EXPECT_TRUE(Unchanged());
}

TEST_F(IngestBadInputTest, BadDeploysAre422NamingTheField) {
  struct Case {
    json::object body;
    std::string code;
    std::string field;
  };
  std::vector<Case> cases{
      {{}, "missing_field", "version"},
      {{{"commit", "abc"}}, "missing_field", "version"},
      {{{"version", 3}}, "invalid_field", "version"},
      {{{"version", ""}}, "invalid_field", "version"},
      {{{"version", "1"}, {"status", "exploded"}}, "invalid_field", "status"},
      {{{"version", "1"}, {"commit_at", "yesterday"}},
       "invalid_field",
       "commit_at"},
      {{{"version", "1"}, {"started_at", 12}}, "invalid_field", "started_at"},
      {{{"version", "1"}, {"id", std::string(256, 'i')}},
       "invalid_field",
       "id"},
      {{{"version", "1"}, {"colour", "red"}}, "unknown_field", "colour"},
      {{{"version", std::string("1\0", 2)}}, "invalid_field", "version"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(Deploy(c.body), 422, c.code, c.field)) << c.body;
  }
  EXPECT_TRUE(IsError(PostAs(deploy_token_, kDeploysPath, "{\"version\":"), 400,
                      "malformed_json"));
  EXPECT_TRUE(IsBadShape(PostAs(deploy_token_, kDeploysPath, "[]")));
  // A rejected update leaves the deploy as it was.
  EXPECT_TRUE(IsError(
      Deploy(json::object{
          {"version", "0.2.0"}, {"id", "baseline"}, {"status", "exploded"}}),
      422, "invalid_field", "status"));
  EXPECT_TRUE(Unchanged());
}

}  // namespace
}  // namespace hookwarden::testing
