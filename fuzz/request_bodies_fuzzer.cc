// Every JSON body the server takes, through the parser the endpoint uses.
// The first byte picks the endpoint: a hit or failure, a batch as a JSON
// array or as NDJSON, a deploy, or a body of the API (its reader and the
// shared name and slug checks). Invariants: a refused body says why, a
// batch accounts for every item, and what is accepted is within its rules.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/validation.h"
#include "domain/naming.h"
#include "fuzz_check.h"
#include "fuzz_inputs.h"
#include "http/flat_json.h"
#include "http/json_body.h"
#include "http/request.h"
#include "ingest/report_parsers.h"

namespace hw = hookwarden;

namespace {

using hw::fuzz::kNow;
using hw::fuzz::MakeGrant;
using hw::fuzz::MakeRequest;

void SingleEvent(std::string_view body, bool failure) {
  hw::ingest::Grant grant = MakeGrant(hw::auth::TokenKind::kIntegration);
  hw::http::Request request = MakeRequest(body, "application/json");
  bool truncated = false;
  auto event = hw::ingest::ParseSingleEvent(
      request, failure, grant, grant.applications[0], kNow, &truncated);
  if (!event.ok()) {
    FUZZ_CHECK(!event.status().message().empty());
    return;
  }
  FUZZ_CHECK(event->application_id == "app_one");
  FUZZ_CHECK(event->failure == failure);
}

// What a reader answers for the scalar fields of a report, and its verdict.
std::string ReadScalars(hw::http::BodyReader reader) {
  std::string out;
  out += reader.String("message", false).value_or("-") + ";";
  out +=
      std::to_string(reader.Number("latency_ms", false, 0, 1e6).value_or(-1));
  out += std::to_string(reader.Int("exit_code", false, 0, 255).value_or(-1));
  auto run = reader.NullableString("run_id");
  out += run ? run->value_or("null") : "-";
  out += std::to_string(reader.Bool("enabled", false).value_or(false));
  hw::Status verdict = reader.Finish();
  out += verdict.ok()
             ? "ok"
             : verdict.error_code() + verdict.field() + verdict.message();
  return out;
}

void Batch(std::string_view body, bool ndjson) {
  hw::ingest::Grant grant = MakeGrant(hw::auth::TokenKind::kIntegration);
  hw::http::Request request =
      MakeRequest(body, ndjson ? "application/x-ndjson" : "application/json");
  auto batch = hw::ingest::ParseBatch(request, grant, kNow);
  if (!batch.ok()) {
    FUZZ_CHECK(!batch.status().message().empty());
    return;
  }
  // Each item is either reported or rejected with its index.
  FUZZ_CHECK(batch->events.size() + batch->rejected.size() == batch->items);
  FUZZ_CHECK(batch->items <= hw::ingest::kMaxBatchItems);
  for (const auto& event : batch->events) {
    FUZZ_CHECK(event.application_id == "app_one" ||
               event.application_id == "app_two");
  }
  // An array of flat objects, read without the tree, reads as the tree's.
  hw::http::FlatMembers flat;
  if (ndjson ||
      !hw::http::ParseFlatJsonArray(body, hw::ingest::kMaxBatchItems, flat)) {
    return;
  }
  boost::system::error_code ec;
  boost::json::value tree = boost::json::parse(body, ec);
  FUZZ_CHECK(!ec && tree.is_array());
  FUZZ_CHECK(tree.as_array().size() == flat.items());
  FUZZ_CHECK(batch->items == flat.items());
  for (size_t i = 0; i < flat.items(); ++i) {
    FUZZ_CHECK(tree.as_array()[i].is_object());
    FUZZ_CHECK(
        ReadScalars(hw::http::BodyReader(flat.item(i))) ==
        ReadScalars(hw::http::BodyReader(tree.as_array()[i].as_object())));
  }
}

void Deploy(std::string_view body) {
  hw::ingest::Grant grant = MakeGrant(hw::auth::TokenKind::kDeploy);
  hw::http::Request request = MakeRequest(body, "application/json");
  auto deploy = hw::ingest::ParseDeploy(request, grant, kNow);
  if (!deploy.ok()) {
    FUZZ_CHECK(!deploy.status().message().empty());
    return;
  }
  FUZZ_CHECK(deploy->application_id == "app_one");
  FUZZ_CHECK(!deploy->id.empty());
  FUZZ_CHECK(hw::IsValidDeployStatus(deploy->status));
}

// The shape most API bodies have: a name and a slug with the shared checks,
// numbers, lists and maps, read strictly.
void ApiBody(std::string_view body) {
  hw::http::Request request = MakeRequest(body, "application/json");
  auto object = hw::http::ParseJsonObject(request, /*allow_empty=*/true);
  // A flat body read without the tree answers as the tree does.
  hw::http::ObjectBody flat;
  hw::Status parsed = flat.Parse(request, /*allow_empty=*/true, {});
  FUZZ_CHECK(parsed.ok() == object.ok());
  if (!object.ok()) {
    FUZZ_CHECK(parsed.message() == object.status().message());
    return;
  }
  FUZZ_CHECK(ReadScalars(flat.Reader()) ==
             ReadScalars(hw::http::BodyReader(*object)));
  hw::http::BodyReader reader(*object);
  auto name = reader.String("name", false);
  hw::api::CheckName(reader, name);
  auto slug = reader.String("slug", false);
  hw::api::CheckSlug(reader, slug);
  (void)reader.NullableString("description");
  auto limit = reader.Int("limit", false, 1, 1000);
  (void)reader.Number("threshold", false, 0, 100);
  auto events = reader.StringArray("events", false, 20);
  auto headers = reader.StringMap("headers", false, 20);
  (void)reader.Bool("enabled", false);
  if (!reader.Finish().ok()) return;
  if (name) FUZZ_CHECK(hw::IsValidName(*name));
  if (slug) FUZZ_CHECK(hw::IsValidSlug(*slug));
  if (limit) FUZZ_CHECK(*limit >= 1 && *limit <= 1000);
  if (events) FUZZ_CHECK(events->size() <= 20);
  if (headers) FUZZ_CHECK(headers->size() <= 20);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      SingleEvent(body, false);
      break;
    case 1:
      SingleEvent(body, true);
      break;
    case 2:
      Batch(body, false);
      break;
    case 3:
      Batch(body, true);
      break;
    case 4:
      Deploy(body);
      break;
    case 5:
      ApiBody(body);
      break;
  }
  return 0;
}
