// Request framing a proxy in front of the server could read differently
// (RFC 9112): a Transfer-Encoding other than exactly "chunked" and a header
// continued on the next line are refused with 400 and the connection
// closed, so that no byte of them is taken for another request. HEAD is
// answered as GET without a body.
#include "harness.h"

namespace hookwarden::testing {
namespace {

class HttpFramingTest : public ServerTest {
 protected:
  // Sends `request` followed by a smuggled GET of /api/v1/nope and expects
  // one 400 and then the connection closed: the smuggled request is never
  // answered.
  void ExpectRefusedAndClosed(const std::string& request) {
    RawConnection c(server_.port());
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(c.Send(request + BuildRequest("GET", "/api/v1/nope")));
    Response r = c.ReadResponse(5000ms);
    EXPECT_TRUE(IsError(r, 400, "bad_request")) << r.status << " " << r.body;
    std::string rest;
    EXPECT_TRUE(c.WaitClosed(5000ms, &rest));
    EXPECT_EQ(rest.find("HTTP/1.1"), std::string::npos)
        << "a second answer came: " << rest;
    EXPECT_EQ(NewClient().Get("/healthz").status, 200);
  }
};

TEST_F(HttpFramingTest, TransferEncodingOtherThanChunkedIsRefused) {
  const std::string chunks = "5\r\nhello\r\n0\r\n\r\n";
  for (const char* te : {"chunked, identity", "xchunked", "identity",
                         "gzip, chunked", "chunked;x=1"}) {
    SCOPED_TRACE(te);
    ExpectRefusedAndClosed(
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\n"
        "Transfer-Encoding: " +
        std::string(te) + "\r\n\r\n" + chunks);
  }
  SCOPED_TRACE("twice");
  ExpectRefusedAndClosed(
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" +
      chunks);
}

TEST_F(HttpFramingTest, ExactlyChunkedIsRead) {
  RawConnection c(server_.port());
  std::string body = R"({"username":"nobody","password":"wrong-password"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  ASSERT_TRUE(
      c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
             "Content-Type: application/json\r\n"
             "Transfer-Encoding: Chunked\r\n\r\n" +
             std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n"));
  Response r = c.ReadResponse(5000ms);
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_F(HttpFramingTest, ObsFoldIsRefused) {
  ExpectRefusedAndClosed(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n");
  ExpectRefusedAndClosed(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n\tb\r\n\r\n");
}

TEST_F(HttpFramingTest, HeadIsAnsweredAsGetWithoutABody) {
  Response get = NewClient().Get("/healthz");
  ASSERT_EQ(get.status, 200);
  ASSERT_FALSE(get.body.empty());
  RawConnection c(server_.port());
  ASSERT_TRUE(
      c.Send(BuildRequest("HEAD", "/healthz", {{"Connection", "close"}})));
  std::string received;
  ASSERT_TRUE(c.WaitClosed(5000ms, &received));
  EXPECT_EQ(received.rfind("HTTP/1.1 200", 0), 0u) << received;
  EXPECT_NE(received.find("Content-Length: " + std::to_string(get.body.size())),
            std::string::npos)
      << received;
  size_t end = received.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(received.substr(end + 4), "") << "HEAD answered with a body";
}

TEST_F(HttpFramingTest, AnswersLargerThanTheSocketTakesArriveWhole) {
  // Sixteen copies of the API's description (about 300 KB each), asked for
  // at once by a client that reads nothing until it has sent them all and
  // then little at a time: more than the connection holds (4.8 MB, past
  // the most a socket here buffers), so that the server sends what it can
  // of an answer, then the rest as the client reads, and then answers the
  // next request.
  RawConnection c(server_.port(), 4096);
  ASSERT_TRUE(c.connected());
  std::string requests;
  for (int i = 0; i < 16; ++i) {
    requests += BuildRequest("GET", "/api/v1/openapi.json");
  }
  ASSERT_TRUE(c.Send(requests + BuildRequest("GET", "/healthz")));
  std::string first;
  for (int i = 0; i < 16; ++i) {
    Response doc = c.ReadResponse(20000ms);
    ASSERT_EQ(doc.status, 200) << "answer " << i;
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(doc.body, ec);
    ASSERT_FALSE(ec) << "answer " << i << " came cut or mangled";
    EXPECT_TRUE(parsed.as_object().contains("paths"));
    if (i == 0) first = doc.body;
    EXPECT_EQ(doc.body, first) << "answer " << i;
  }
  EXPECT_GT(first.size(), 256u * 1024);
  EXPECT_EQ(c.ReadResponse().status, 200);
}

TEST_F(HttpFramingTest, PipelinedRefusalsAreEachAnsweredInOrder) {
  // Refused at once, without a commit, while the next requests are already
  // received: each is answered, in order.
  RawConnection c(server_.port());
  ASSERT_TRUE(c.connected());
  std::string requests;
  for (int i = 0; i < 300; ++i) {
    requests += BuildRequest(
        "POST", "/api/v1/applications/app-" + std::to_string(i) + "/hits",
        {{"Authorization", "Bearer not-a-token"},
         {"Content-Type", "application/json"}},
        "{}");
  }
  requests += BuildRequest("GET", "/healthz");
  ASSERT_TRUE(c.Send(requests));
  for (int i = 0; i < 300; ++i) {
    Response r = c.ReadResponse();
    ASSERT_EQ(r.status, 401) << "answer " << i << ": " << r.body;
  }
  EXPECT_EQ(c.ReadResponse().status, 200);
}

}  // namespace
}  // namespace hookwarden::testing
