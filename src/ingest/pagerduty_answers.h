// The answers of the PagerDuty Events v2 intakes, shaped as PagerDuty's own
// (https://developer.pagerduty.com/docs/events-api-v2/overview), so that
// its senders take them as they take PagerDuty's.
#pragma once

#include <string>

#include "common/status.h"
#include "http/response.h"

namespace hookwarden::ingest {

// 202 {"status":"success","message":"Event processed","dedup_key":KEY};
// without a key (a change event), no dedup_key.
http::Response PagerDutyAccepted(const std::string& dedup_key);

// A refusal as PagerDuty answers it:
// - a rejected token (401): 400 {"status":"invalid event","message":"Event
//   object is invalid","errors":["Invalid routing key"]}, the same whatever
//   the reason, never saying whether the token exists;
// - any other client error: 400 likewise, `errors` holding its message
//   (413 for a body past the size limit);
// - 429 {"status":"throttle event",...} and 5xx {"status":"error",...},
//   each with Retry-After.
http::Response PagerDutyError(const Status& status);

}  // namespace hookwarden::ingest
