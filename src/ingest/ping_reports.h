// Ping URLs: what cron lines and existing wrappers (runitor, a plain
// `curl -fsS -m 10 --retry 5 URL`) report without setting a header. The key
// of a Hits/Failure credential ("hwk_") is in the path, and the request takes
// the data plane's one route (ingest/pipeline.h) like any other report:
//
//   /ping/{key}/{app}          a hit
//   /ping/{key}/{app}/fail     a failure
//   /ping/{key}/{app}/{code}   a hit for 0, else a failure with that exit code
//   /ping/{key}/{app}/start    a start of a run
//   /ping/{key}/{app}/log      a log message: kept with the events, nothing
//                              more (domain/event.h)
//
// with GET, HEAD or POST; ?rid= names the run; a POST body is the output.
// The answers are plain text, so that `curl -fsS` fails a cron line only
// when it should.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "domain/event.h"
#include "domain/run.h"
#include "http/request.h"
#include "http/response.h"
#include "ingest/grants.h"

namespace hookwarden::ingest {

// The route patterns of the ping URLs, the hit's first.
inline constexpr const char* kPingRoutes[] = {
    "/ping/{key}/{app}", "/ping/{key}/{app}/fail", "/ping/{key}/{app}/start",
    "/ping/{key}/{app}/log", "/ping/{key}/{app}/{code}"};

// What one ping reports: an event (a hit, a failure or a log message) or a
// start.
struct ParsedPing {
  std::optional<Event> event;
  std::optional<Run> start;
};

// The ping `request` (matched by one of kPingRoutes) for `app` of `grant`:
// the route says what it is, ?rid= its run id (1 to 64 printable ASCII
// characters), and a POST body its output (at most kMaxAcceptedOutputBytes,
// else PayloadTooLarge; kept as valid UTF-8 without NUL bytes, cut at
// kMaxKeptOutputBytes on a character boundary with output_truncated). A
// {code} that is not 0 to 255 is BadRequest. Pure.
Result<ParsedPing> ParsePing(const http::Request& request, const Grant& grant,
                             const GrantedApplication& app,
                             int64_t received_at);

// 200 "OK" in plain text.
http::Response PingAccepted();
// A refusal in plain text: a rejected key and an application the key may
// not report for get the same 404 "not found" (so that neither can be
// probed); a rate limit 429 with Retry-After; anything else its status and
// message.
http::Response PingRefusal(const Status& status);

}  // namespace hookwarden::ingest
