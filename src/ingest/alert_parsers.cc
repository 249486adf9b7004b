#include "ingest/alert_parsers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/random.h"
#include "common/time_format.h"
#include "common/utf8.h"
#include "domain/alert_rules.h"
#include "http/bearer.h"

namespace hookwarden::ingest {
namespace {

namespace json = boost::json;

constexpr std::string_view kAlertmanager = "alertmanager";
constexpr std::string_view kPagerDuty = "pagerduty";

Status Malformed(std::string message, std::string field = "") {
  return Status::BadRequest(std::move(message), "malformed_payload",
                            std::move(field));
}

// The body as a JSON object, whatever its declared type (the clients send
// application/json; some add a charset or none).
Result<json::object> BodyObject(const http::Request& request,
                                std::string_view what) {
  json::error_code ec;
  json::value v = json::parse(request.body, ec);
  if (ec) {
    return Status::BadRequest("the body is not valid JSON: " + ec.message(),
                              "malformed_json");
  }
  if (!v.is_object()) {
    return Status::BadRequest(
        "the body must be " + std::string(what) + " (a JSON object)",
        "malformed_json");
  }
  return std::move(v.as_object());
}

// The string member `name` of `o` as storable text (a NUL character becomes
// U+FFFD), or nullopt when absent or not a string.
std::optional<std::string> Text(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return StorableText(v->as_string());
}

const json::object* Object(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

// Cut to at most `max` bytes, on a UTF-8 character boundary.
std::string Cut(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

// `details` as JSON text, or a note that it was too large to keep.
std::string DetailsText(const json::object& details) {
  std::string text = json::serialize(details);
  if (text.size() <= kMaxAlertDetailsBytes) return text;
  return json::serialize(json::object{
      {"truncated", true},
      {"note", "the details were larger than " +
                   std::to_string(kMaxAlertDetailsBytes) + " bytes"}});
}

// A time the sender gave, or `fallback` when absent or unreadable. Go's
// zero time (Alertmanager's endsAt of a firing alert) counts as absent.
int64_t TimeOr(const std::optional<std::string>& text, int64_t fallback) {
  if (!text) return fallback;
  auto at = ParseRfc3339(*text);
  return at && *at > 0 ? *at : fallback;
}

// One alert of an Alertmanager notification, or why it is skipped
// (NotFound) or the payload is malformed (BadRequest).
Result<Alert> AlertmanagerAlert(const json::value& item, const Grant& grant,
                                const std::string& label, int64_t received_at) {
  if (!item.is_object()) return Malformed("each alert must be a JSON object");
  const json::object& a = item.as_object();
  auto fingerprint = Text(a, "fingerprint");
  if (!fingerprint || fingerprint->empty() ||
      fingerprint->size() > kMaxAlertKeyBytes) {
    return Malformed("each alert needs a fingerprint of 1 to 255 characters",
                     "fingerprint");
  }
  auto status = Text(a, "status");
  if (status != "firing" && status != "resolved") {
    return Malformed("an alert's status must be firing or resolved", "status");
  }
  const json::object* labels = Object(a, "labels");
  if (labels == nullptr) return Malformed("each alert needs labels", "labels");
  static const json::object kNone;
  const json::object* annotations = Object(a, "annotations");
  if (annotations == nullptr) annotations = &kNone;
  auto app_ref = Text(*labels, label);
  if (!app_ref) {
    return Status::NotFound("the alert has no label " + label +
                            " naming its application");
  }
  const GrantedApplication* app = grant.Find(*app_ref);
  if (app == nullptr) return grant.Refusal(*app_ref);

  Alert alert;
  alert.action =
      *status == "firing" ? Alert::Action::kTrigger : Alert::Action::kResolve;
  alert.organization_id = grant.organization_id;
  alert.application_id = app->id;
  alert.key = *fingerprint;
  alert.source = kAlertmanager;
  auto summary = Text(*annotations, "summary");
  if (!summary) summary = Text(*annotations, "description");
  if (!summary) summary = Text(*labels, "alertname");
  alert.summary = Cut(summary.value_or(*fingerprint), kMaxAlertSummaryBytes);
  if (auto severity = Text(*labels, "severity")) {
    alert.severity = MapAlertSeverity(*severity);
  }
  json::object details{{"labels", *labels}, {"annotations", *annotations}};
  if (auto url = Text(a, "generatorURL")) details["generator_url"] = *url;
  alert.details = DetailsText(details);
  alert.received_at = received_at;
  alert.at = alert.action == Alert::Action::kTrigger
                 ? TimeOr(Text(a, "startsAt"), received_at)
                 : TimeOr(Text(a, "endsAt"), received_at);
  return alert;
}

// The PagerDuty event's severity: ours for its four levels.
std::optional<std::string> PagerDutySeverity(std::string_view s) {
  if (s == "critical" || s == "error" || s == "warning" || s == "info") {
    return MapAlertSeverity(s);
  }
  return std::nullopt;
}

}  // namespace

Result<ParsedNotification> ParseAlertmanager(const http::Request& request,
                                             const Grant& grant,
                                             const std::string& label,
                                             int64_t received_at) {
  auto body = BodyObject(request, "an Alertmanager webhook payload");
  if (!body.ok()) return body.status();
  if (const json::value* version = body->if_contains("version")) {
    if (!version->is_string() || version->as_string() != "4") {
      return Malformed("only version 4 of the webhook payload is understood",
                       "version");
    }
  }
  const json::value* alerts = body->if_contains("alerts");
  if (alerts == nullptr || !alerts->is_array()) {
    return Malformed("the payload needs an alerts array", "alerts");
  }
  if (alerts->as_array().size() > kMaxAlertsPerNotification) {
    return Status::PayloadTooLarge("a notification holds at most " +
                                   std::to_string(kMaxAlertsPerNotification) +
                                   " alerts");
  }
  ParsedNotification out;
  for (const json::value& item : alerts->as_array()) {
    auto alert = AlertmanagerAlert(item, grant, label, received_at);
    if (alert.ok()) {
      out.alerts.push_back(std::move(alert).value());
    } else if (alert.status().code() == ErrorCode::kNotFound) {
      out.skipped.push_back(
          {{"fingerprint", item.as_object().at("fingerprint")},
           {"error", alert.status().message()}});
    } else {
      return alert.status();
    }
  }
  return out;
}

std::string PagerDutyRoutingKey(const http::Request& request) {
  json::error_code ec;
  json::value v = json::parse(request.body, ec);
  if (!ec && v.is_object()) {
    if (auto key = Text(v.as_object(), "routing_key")) return *key;
  }
  return std::string(http::BearerToken(request));
}

Result<Alert> ParsePagerDutyEvent(const http::Request& request,
                                  const Grant& grant, int64_t received_at) {
  auto body = BodyObject(request, "a PagerDuty event");
  if (!body.ok()) return body.status();
  auto invalid = [](std::string field, std::string message) {
    return Status::Invalid(std::move(field), std::move(message));
  };
  auto action = Text(*body, "event_action");
  if (!action) {
    return invalid("event_action", "event_action is required");
  }
  Alert alert;
  alert.organization_id = grant.organization_id;
  alert.source = kPagerDuty;
  alert.received_at = alert.at = received_at;
  if (*action == "trigger") {
    alert.action = Alert::Action::kTrigger;
  } else if (*action == "acknowledge") {
    alert.action = Alert::Action::kAcknowledge;
  } else if (*action == "resolve") {
    alert.action = Alert::Action::kResolve;
  } else {
    return invalid("event_action",
                   "event_action must be trigger, acknowledge or resolve");
  }
  if (const json::value* key = body->if_contains("dedup_key")) {
    if (!key->is_string() || key->as_string().empty()) {
      return invalid("dedup_key", "dedup_key must be 1 to 255 characters");
    }
    alert.key = StorableText(key->as_string());
    if (alert.key.size() > kMaxAlertKeyBytes) {
      return invalid("dedup_key", "dedup_key must be 1 to 255 characters");
    }
  }
  if (alert.action != Alert::Action::kTrigger) {
    if (alert.key.empty()) {
      return invalid("dedup_key", "dedup_key is required to " + *action);
    }
    for (const GrantedApplication& app : grant.applications) {
      alert.candidate_application_ids.push_back(app.id);
    }
    return alert;
  }
  if (alert.key.empty()) alert.key = auth::NewId("dk");
  const json::object* payload = Object(*body, "payload");
  if (payload == nullptr) {
    return invalid("payload", "payload is required to trigger");
  }
  auto summary = Text(*payload, "summary");
  if (!summary || summary->empty()) {
    return invalid("payload.summary", "payload.summary is required");
  }
  auto source = Text(*payload, "source");
  if (!source || source->empty()) {
    return invalid("payload.source", "payload.source is required");
  }
  auto severity = Text(*payload, "severity");
  if (!severity) {
    return invalid("payload.severity", "payload.severity is required");
  }
  alert.severity = PagerDutySeverity(*severity);
  if (!alert.severity) {
    return invalid("payload.severity",
                   "payload.severity must be critical, error, warning or "
                   "info");
  }
  if (auto timestamp = Text(*payload, "timestamp")) {
    auto at = ParseRfc3339(*timestamp);
    if (!at) {
      return invalid("payload.timestamp",
                     "payload.timestamp must be an ISO 8601 date-time");
    }
    alert.at = *at;
  }
  const GrantedApplication* app = nullptr;
  if (auto component = Text(*payload, "component")) {
    app = grant.Find(*component);
  }
  if (app == nullptr) app = grant.Find(*source);
  if (app == nullptr) {
    return invalid("payload.component",
                   "payload.component or payload.source must name an "
                   "application this routing key reports for");
  }
  alert.application_id = app->id;
  alert.summary = Cut(*summary, kMaxAlertSummaryBytes);
  json::object details;
  for (std::string_view field : {"source", "component", "group", "class"}) {
    if (auto text = Text(*payload, field)) details[field] = *text;
  }
  if (const json::value* custom = payload->if_contains("custom_details")) {
    details["custom_details"] = *custom;
  }
  alert.details = DetailsText(details);
  return alert;
}

Result<Deploy> ParsePagerDutyChange(const http::Request& request,
                                    const Grant& grant, int64_t received_at) {
  auto body = BodyObject(request, "a PagerDuty change event");
  if (!body.ok()) return body.status();
  const json::object* payload = Object(*body, "payload");
  if (payload == nullptr) {
    return Status::Invalid("payload", "payload is required");
  }
  auto summary = Text(*payload, "summary");
  if (!summary || summary->empty() || summary->size() > 1024) {
    return Status::Invalid("payload.summary",
                           "payload.summary must be 1 to 1024 characters");
  }
  Deploy d;
  d.id = auth::NewOrderedId("dep");
  d.organization_id = grant.organization_id;
  d.application_id = grant.applications.front().id;
  d.description = *summary;
  d.version = Cut(*summary, 255);
  if (const json::object* custom = Object(*payload, "custom_details")) {
    if (auto version = Text(*custom, "version"); version && !version->empty())
      d.version = Cut(*version, 255);
    if (auto commit = Text(*custom, "commit"); commit && !commit->empty())
      d.commit = Cut(*commit, 255);
  }
  if (auto timestamp = Text(*payload, "timestamp")) {
    auto at = ParseRfc3339(*timestamp);
    if (!at) {
      return Status::Invalid("payload.timestamp",
                             "payload.timestamp must be an ISO 8601 date-time");
    }
    d.finished_at = at;
  }
  d.created_at = d.updated_at = received_at;
  return d;
}

}  // namespace hookwarden::ingest
