#include "ingest/event_body.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace hookwarden::ingest {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

Status Read(const char* json, Event& e, bool* truncated) {
  boost::json::object body = boost::json::parse(json).as_object();
  http::BodyReader reader(body);
  e.received_at = kNow;
  ReadEventFields(reader, e, truncated);
  return reader.Finish();
}

TEST(EventBodyTest, DefaultsToTheTimeReceived) {
  Event e;
  bool truncated;
  ASSERT_TRUE(Read("{}", e, &truncated).ok());
  EXPECT_EQ(e.at, kNow);
  EXPECT_FALSE(e.latency_ms.has_value());
  EXPECT_FALSE(e.message.has_value());
}

TEST(EventBodyTest, ReadsEveryField) {
  Event e;
  bool truncated;
  ASSERT_TRUE(
      Read(
          R"({"latency_ms": 12.5, "message": "ok", "timestamp": "2027-01-15T08:00:00Z"})",
          e, &truncated)
          .ok());
  EXPECT_EQ(e.latency_ms, 12.5);
  EXPECT_EQ(e.message, "ok");
  EXPECT_EQ(e.at, 1'800'000'000'000 - 0);
}

TEST(EventBodyTest, RejectsOutOfRangeValues) {
  Event e;
  bool truncated;
  EXPECT_EQ(Read(R"({"latency_ms": -1})", e, &truncated).field(), "latency_ms");
  EXPECT_EQ(Read(R"({"latency_ms": "12"})", e, &truncated).field(),
            "latency_ms");
  EXPECT_EQ(
      Read(R"({"timestamp": "2027-01-14T07:59:59Z"})", e, &truncated).field(),
      "timestamp");  // 24 h and 1 s ago.
  EXPECT_EQ(
      Read(R"({"timestamp": "2027-01-15T08:05:01Z"})", e, &truncated).field(),
      "timestamp");  // 5 min and 1 s ahead.
  EXPECT_EQ(Read(R"({"timestamp": "yesterday"})", e, &truncated).field(),
            "timestamp");
  EXPECT_EQ(Read(R"({"message": 5})", e, &truncated).field(), "message");
  EXPECT_EQ(Read(R"({"other": 5})", e, &truncated).code(), ErrorCode::kInvalid);
}

TEST(EventBodyTest, KeepsTheFirstKibibyteOfAMessageAtACharacterBoundary) {
  bool truncated;
  EXPECT_EQ(KeptMessage("short", &truncated), "short");
  EXPECT_FALSE(truncated);
  std::string long_message =
      std::string(1023, 'a') + "é" + "tail";  // é is 2 bytes.
  std::string kept = KeptMessage(long_message, &truncated);
  EXPECT_TRUE(truncated);
  EXPECT_EQ(kept, std::string(1023, 'a'));
  std::string exact(1024, 'b');
  EXPECT_EQ(KeptMessage(exact, &truncated), exact);
  EXPECT_FALSE(truncated);
}

TEST(EventBodyTest, IdempotencyKeys) {
  EXPECT_TRUE(IsValidIdempotencyKey("job-42/run-7"));
  EXPECT_TRUE(IsValidIdempotencyKey(std::string(255, 'k')));
  EXPECT_FALSE(IsValidIdempotencyKey(""));
  EXPECT_FALSE(IsValidIdempotencyKey(std::string(256, 'k')));
  EXPECT_FALSE(IsValidIdempotencyKey("with space"));
}

}  // namespace
}  // namespace hookwarden::ingest
