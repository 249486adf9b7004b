#include "ingest/ping_reports.h"

#include <gtest/gtest.h>

namespace hookwarden::ingest {
namespace {

class PingReportsTest : public ::testing::Test {
 protected:
  PingReportsTest() {
    grant_.kind = auth::TokenKind::kPing;
    grant_.organization_id = "org_a";
    grant_.credential_id = "itk_1";
    grant_.applications.push_back({"app_1", "backup"});
  }

  // The ping of `method` on `route`, with path parameter code `code`, query
  // `query` and `body`.
  Result<ParsedPing> Parse(std::string_view route, std::string method = "GET",
                           std::string query = "", std::string body = "",
                           std::string code = "") {
    http::Request r;
    r.method = std::move(method);
    r.route = route;
    r.query = std::move(query);
    r.body = std::move(body);
    if (!code.empty()) r.params["code"] = code;
    return ParsePing(r, grant_, grant_.applications.front(), 5000);
  }

  Grant grant_;
};

TEST_F(PingReportsTest, TheRouteSaysWhatIsReported) {
  auto hit = Parse(kPingRoutes[0]);
  ASSERT_TRUE(hit.ok());
  ASSERT_TRUE(hit->event);
  EXPECT_FALSE(hit->event->failure);
  EXPECT_FALSE(hit->event->log);
  EXPECT_FALSE(hit->event->exit_code);
  EXPECT_EQ(hit->event->application_id, "app_1");
  EXPECT_EQ(hit->event->organization_id, "org_a");
  EXPECT_EQ(hit->event->at, 5000);

  auto fail = Parse("/ping/{key}/{app}/fail");
  ASSERT_TRUE(fail.ok() && fail->event);
  EXPECT_TRUE(fail->event->failure);

  auto zero = Parse("/ping/{key}/{app}/{code}", "GET", "", "", "0");
  ASSERT_TRUE(zero.ok() && zero->event);
  EXPECT_FALSE(zero->event->failure);
  EXPECT_EQ(zero->event->exit_code, 0);
  auto code = Parse("/ping/{key}/{app}/{code}", "GET", "", "", "255");
  ASSERT_TRUE(code.ok() && code->event);
  EXPECT_TRUE(code->event->failure);
  EXPECT_EQ(code->event->exit_code, 255);

  auto start = Parse("/ping/{key}/{app}/start", "GET", "rid=a-1");
  ASSERT_TRUE(start.ok());
  ASSERT_TRUE(start->start);
  EXPECT_FALSE(start->event);
  EXPECT_EQ(start->start->run_id, "a-1");
  EXPECT_EQ(start->start->started_at, 5000);

  auto log = Parse("/ping/{key}/{app}/log", "POST", "rid=a-1", "hello");
  ASSERT_TRUE(log.ok() && log->event);
  EXPECT_TRUE(log->event->log);
  EXPECT_FALSE(log->event->failure);
  EXPECT_FALSE(log->event->run_id) << "a log message finishes no run";
  EXPECT_EQ(log->event->output, "hello");
}

TEST_F(PingReportsTest, ARunIdAndABodyAreKept) {
  auto r = Parse("/ping/{key}/{app}/fail", "POST", "rid=nightly%2F7", "out");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->event->run_id, "nightly/7");
  EXPECT_EQ(r->event->output, "out");
  EXPECT_FALSE(r->event->output_truncated);
  // A GET's body is not the output.
  auto get = Parse("/ping/{key}/{app}/fail", "GET", "", "ignored");
  ASSERT_TRUE(get.ok());
  EXPECT_FALSE(get->event->output);
  // NUL bytes and bytes that are not UTF-8 become U+FFFD.
  auto odd =
      Parse("/ping/{key}/{app}/fail", "POST", "", std::string("a\0b\xff", 4));
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->event->output,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

TEST_F(PingReportsTest, ALongBodyIsCutAndATooLongOneRefused) {
  std::string output;
  for (int i = 0; i < 6000; ++i) output += "é";
  auto cut = Parse("/ping/{key}/{app}/fail", "POST", "", output);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->event->output, output.substr(0, kMaxKeptOutputBytes));
  EXPECT_TRUE(cut->event->output_truncated);
  auto too_long = Parse("/ping/{key}/{app}/fail", "POST", "",
                        std::string(kMaxAcceptedOutputBytes + 1, 'x'));
  EXPECT_EQ(too_long.status().code(), ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(PingRefusal(too_long.status()).status, 413);
}

TEST_F(PingReportsTest, BadCodesAndRunIdsAreRefused) {
  for (std::string code : {"256", "-1", "+1", "1x", "0x1", "1000", "failed"}) {
    auto r = Parse("/ping/{key}/{app}/{code}", "GET", "", "", code);
    EXPECT_EQ(r.status().code(), ErrorCode::kBadRequest) << code;
  }
  EXPECT_EQ(Parse(kPingRoutes[0], "GET", "rid=" + std::string(65, 'r'))
                .status()
                .field(),
            "rid");
  EXPECT_EQ(Parse(kPingRoutes[0], "GET", "rid=a%20b").status().code(),
            ErrorCode::kBadRequest);
}

TEST_F(PingReportsTest, AnswersArePlainTextAndRefusalsDoNotTellWhy) {
  http::Response ok = PingAccepted();
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "OK");
  EXPECT_EQ(ok.content_type, "text/plain; charset=utf-8");
  http::Response unknown_key = PingRefusal(Status::Unauthenticated("no"));
  http::Response unknown_app = PingRefusal(Status::NotFound("app x"));
  EXPECT_EQ(unknown_key.status, 404);
  EXPECT_EQ(unknown_key.body, "not found");
  EXPECT_EQ(unknown_app.status, unknown_key.status);
  EXPECT_EQ(unknown_app.body, unknown_key.body);
  EXPECT_EQ(unknown_app.headers, unknown_key.headers);
  http::Response throttled = PingRefusal(Status::RateLimited("slow down", 3));
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.content_type, "text/plain; charset=utf-8");
  ASSERT_EQ(throttled.headers.size(), 1u);
  EXPECT_EQ(throttled.headers[0].first, "Retry-After");
  EXPECT_EQ(throttled.headers[0].second, "3");
}

}  // namespace
}  // namespace hookwarden::ingest
