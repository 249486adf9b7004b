// The bodies of the intakes that other tools send, validated into alerts
// and deploys: Prometheus Alertmanager's webhook payload (version 4) and
// PagerDuty's Events API v2 (alert events and change events). Like
// ingest/report_parsers.h, each parser reads the request alone, never the
// store; every problem is a Status, and nothing is reported. Unknown fields
// are ignored: the real clients send more than hookwarden keeps.
#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/alert.h"
#include "domain/deploy.h"
#include "http/request.h"
#include "ingest/grants.h"

namespace hookwarden::ingest {

// The most alerts one Alertmanager notification may hold.
inline constexpr size_t kMaxAlertsPerNotification = 1000;
// PagerDuty's limit on one event's body, in bytes.
inline constexpr size_t kMaxPagerDutyEventBytes = 512 * 1024;

// An Alertmanager notification: each alert's application is the value of
// its label `label`; an alert whose application the token may not report
// for is `skipped` ({fingerprint, error}). A firing alert triggers, a
// resolved one resolves, keyed by its fingerprint. 400 when the payload is
// not one (not JSON, no alerts array, an alert without a fingerprint or a
// status), 413 past kMaxAlertsPerNotification alerts.
struct ParsedNotification {
  std::vector<Alert> alerts;
  boost::json::array skipped;
};
Result<ParsedNotification> ParseAlertmanager(const http::Request& request,
                                             const Grant& grant,
                                             const std::string& label,
                                             int64_t received_at);

// The token of a PagerDuty event: its routing_key when the body is a JSON
// object with one, else the Authorization header's bearer token; empty
// when neither.
std::string PagerDutyRoutingKey(const http::Request& request);

// A PagerDuty Events v2 alert event (trigger, acknowledge, resolve). A
// trigger without a dedup_key gets a new one. A trigger's application is
// payload.component when it names one of the token's, else
// payload.source; an acknowledge or resolve names only its dedup_key (the
// alert's candidates are all the token's applications). Invalid (400)
// with a message naming the field otherwise.
Result<Alert> ParsePagerDutyEvent(const http::Request& request,
                                  const Grant& grant, int64_t received_at);

// A PagerDuty Events v2 change event, as a deploy of the deploy token's
// application: payload.summary is its description, and its version
// custom_details.version (else the summary), its commit
// custom_details.commit, its time payload.timestamp (else its arrival).
Result<Deploy> ParsePagerDutyChange(const http::Request& request,
                                    const Grant& grant, int64_t received_at);

}  // namespace hookwarden::ingest
