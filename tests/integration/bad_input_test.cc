// Bad input of every kind: broken JSON, wrong types, oversized bodies,
// unknown routes, and clients that stop half-way or stall. After each, the
// server still serves and nothing was created.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class BadInputTest : public ServerTest {
 protected:
  size_t OrgCount() {
    return Items(admin_.Get("/api/v1/orgs").json(), "/organizations").size();
  }
  Response PostOrgs(std::string_view body,
                    std::string content_type = "application/json") {
    Pairs headers;
    if (!content_type.empty())
      headers.emplace_back("Content-Type", content_type);
    return admin_.RequestRaw("POST", "/api/v1/orgs", body, headers);
  }
  // Headers that authenticate a hand-made request as the admin.
  Pairs AdminHeaders() {
    return {{"Cookie", "hw_session=" + admin_.cookies()["hw_session"]},
            {"X-CSRF-Token", admin_.csrf_token()}};
  }
  void ExpectHealthy() {
    Response r = NewClient().Get("/healthz");
    EXPECT_EQ(r.status, 200) << r.body;
  }
};

TEST_F(BadInputTest, MalformedJsonIsABadRequest) {
  for (const char* body :
       {"{\"name\": \"x\", \"slug\":", "{name: 'x'}", "", "{\"name\":\"x\"} x",
        "{\"name\":\"\xff\xfe\",\"slug\":\"bad-utf8\"}"}) {
    EXPECT_TRUE(IsError(PostOrgs(body), 400, "malformed_json")) << body;
  }
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(BadInputTest, JsonThatIsNotAnObjectIsABadRequest) {
  for (const char* body :
       {"[{\"name\":\"x\",\"slug\":\"x\"}]", "\"x\"", "42", "null"}) {
    Response r = PostOrgs(body);
    EXPECT_TRUE(IsError(r, 400, "bad_request") ||
                IsError(r, 400, "malformed_json"))
        << body << " -> " << r.status << " " << r.body;
  }
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(BadInputTest, DeeplyNestedJsonIsRejectedWithoutHarm) {
  std::string body = "{\"name\":" + std::string(100000, '[') +
                     std::string(100000, ']') + ",\"slug\":\"deep\"}";
  Response r = PostOrgs(body);
  EXPECT_TRUE(r.status == 400 || r.status == 422) << r.status << " " << r.body;
  ExpectHealthy();
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(BadInputTest, BodyThatIsNotJsonIsUnsupported) {
  std::string body = R"({"name":"X","slug":"typed"})";
  EXPECT_TRUE(
      IsError(PostOrgs(body, "text/plain"), 415, "unsupported_media_type"));
  EXPECT_TRUE(IsError(PostOrgs(body, "application/x-www-form-urlencoded"), 415,
                      "unsupported_media_type"));
  EXPECT_TRUE(IsError(PostOrgs(body, ""), 415, "unsupported_media_type"));
  EXPECT_EQ(OrgCount(), 1u);
  EXPECT_EQ(PostOrgs(body, "application/json; charset=utf-8").status, 201);
}

TEST_F(BadInputTest, MissingUnknownAndMistypedFieldsAreNamed) {
  EXPECT_TRUE(
      IsError(PostOrgs(R"({"slug":"x"})"), 422, "missing_field", "name"));
  EXPECT_TRUE(IsError(PostOrgs(R"({"name":"X","slug":"x","colour":"red"})"),
                      422, "unknown_field", "colour"));
  EXPECT_TRUE(IsError(PostOrgs(R"({"name":5,"slug":"x"})"), 422,
                      "invalid_field", "name"));
  EXPECT_TRUE(IsError(PostOrgs(R"({"name":"X","slug":["x"]})"), 422,
                      "invalid_field", "slug"));
  EXPECT_TRUE(IsError(
      admin_.Post("/api/v1/session", json::object{{"username", "admin"}}), 422,
      "missing_field", "password"));
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(BadInputTest, BodyOverOneMebibyteIsTooLarge) {
  constexpr size_t kLimit = 1024 * 1024;
  auto body_of_size = [](size_t size) {
    std::string head = R"({"slug":"big","name":")", tail = "\"}";
    return head + std::string(size - head.size() - tail.size(), 'n') + tail;
  };
  Response at_limit = PostOrgs(body_of_size(kLimit));
  EXPECT_TRUE(IsError(at_limit, 422, "invalid_field", "name"))
      << "a body of exactly 1 MiB is allowed";
  EXPECT_TRUE(
      IsError(PostOrgs(body_of_size(kLimit + 1)), 413, "payload_too_large"));
  EXPECT_TRUE(
      IsError(PostOrgs(body_of_size(5 * kLimit)), 413, "payload_too_large"));
  ExpectHealthy();
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(BadInputTest, DeclaredOversizedBodyIsRefusedBeforeItIsSent) {
  RawConnection c(server_.port());
  Pairs headers = AdminHeaders();
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Content-Length", "50000000");
  ASSERT_TRUE(c.Send(BuildRequest("POST", "/api/v1/orgs", headers)));
  EXPECT_TRUE(IsError(c.ReadResponse(5000ms), 413, "payload_too_large"));
  ExpectHealthy();
}

TEST_F(BadInputTest, UnknownRouteIsNotFound) {
  for (const char* path :
       {"/api/v1/nope", "/api/v1/orgs/default/nope",
        "/api/v1/orgs/default/products/x/y/z", "/api/v2/me"}) {
    EXPECT_TRUE(IsError(admin_.Get(path), 404, "not_found")) << path;
  }
  EXPECT_TRUE(
      IsError(admin_.Post("/api/v1/nope", json::object{}), 404, "not_found"));
}

TEST_F(BadInputTest, WrongMethodIsNotAllowedAndSaysWhatIs) {
  struct Case {
    std::string method, path;
    std::vector<std::string> allowed;
  };
  for (const Case& c :
       std::vector<Case>{{"PUT", "/api/v1/orgs", {"GET", "POST"}},
                         {"DELETE", "/api/v1/me", {"GET"}},
                         {"PATCH", "/api/v1/session", {"POST", "DELETE"}},
                         {"POST",
                          "/api/v1/orgs/default/products/x",
                          {"GET", "PATCH", "DELETE"}},
                         {"POST", "/healthz", {"GET"}}}) {
    Response r = admin_.Request(c.method, c.path);
    EXPECT_TRUE(IsError(r, 405, "method_not_allowed"))
        << c.method << " " << c.path;
    std::string allow = r.header("allow");
    for (const std::string& m : c.allowed)
      EXPECT_NE(allow.find(m), std::string::npos)
          << c.path << " Allow: " << allow;
    EXPECT_EQ(allow.find(c.method), std::string::npos)
        << c.path << " Allow: " << allow;
  }
}

TEST_F(BadInputTest, HalfSentRequestChangesNothing) {
  {
    RawConnection c(server_.port());
    Pairs headers = AdminHeaders();
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Content-Length", "100");
    ASSERT_TRUE(c.Send(BuildRequest("POST", "/api/v1/orgs", headers) +
                       R"({"name":"h)"));
  }  // closes
  {
    RawConnection c(server_.port());
    ASSERT_TRUE(c.Send("POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Le"));
  }
  ExpectHealthy();
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(BadInputTest, GarbageAndOversizedHeadersGetAnErrorNotACrash) {
  {
    RawConnection c(server_.port());
    ASSERT_TRUE(c.Send("THIS IS NOT HTTP\r\n\r\n"));
    Response r = c.ReadResponse(5000ms);
    EXPECT_TRUE(r.status == 400 || r.status == 0) << r.status << " " << r.body;
  }
  {
    RawConnection c(server_.port());
    c.Send(
        BuildRequest("GET", "/healthz", {{"X-Big", std::string(100000, 'a')}}));
    Response r = c.ReadResponse(5000ms);
    EXPECT_TRUE(r.status == 431 || r.status == 400)
        << r.status << " " << r.body;
  }
  {
    RawConnection c(server_.port());
    std::string long_path(100000, 'a');
    long_path[0] = '/';
    c.Send(BuildRequest("GET", long_path));
    Response r = c.ReadResponse(5000ms);
    EXPECT_TRUE(r.status == 414 || r.status == 431 || r.status == 400 ||
                r.status == 404)
        << r.status << " " << r.body;
  }
  ExpectHealthy();
}

TEST_F(BadInputTest, PipelinedRequestsAreAnsweredInOrder) {
  RawConnection c(server_.port());
  ASSERT_TRUE(c.Send(BuildRequest("GET", "/healthz") +
                     BuildRequest("GET", "/api/v1/me") +
                     BuildRequest("GET", "/readyz")));
  Response first = c.ReadResponse();
  Response second = c.ReadResponse();
  Response third = c.ReadResponse();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(Str(first.json(), "/status"), "ok");
  EXPECT_TRUE(IsError(second, 401, "unauthenticated"));
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(Str(third.json(), "/status"), "ready");
}

TEST_F(BadInputTest, ConnectionCloseIsHonoured) {
  RawConnection c(server_.port());
  ASSERT_TRUE(
      c.Send(BuildRequest("GET", "/healthz", {{"Connection", "close"}})));
  EXPECT_EQ(c.ReadResponse().status, 200);
  EXPECT_TRUE(c.WaitClosed(5000ms));
}

template <const char* kOption>
class TimeoutTest : public BadInputTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {kOption, "0.5"};
  }
};

constexpr char kHeaderTimeout[] = "--header-timeout";
constexpr char kBodyTimeout[] = "--body-timeout";
constexpr char kIdleTimeout[] = "--idle-timeout";
using HeaderTimeoutTest = TimeoutTest<kHeaderTimeout>;
using BodyTimeoutTest = TimeoutTest<kBodyTimeout>;
using IdleTimeoutTest = TimeoutTest<kIdleTimeout>;

// Succeeds when what a timed-out connection received is nothing or a 408.
::testing::AssertionResult NothingOr408(const std::string& received) {
  if (received.empty() || received.rfind("HTTP/1.1 408", 0) == 0)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "received: " << received;
}

TEST_F(HeaderTimeoutTest, StalledHeadersAreCutOffWhileOthersAreServed) {
  auto start = std::chrono::steady_clock::now();
  RawConnection stalled(server_.port());
  ASSERT_TRUE(stalled.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));

  ExpectHealthy();
  EXPECT_EQ(admin_.Get("/api/v1/orgs/default").status, 200);
  EXPECT_FALSE(stalled.WaitClosed(1ms)) << "others were served only after";

  std::string received;
  EXPECT_TRUE(stalled.WaitClosed(5000ms, &received));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 400ms) << "closed before the header timeout";
  EXPECT_TRUE(NothingOr408(received));
  ExpectHealthy();
}

TEST_F(HeaderTimeoutTest, DribbledHeadersAreCutOffToo) {
  RawConnection slow(server_.port());
  std::string request =
      BuildRequest("GET", "/healthz", {{"X-Pad", std::string(200, 'p')}});
  auto deadline = std::chrono::steady_clock::now() + 5s;
  bool closed = false;
  for (char byte : request) {
    if (!slow.Send(std::string(1, byte)) || slow.WaitClosed(100ms)) {
      closed = true;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) break;
  }
  EXPECT_TRUE(closed) << "a client sending a byte every 100 ms kept its "
                         "connection past a 0.5 s header timeout";
  ExpectHealthy();
}

TEST_F(BodyTimeoutTest, StalledBodyIsCutOffAndChangesNothing) {
  RawConnection stalled(server_.port());
  Pairs headers = AdminHeaders();
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Content-Length", "100");
  ASSERT_TRUE(stalled.Send(BuildRequest("POST", "/api/v1/orgs", headers) +
                           R"({"name":"s)"));
  ExpectHealthy();
  std::string received;
  EXPECT_TRUE(stalled.WaitClosed(5000ms, &received));
  EXPECT_TRUE(NothingOr408(received));
  EXPECT_EQ(OrgCount(), 1u);
}

TEST_F(IdleTimeoutTest, IdleKeepAliveConnectionIsClosed) {
  RawConnection idle(server_.port());
  ASSERT_TRUE(idle.Send(BuildRequest("GET", "/healthz")));
  EXPECT_EQ(idle.ReadResponse().status, 200);
  std::string received;
  EXPECT_TRUE(idle.WaitClosed(5000ms, &received));
  EXPECT_EQ(received, "");
  ExpectHealthy();
}

}  // namespace
}  // namespace hookwarden::testing
