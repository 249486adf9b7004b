// How often a channel's test event may be sent (POST .../channels/{id}/test):
// each test is a request to someone's receiver, so a burst of them must not
// turn the server into a cannon, nor fill the delivery worker's share of an
// organization. Token buckets per channel and per organization, refilled
// over a minute. Thread-safe.
#pragma once

#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "ingest/rate_limiter.h"

namespace hookwarden::notify {

// The error code of a test refused by these limits.
inline constexpr std::string_view kTestSendsLimited = "test_sends_limited";

struct TestSendQuota {
  int per_channel_per_minute = 5;
  int per_organization_per_minute = 20;
};

class TestSendLimits {
 public:
  TestSendLimits(const Clock& clock, TestSendQuota quota);

  // Ok when a test of `channel_id` (of `org_id`) may be sent now, counted
  // against both; otherwise RateLimited with the whole seconds until the
  // next may go (the API answers it with its own code, kTestSendsLimited).
  Status Take(std::string_view org_id, std::string_view channel_id);

 private:
  const TestSendQuota quota_;
  ingest::RateLimiter per_channel_;
  ingest::RateLimiter per_organization_;
};

}  // namespace hookwarden::notify
