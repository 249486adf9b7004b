// The bodies the data plane takes, validated into reports. Each parser reads
// the request's body (and headers), never the store; every problem is a
// Status naming the field, and nothing is reported.
#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/deploy.h"
#include "domain/event.h"
#include "domain/run.h"
#include "http/request.h"
#include "ingest/grants.h"

namespace hookwarden::ingest {

// The largest batch body, in bytes, and the most items in one batch.
inline constexpr uint64_t kMaxBatchBytes = 5 * 1024 * 1024;
inline constexpr size_t kMaxBatchItems = 10'000;

// One hit or failure for `app` of `grant`: the body's latency_ms, message and
// timestamp (ingest/event_body.h; an empty body is fine) and the
// Idempotency-Key header. `*truncated` tells whether the message was cut.
Result<Event> ParseSingleEvent(const http::Request& request, bool failure,
                               const Grant& grant,
                               const GrantedApplication& app,
                               int64_t received_at, bool* truncated);

// A start of a run of `app` of `grant`: an optional body {run_id}.
Result<Run> ParseStart(const http::Request& request, const Grant& grant,
                       const GrantedApplication& app, int64_t received_at);

// A batch: a JSON array, or one JSON value a line (application/x-ndjson),
// of {application, status, latency_ms?, message?, timestamp?, id?}. Items
// that are not valid, or name an application the token may not report
// for, are `rejected` ({index, error}) and the others reported.
struct ParsedBatch {
  std::vector<Event> events;
  boost::json::array rejected;
  size_t items = 0;
};
Result<ParsedBatch> ParseBatch(const http::Request& request, const Grant& grant,
                               int64_t received_at);

// A deploy of the deploy token's application: {version, commit?,
// commit_at?, description?, environment?, status?, started_at?,
// finished_at?, id?}; without an id it gets a new one.
Result<Deploy> ParseDeploy(const http::Request& request, const Grant& grant,
                           int64_t received_at);

// {code, message, field?} of a failed Status, as errors show it.
boost::json::object ErrorJson(const Status& status);

}  // namespace hookwarden::ingest
