#include "ingest/ping_reports.h"

#include <charconv>

#include "common/utf8.h"
#include "ingest/event_body.h"

namespace hookwarden::ingest {
namespace {

constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

// The exit code a {code} segment names: 1 to 3 digits, 0 to 255.
std::optional<int64_t> ExitCode(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int64_t code = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), code);
  if (ec != std::errc() || end != text.data() + text.size() || code < 0 ||
      code > 255) {
    return std::nullopt;
  }
  return code;
}

// The body as kept output: valid UTF-8 without NUL bytes (the stores keep
// text), cut to kMaxKeptOutputBytes.
std::string KeptOutput(std::string_view body, bool* truncated) {
  return CutAtCharacter(StorableText(body), kMaxKeptOutputBytes, truncated);
}

}  // namespace

Result<ParsedPing> ParsePing(const http::Request& request, const Grant& grant,
                             const GrantedApplication& app,
                             int64_t received_at) {
  std::optional<std::string> run_id = request.QueryParam("rid");
  if (run_id && !IsValidRunId(*run_id)) {
    return Status::BadRequest("rid must be 1 to " +
                                  std::to_string(kMaxRunIdBytes) +
                                  " printable ASCII characters",
                              "bad_request", "rid");
  }
  std::string_view route = request.route;
  ParsedPing ping;
  if (route.ends_with("/start")) {
    Run run;
    run.organization_id = grant.organization_id;
    run.application_id = app.id;
    run.run_id = run_id;
    run.started_at = received_at;
    ping.start = std::move(run);
    return ping;
  }
  Event e;
  e.organization_id = grant.organization_id;
  e.application_id = app.id;
  e.received_at = e.at = received_at;
  e.run_id = run_id;
  if (route.ends_with("/fail")) {
    e.failure = true;
  } else if (route.ends_with("/log")) {
    e.log = true;
    e.run_id.reset();  // A log message finishes no run.
  } else if (route.ends_with("/{code}")) {
    std::optional<int64_t> code = ExitCode(request.Param("code"));
    if (!code) {
      return Status::BadRequest(
          "after the application comes fail, start, log or an exit code from "
          "0 to 255",
          "bad_request", "code");
    }
    e.exit_code = *code;
    e.failure = *code != 0;
  }
  if (request.method == "POST" && !request.body.empty()) {
    if (request.body.size() > kMaxAcceptedOutputBytes) {
      return Status::PayloadTooLarge("the output (the body) must be at most " +
                                     std::to_string(kMaxAcceptedOutputBytes) +
                                     " bytes");
    }
    e.output = KeptOutput(request.body, &e.output_truncated);
  }
  ping.event = std::move(e);
  return ping;
}

http::Response PingAccepted() {
  http::Response r;
  r.content_type = kPlainText;
  r.body = "OK";
  return r;
}

http::Response PingRefusal(const Status& status) {
  http::Response r = http::ErrorResponse(status);
  r.content_type = kPlainText;
  if (r.status == 401 || r.status == 404) {
    r.status = 404;
    r.body = "not found";
  } else {
    r.body = status.message();
  }
  return r;
}

}  // namespace hookwarden::ingest
