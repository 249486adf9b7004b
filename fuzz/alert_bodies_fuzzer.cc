// The bodies other tools send, through the parsers of their intakes: the
// first byte picks Alertmanager's webhook payload, a PagerDuty Events v2
// event or change event, or the routing key's extraction. Invariants: a
// refused body says why, every alert of a notification is taken or
// skipped, and what is taken names one of the token's applications, a key
// and a summary within their bounds.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/alert.h"
#include "fuzz_check.h"
#include "fuzz_inputs.h"
#include "ingest/alert_parsers.h"

namespace hw = hookwarden;
using hw::fuzz::kNow;
using hw::fuzz::MakeGrant;
using hw::fuzz::MakeRequest;

namespace {

bool Granted(const hw::Alert& alert) {
  return alert.application_id == "app_one" || alert.application_id == "app_two";
}

void CheckAlert(const hw::Alert& alert) {
  FUZZ_CHECK(!alert.key.empty() && alert.key.size() <= hw::kMaxAlertKeyBytes);
  FUZZ_CHECK(alert.summary.size() <= hw::kMaxAlertSummaryBytes);
  FUZZ_CHECK(alert.details.size() <= hw::kMaxAlertDetailsBytes);
  FUZZ_CHECK(alert.received_at == kNow);
}

void Alertmanager(std::string_view body) {
  auto grant = MakeGrant(hw::auth::TokenKind::kActivation);
  auto request = MakeRequest(body, "application/json");
  auto parsed =
      hw::ingest::ParseAlertmanager(request, grant, "application", kNow);
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.status().message().empty());
    return;
  }
  FUZZ_CHECK(parsed->alerts.size() + parsed->skipped.size() <=
             hw::ingest::kMaxAlertsPerNotification);
  for (const hw::Alert& alert : parsed->alerts) {
    FUZZ_CHECK(Granted(alert));
    CheckAlert(alert);
  }
}

void PagerDutyEvent(std::string_view body) {
  auto grant = MakeGrant(hw::auth::TokenKind::kActivation);
  auto request = MakeRequest(body, "application/json");
  auto alert = hw::ingest::ParsePagerDutyEvent(request, grant, kNow);
  if (!alert.ok()) {
    FUZZ_CHECK(!alert.status().message().empty());
    return;
  }
  CheckAlert(*alert);
  if (alert->action == hw::Alert::Action::kTrigger) {
    FUZZ_CHECK(Granted(*alert));
    FUZZ_CHECK(alert->severity.has_value());
  } else {
    FUZZ_CHECK(alert->application_id.empty());
    FUZZ_CHECK(alert->candidate_application_ids.size() == 2);
  }
}

void PagerDutyChange(std::string_view body) {
  auto grant = MakeGrant(hw::auth::TokenKind::kDeploy);
  auto request = MakeRequest(body, "application/json");
  auto deploy = hw::ingest::ParsePagerDutyChange(request, grant, kNow);
  if (!deploy.ok()) {
    FUZZ_CHECK(!deploy.status().message().empty());
    return;
  }
  FUZZ_CHECK(deploy->application_id == "app_one");
  FUZZ_CHECK(!deploy->version.empty() && deploy->version.size() <= 255);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Alertmanager(body);
      break;
    case 1:
      PagerDutyEvent(body);
      break;
    case 2:
      PagerDutyChange(body);
      break;
    case 3:
      (void)hw::ingest::PagerDutyRoutingKey(MakeRequest(body, ""));
      break;
  }
  return 0;
}
