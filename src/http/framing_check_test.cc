#include "http/framing_check.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

namespace bhttp = boost::beast::http;

bhttp::request_header<> WithTransferEncoding(
    std::initializer_list<std::string_view> values) {
  bhttp::request_header<> h;
  h.method(bhttp::verb::post);
  h.target("/");
  for (std::string_view v : values)
    h.insert(bhttp::field::transfer_encoding, v);
  return h;
}

TEST(FramingCheckTest, OnlyExactlyChunkedIsAccepted) {
  EXPECT_FALSE(TransferEncodingProblem(WithTransferEncoding({})));
  EXPECT_FALSE(TransferEncodingProblem(WithTransferEncoding({"chunked"})));
  EXPECT_FALSE(TransferEncodingProblem(WithTransferEncoding({" Chunked "})));
  for (std::string_view bad : {"chunked, identity", "identity", "xchunked",
                               "gzip, chunked", "", "chunked;q=1"}) {
    EXPECT_TRUE(TransferEncodingProblem(WithTransferEncoding({bad}))) << bad;
  }
  EXPECT_TRUE(
      TransferEncodingProblem(WithTransferEncoding({"chunked", "chunked"})));
}

TEST(FramingCheckTest, ObsFoldIsRefused) {
  EXPECT_FALSE(ObsFoldProblem("GET / HTTP/1.1\r\nHost: a\r\nX-A: b c\r\n\r\n"));
  EXPECT_TRUE(ObsFoldProblem("GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n"));
  EXPECT_TRUE(ObsFoldProblem("GET / HTTP/1.1\r\nX-A: b\r\n\tc\r\n\r\n"));
}

TEST(FramingCheckTest, HeaderLengthFindsTheEmptyLine) {
  EXPECT_EQ(HeaderLength("GET / HTTP/1.1\r\nHost: a\r\n"), 0u);
  EXPECT_EQ(HeaderLength("GET / HTTP/1.1\r\n\r\nbody"), 18u);
  EXPECT_EQ(HeaderLength("\r\nGET / HTTP/1.1\r\n\r\n"), 20u);
}

}  // namespace
}  // namespace hookwarden::http
