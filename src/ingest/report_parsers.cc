#include "ingest/report_parsers.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include "auth/random.h"
#include "common/time_format.h"
#include "http/flat_json.h"
#include "http/json_body.h"
#include "ingest/event_body.h"

namespace hookwarden::ingest {
namespace {

Status TooManyItems() {
  return Status::PayloadTooLarge("a batch holds at most " +
                                 std::to_string(kMaxBatchItems) + " events");
}

// The batch's items: a JSON array, or one JSON value per line, held in
// `memory`.
Result<std::vector<boost::json::value>> ParseItems(
    const http::Request& request, const boost::json::storage_ptr& memory) {
  std::vector<boost::json::value> items;
  boost::system::error_code ec;
  if (http::IsMediaType(request, "application/json")) {
    boost::json::value v = boost::json::parse(request.body, ec, memory);
    if (ec)
      return Status::BadRequest("the body is not valid JSON: " + ec.message(),
                                "malformed_json");
    if (!v.is_array())
      return Status::BadRequest("the body must be a JSON array",
                                "malformed_json");
    if (v.as_array().size() > kMaxBatchItems) return TooManyItems();
    items.reserve(v.as_array().size());
    for (auto& item : v.as_array()) items.push_back(std::move(item));
    return items;
  }
  if (http::IsMediaType(request, "application/x-ndjson")) {
    std::string_view rest = request.body;
    size_t line_number = 0;
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view()
                                           : rest.substr(end + 1);
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      if (items.size() == kMaxBatchItems) return TooManyItems();
      items.push_back(boost::json::parse(line, ec, memory));
      if (ec) {
        return Status::BadRequest("line " + std::to_string(line_number) +
                                      " is not valid JSON: " + ec.message(),
                                  "malformed_json");
      }
    }
    return items;
  }
  return Status::UnsupportedMediaType(
      "a batch is application/json (an array) or application/x-ndjson");
}

// One item of a batch, read by `reader` into `e` (a new Event), or why it
// is rejected (then `e` holds nothing of use).
Status ParseItem(http::BodyReader reader, const Grant& grant,
                 int64_t received_at, Event& e) {
  e.received_at = received_at;
  auto app = reader.String("application", true);
  auto status = reader.String("status", true);
  if (status && *status != "hit" && *status != "failure") {
    reader.Fail(Status::Invalid("status", "status must be hit or failure"));
  }
  e.failure = status && *status == "failure";
  bool truncated;
  ReadEventFields(reader, e, &truncated);
  if (auto id = reader.String("id", false)) {
    if (!IsValidIdempotencyKey(*id)) {
      reader.Fail(Status::Invalid(
          "id", "id must be 1 to 255 printable ASCII characters"));
    }
    e.idempotency_key = *id;
  }
  HW_RETURN_IF_ERROR(reader.Finish());
  const GrantedApplication* granted = grant.Find(*app);
  if (granted == nullptr) {
    return Status::Invalid("application", grant.Refusal(*app).message(),
                           "not_found");
  }
  e.organization_id = grant.organization_id;
  e.application_id = granted->id;
  e.failure = *status == "failure";
  return Status::Ok();
}

std::optional<int64_t> OptionalTime(http::BodyReader& reader,
                                    std::string_view name) {
  auto text = reader.String(name, false);
  if (!text) return std::nullopt;
  auto at = ParseRfc3339(*text);
  if (!at) {
    reader.Fail(
        Status::Invalid(std::string(name),
                        std::string(name) + " must be an RFC 3339 date-time"));
  }
  return at;
}

void CheckLength(http::BodyReader& reader, std::string_view name,
                 const std::optional<std::string>& v, size_t min, size_t max) {
  if (v && (v->size() < min || v->size() > max)) {
    reader.Fail(Status::Invalid(std::string(name),
                                std::string(name) + " must be " +
                                    std::to_string(min) + " to " +
                                    std::to_string(max) + " characters"));
  }
}

}  // namespace

boost::json::object ErrorJson(const Status& s) {
  boost::json::object e{{"code", s.error_code()}, {"message", s.message()}};
  if (!s.field().empty()) e["field"] = s.field();
  return e;
}

Result<Event> ParseSingleEvent(const http::Request& request, bool failure,
                               const Grant& grant,
                               const GrantedApplication& app,
                               int64_t received_at, bool* truncated) {
  Event event;
  event.organization_id = grant.organization_id;
  event.application_id = app.id;
  event.failure = failure;
  event.received_at = received_at;
  // A single event's body is small and flat: its parse builds no tree and
  // copies no string (they are views of the body, but those that came
  // escaped). A body that needs the tree takes its memory from the stack
  // (the heap only past 4 KiB).
  unsigned char buffer[4096];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  http::ObjectBody body;
  HW_RETURN_IF_ERROR(body.Parse(request, /*allow_empty=*/true, &memory));
  http::BodyReader reader = body.Reader();
  ReadEventFields(reader, event, truncated);
  if (auto key = request.Header("idempotency-key")) {
    if (!IsValidIdempotencyKey(*key)) {
      reader.Fail(Status::Invalid(
          "Idempotency-Key",
          "Idempotency-Key must be 1 to 255 printable ASCII characters"));
    }
    event.idempotency_key = std::string(*key);
  }
  HW_RETURN_IF_ERROR(reader.Finish());
  return event;
}

Result<Run> ParseStart(const http::Request& request, const Grant& grant,
                       const GrantedApplication& app, int64_t received_at) {
  http::ObjectBody body;
  HW_RETURN_IF_ERROR(body.Parse(request, /*allow_empty=*/true, {}));
  http::BodyReader reader = body.Reader();
  Run run;
  run.organization_id = grant.organization_id;
  run.application_id = app.id;
  run.run_id = ReadRunId(reader);
  run.started_at = received_at;
  HW_RETURN_IF_ERROR(reader.Finish());
  return run;
}

Result<ParsedBatch> ParseBatch(const http::Request& request, const Grant& grant,
                               int64_t received_at) {
  ParsedBatch batch;
  auto reject = [&](size_t i, const Status& why) {
    batch.rejected.push_back({{"index", i}, {"error", ErrorJson(why)}});
  };
  // Each event is read in its place in the list.
  auto add = [&](size_t i, http::BodyReader reader) {
    Status read = ParseItem(std::move(reader), grant, received_at,
                            batch.events.emplace_back());
    if (read.ok()) return;
    batch.events.pop_back();
    reject(i, read);
  };
  // An array of flat objects (the usual batch) is read without a tree, its
  // strings viewed in the body; any other body through the tree, which
  // answers the same for those.
  http::FlatMembers flat;
  if (http::IsMediaType(request, "application/json") &&
      http::ParseFlatJsonArray(request.body, kMaxBatchItems, flat)) {
    batch.items = flat.items();
    batch.events.reserve(flat.items());
    for (size_t i = 0; i < flat.items(); ++i) {
      add(i, http::BodyReader(flat.item(i)));
    }
    return batch;
  }
  flat = http::FlatMembers();  // Its room, given back before the tree.
  // The items' documents live in one arena, freed at once with it.
  boost::json::monotonic_resource arena;
  auto items = ParseItems(request, &arena);
  if (!items.ok()) return items.status();
  batch.items = items->size();
  batch.events.reserve(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    const boost::json::value& item = (*items)[i];
    if (!item.is_object()) {
      reject(i, Status::Invalid("", "an event must be a JSON object",
                                "invalid_item"));
      continue;
    }
    add(i, http::BodyReader(item.as_object()));
  }
  return batch;
}

Result<Deploy> ParseDeploy(const http::Request& request, const Grant& grant,
                           int64_t received_at) {
  auto body = http::ParseJsonObject(request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto version = reader.String("version", true);
  auto commit = reader.String("commit", false);
  auto commit_at = OptionalTime(reader, "commit_at");
  auto description = reader.String("description", false);
  auto environment = reader.String("environment", false);
  auto status = reader.String("status", false);
  auto started_at = OptionalTime(reader, "started_at");
  auto finished_at = OptionalTime(reader, "finished_at");
  auto id = reader.String("id", false);
  CheckLength(reader, "version", version, 1, 255);
  CheckLength(reader, "commit", commit, 1, 255);
  CheckLength(reader, "description", description, 0, 4096);
  CheckLength(reader, "environment", environment, 1, 64);
  if (status && !IsValidDeployStatus(*status)) {
    reader.Fail(Status::Invalid("status",
                                "status must be success, failure or rollback"));
  }
  if (id && !IsValidIdempotencyKey(*id)) {
    reader.Fail(Status::Invalid(
        "id", "id must be 1 to 255 printable ASCII characters"));
  }
  HW_RETURN_IF_ERROR(reader.Finish());
  Deploy d;
  d.id = id ? *id : auth::NewOrderedId("dep");
  d.organization_id = grant.organization_id;
  d.application_id = grant.applications.front().id;
  d.version = *version;
  d.commit = commit;
  d.commit_at = commit_at;
  d.description = description;
  d.environment = environment.value_or("production");
  d.status = status.value_or("success");
  d.started_at = started_at;
  d.finished_at = finished_at;
  d.created_at = d.updated_at = received_at;
  return d;
}

}  // namespace hookwarden::ingest
