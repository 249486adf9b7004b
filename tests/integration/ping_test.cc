// Ping URLs driven by the real `curl -fsS`, as a cron line calls them: every
// form (hit, fail, exit code, start, log) with GET, HEAD and POST, ?rid=
// pairing a start and its finish, the plain-text answers and curl's exit
// status on each (0 on 200, 22 on 404, 413 and 429), the ping key's
// regeneration and revocation, and that the key never reaches the log.
#include <string>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// What curl exits with when -f sees an HTTP error.
constexpr int kCurlHttpError = 22;

class PingTest : public IncidentTest {
 protected:
  void SetUp() override {
    IncidentTest::SetUp();
    ping_key_ = Str(Get(hits_credential_id_), "/ping_key");
    ASSERT_TRUE(IsToken(ping_key_, "hwk_")) << ping_key_;
  }

  std::string Base() const {
    return "http://127.0.0.1:" + std::to_string(server_.port());
  }
  // The ping URL of `app` with `key`, then `suffix` ("", "/fail", "/3",
  // "/start?rid=x", ...).
  std::string Url(std::string_view suffix, std::string_view key = "",
                  std::string_view app = kIngestApp) const {
    return Base() + "/ping/" + std::string(key.empty() ? ping_key_ : key) +
           "/" + std::string(app) + std::string(suffix);
  }
  // `curl -fsS -m 10 [extra...] url`, as a cron line runs it.
  static CliResult Curl(const std::string& url,
                        std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"-fsS", "-m", "10"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(url);
    return RunProgram("curl", args);
  }
  // `curl -sS` with the status and the body written out, to read a refusal.
  static std::pair<int, std::string> Answer(
      const std::string& url, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"-sS", "-m", "10", "-w", "\n%{http_code}"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(url);
    CliResult r = RunProgram("curl", args);
    size_t cut = r.output.rfind('\n');
    if (cut == std::string::npos) return {0, r.output};
    return {std::atoi(r.output.c_str() + cut + 1), r.output.substr(0, cut)};
  }

  std::string ping_key_;
};

TEST_F(PingTest, EveryFormIsReportedAsItsRouteSays) {
  SetRules(json::object{{"failures_to_open", 1}, {"hits_to_close", 1}});
  CliResult hit = Curl(Url(""), {"--retry", "5"});
  EXPECT_EQ(hit.exit_code, 0) << hit.output;
  EXPECT_EQ(hit.output, "OK");
  EXPECT_TRUE(StateOf(GetApp(), "operational"));

  CliResult fail = Curl(Url("/fail"));
  EXPECT_EQ(fail.exit_code, 0) << fail.output;
  EXPECT_TRUE(StateOf(GetApp(), "incident"));
  CliResult zero = Curl(Url("/0"), {"-I"});  // HEAD
  EXPECT_EQ(zero.exit_code, 0) << zero.output;
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
  CliResult three =
      Curl(Url("/3"), {"--data-binary", "rsync: connection refused\n"});
  EXPECT_EQ(three.exit_code, 0) << three.output;
  EXPECT_EQ(three.output, "OK");
  EXPECT_TRUE(StateOf(GetApp(), "incident"));

  json::array events = Events();
  ASSERT_EQ(events.size(), 4u) << events;
  EXPECT_EQ(Str(events[0], "/status"), "failure") << events;
  EXPECT_EQ(At(events[0], "/exit_code"), 3) << events;
  EXPECT_EQ(Str(events[0], "/output"), "rsync: connection refused\n");
  EXPECT_EQ(Str(events[1], "/status"), "hit") << events;
  EXPECT_EQ(At(events[1], "/exit_code"), 0) << events;
  EXPECT_EQ(Str(events[2], "/status"), "failure") << events;
  EXPECT_TRUE(At(events[2], "/exit_code").is_null()) << events;
  EXPECT_EQ(Str(events[3], "/status"), "hit") << events;
  EXPECT_TRUE(At(events[3], "/output").is_null()) << events;

  // Every method of every form answers 200 "OK" in plain text.
  for (std::string suffix : {"", "/fail", "/0", "/255", "/start", "/log"}) {
    for (std::string method : {"GET", "POST"}) {
      Response r = admin_.RequestRaw(method, Url(suffix).substr(Base().size()),
                                     method == "POST" ? "x" : "");
      EXPECT_EQ(r.status, 200) << method << " " << suffix << ": " << r.body;
      EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
      EXPECT_EQ(r.body, "OK") << method << suffix;
    }
    CliResult head = Curl(Url(suffix), {"-I"});
    EXPECT_EQ(head.exit_code, 0) << suffix << ": " << head.output;
    EXPECT_NE(head.output.find("text/plain; charset=utf-8"), std::string::npos)
        << head.output;
  }
  EXPECT_EQ(Events().size(), 4u + 6 * 3 - 3) << "the starts are no events";
}

TEST_F(PingTest, ARunIdPairsAStartWithItsFinish) {
  ASSERT_EQ(Curl(Url("/start?rid=nightly-1")).exit_code, 0);
  ASSERT_EQ(Curl(Url("/start?rid=nightly-2")).exit_code, 0);
  // The first run finishes after the second started: paired by its id.
  ASSERT_EQ(Curl(Url("/0?rid=nightly-1"), {"--data-binary", "ok"}).exit_code,
            0);
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << events;
  ASSERT_TRUE(At(events[0], "/duration_ms").is_int64()) << events;
  EXPECT_GE(At(events[0], "/duration_ms").as_int64(), 0);
  // The second is still open; its finish carries a duration too.
  ASSERT_EQ(Curl(Url("/fail?rid=nightly-2")).exit_code, 0);
  events = Events();
  ASSERT_EQ(events.size(), 2u) << events;
  EXPECT_TRUE(At(events[0], "/duration_ms").is_int64()) << events;
  // A finish whose run id names no open run carries none.
  ASSERT_EQ(Curl(Url("?rid=nightly-9")).exit_code, 0);
  EXPECT_TRUE(At(Events()[0], "/duration_ms").is_null());
}

TEST_F(PingTest, ALogMessageIsKeptAndChangesNoState) {
  SetRules(json::object{{"failures_to_open", 1}, {"hits_to_close", 1}});
  ASSERT_EQ(Curl(Url("/fail")).exit_code, 0);
  json::value before = GetApp();
  ASSERT_TRUE(StateOf(before, "incident")) << before;
  ASSERT_EQ(Curl(Url("/start?rid=r1")).exit_code, 0);
  CliResult log = Curl(Url("/log?rid=r1"), {"--data-binary", "step 2 of 3"});
  EXPECT_EQ(log.exit_code, 0) << log.output;
  EXPECT_EQ(Curl(Url("/log")).exit_code, 0);

  json::value after = GetApp();
  EXPECT_TRUE(StateOf(after, "incident")) << after;
  EXPECT_EQ(Str(after, "/incident/id"), Str(before, "/incident/id"));
  json::array logs = Events("?status=log");
  ASSERT_EQ(logs.size(), 2u) << logs;
  EXPECT_EQ(Str(logs[1], "/output"), "step 2 of 3") << logs;
  EXPECT_TRUE(At(logs[1], "/duration_ms").is_null()) << logs;
  EXPECT_EQ(Events("?status=failure").size(), 1u);
  EXPECT_TRUE(Events("?status=hit").empty());
  // The run it named is still open: its finish carries the duration.
  ASSERT_EQ(Curl(Url("/0?rid=r1")).exit_code, 0);
  EXPECT_TRUE(At(Events("?status=hit")[0], "/duration_ms").is_int64());
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
}

TEST_F(PingTest, UnknownKeysAndApplicationsGetTheSame404) {
  // An application of the organization bound to another credential.
  json::value other = CreateCredential("hits_failure", "other-jobs");
  json::value created =
      CreateApp(admin_, "default", kIngestProduct, "elsewhere",
                json::object{{"hits_failure_credential", Str(other, "/id")}});
  ASSERT_EQ(Str(created, "/hits_failure_credential/id"), Str(other, "/id"))
      << created;
  std::string other_key = Str(Get(Str(other, "/id")), "/ping_key");
  ASSERT_TRUE(IsToken(other_key, "hwk_"));
  ASSERT_EQ(Curl(Url("", other_key, "elsewhere")).exit_code, 0);

  std::string unknown_key = ping_key_;
  unknown_key[10] = unknown_key[10] == 'a' ? 'b' : 'a';  // A bad checksum.
  std::vector<std::string> urls = {
      Url("", "", "elsewhere"),     // Bound to another credential.
      Url("", "", "no-such-app"),   // No such application.
      Url("/fail", other_key),      // The other key, this application.
      Url("", unknown_key),         // Malformed.
      Url("", integration_token_),  // Another kind of token.
      Url("", api_token_),          // Likewise.
      Url("/fail", "hwk_nothing"),  // Not a token at all.
  };
  for (const std::string& url : urls) {
    CliResult r = Curl(url);
    EXPECT_EQ(r.exit_code, kCurlHttpError) << url << ": " << r.output;
    auto [status, body] = Answer(url);
    EXPECT_EQ(status, 404) << url;
    EXPECT_EQ(body, "not found") << url;
  }
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(Events("", "elsewhere").size(), 1u);
}

TEST_F(PingTest, BadInputIsRefusedInPlainTextAndChangesNothing) {
  struct Case {
    std::string suffix;
    std::vector<std::string> extra;
    int status;
  };
  std::string big(64 * 1024 + 1, 'x');
  const Case cases[] = {
      {"/256", {}, 400},
      {"/-1", {}, 400},
      {"/007x", {}, 400},
      {"/1000", {}, 400},
      {"/failed", {}, 400},
      {"?rid=" + std::string(65, 'r'), {}, 400},
      {"/fail", {"--data-binary", big}, 413},
      {"/log", {"--data-binary", big}, 413},
  };
  for (const Case& c : cases) {
    CliResult r = Curl(Url(c.suffix), c.extra);
    EXPECT_EQ(r.exit_code, kCurlHttpError) << c.suffix << ": " << r.output;
    auto [status, body] = Answer(Url(c.suffix), c.extra);
    EXPECT_EQ(status, c.status) << c.suffix << ": " << body;
    EXPECT_FALSE(body.empty());
    EXPECT_EQ(body.find('{'), std::string::npos) << "plain text: " << body;
  }
  EXPECT_TRUE(Events().empty());
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
}

TEST_F(PingTest, ALongOrInvalidBodyIsKeptAsTextCutToTenKilobytes) {
  std::string output;
  for (int i = 0; i < 6000; ++i) output += "é";  // 12000 bytes.
  ASSERT_EQ(Curl(Url("/1"), {"--data-binary", output}).exit_code, 0);
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Str(events[0], "/output"), output.substr(0, 10240));
  EXPECT_EQ(At(events[0], "/output_truncated"), true);
  // Bytes that are not UTF-8 are kept as U+FFFD.
  Response r = admin_.RequestRaw(
      "POST", Url("/2").substr(Base().size()), std::string("ok\xff\xfe!", 5),
      {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(Events()[0], "/output"), "ok\xEF\xBF\xBD\xEF\xBF\xBD!");
}

TEST_F(PingTest, ARegeneratedKeyWorksThroughTheGraceWindowThenNot) {
  std::string old_key = ping_key_;
  Response r = admin_.Post(Path(hits_credential_id_, "/regenerate"),
                           json::object{{"grace_seconds", 2}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string new_key = Str(r.json(), "/ping_key");
  ASSERT_TRUE(IsToken(new_key, "hwk_")) << r.body;
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(Curl(Url("", old_key)).exit_code, 0) << "within the grace window";
  EXPECT_EQ(Curl(Url("", new_key)).exit_code, 0);
  ASSERT_TRUE(
      WaitUntil([&] { return Curl(Url("", old_key)).exit_code != 0; }, 10s))
      << "the old key still works after its grace window";
  EXPECT_EQ(Answer(Url("", old_key)).first, 404);
  EXPECT_EQ(Curl(Url("", new_key)).exit_code, 0);
  // The activation answer shows the new generation's key beside its token.
  Response activated = Activate(Str(r.json(), "/token"));
  ASSERT_EQ(activated.status, 200) << activated.body;
  EXPECT_EQ(Str(activated.json(), "/ping_key"), new_key);
  EXPECT_EQ(Str(activated.json(), "/ping_url"),
            Base() + "/ping/" + new_key + "/" + std::string(kIngestApp));
}

TEST_F(PingTest, ARevokedKeyStopsAtOnce) {
  ASSERT_EQ(Curl(Url("")).exit_code, 0);
  Response revoked = Revoke(ping_key_);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  CliResult after = Curl(Url(""));
  EXPECT_EQ(after.exit_code, kCurlHttpError) << after.output;
  // Revoking regenerates the credential: there is a new key, which works.
  std::string new_key = Str(Get(hits_credential_id_), "/ping_key");
  ASSERT_TRUE(IsToken(new_key, "hwk_"));
  EXPECT_NE(new_key, ping_key_);
  EXPECT_EQ(Curl(Url("", new_key)).exit_code, 0);
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(PingTest, TheKeyNeverReachesTheLog) {
  ASSERT_EQ(Curl(Url("")).exit_code, 0);
  ASSERT_EQ(Curl(Url("/start?rid=a")).exit_code, 0);
  ASSERT_EQ(Curl(Url("", "", "no-such-app")).exit_code, kCurlHttpError);
  ASSERT_EQ(Curl(Url("/256")).exit_code, kCurlHttpError);
  ASSERT_EQ(Curl(Base() + "/ping/" + ping_key_ + "/x/y/z").exit_code,
            kCurlHttpError);
  std::string mistyped = ping_key_;
  mistyped[10] = mistyped[10] == 'a' ? 'b' : 'a';
  ASSERT_EQ(Curl(Url("", mistyped)).exit_code, kCurlHttpError);
  // The refusals were logged, with the key redacted.
  ASSERT_TRUE(WaitUntil([&] {
    return server_.log_text().find("/ping/hwk_[redacted]/x/y/z") !=
           std::string::npos;
  })) << server_.log_text();
  std::string log = server_.log_text();
  EXPECT_NE(log.find("/ping/hwk_[redacted]/no-such-app"), std::string::npos);
  for (size_t i = 4; i + 8 <= ping_key_.size(); ++i) {
    ASSERT_EQ(log.find(ping_key_.substr(i, 8)), std::string::npos)
        << "a piece of the key is in the log at " << i;
  }
}

// --token-rate-limit 1: 1 request a second with a burst of 2.
class PingRateLimitTest : public PingTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--token-rate-limit", "1"};
  }
};

TEST_F(PingRateLimitTest, AThrottledPingIs429WithRetryAfter) {
  int throttled = 0;
  for (int i = 0; i < 6 && throttled == 0; ++i) {
    Response r = admin_.RequestRaw("GET", Url("").substr(Base().size()), "");
    if (r.status == 200) continue;
    ++throttled;
    EXPECT_EQ(r.status, 429) << r.body;
    EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_GE(std::atoi(r.header("retry-after").c_str()), 1) << r.body;
    CliResult curl = Curl(Url(""));
    EXPECT_EQ(curl.exit_code, kCurlHttpError) << curl.output;
  }
  EXPECT_EQ(throttled, 1) << "never throttled";
}

}  // namespace
}  // namespace hookwarden::testing
