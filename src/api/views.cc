#include "api/views.h"

#include <boost/json/parse.hpp>

#include "common/time_format.h"

namespace hookwarden::api {

boost::json::object UserJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"created_at", FormatRfc3339(u.created_at)}};
}

boost::json::object MembershipJson(const Membership& m) {
  return {{"id", m.organization.id},
          {"slug", m.organization.slug},
          {"name", m.organization.name},
          {"role", RoleName(m.role)},
          {"created_at", FormatRfc3339(m.organization.created_at)}};
}

boost::json::object MemberJson(const Member& m) {
  return {{"user_id", m.user_id},
          {"username", m.username},
          {"role", RoleName(m.role)},
          {"created_at", FormatRfc3339(m.created_at)}};
}

boost::json::object InvitationJson(const Invitation& i) {
  return {{"id", i.id},
          {"username", i.username},
          {"role", RoleName(i.role)},
          {"status", "pending"},
          {"invited_by", i.invited_by_username},
          {"created_at", FormatRfc3339(i.created_at)},
          {"expires_at", FormatRfc3339(i.expires_at)}};
}

boost::json::object ReceivedInvitationJson(const ReceivedInvitation& r) {
  const Invitation& i = r.invitation;
  return {{"id", i.id},
          {"organization",
           {{"id", r.organization.id},
            {"slug", r.organization.slug},
            {"name", r.organization.name}}},
          {"role", RoleName(i.role)},
          {"invited_by", i.invited_by_username},
          {"created_at", FormatRfc3339(i.created_at)},
          {"expires_at", FormatRfc3339(i.expires_at)}};
}

boost::json::object ApiKeyJson(const ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"hint", k.hint},
          {"created_at", FormatRfc3339(k.created_at)},
          {"last_used_at", TimeOrNull(k.last_used_at)}};
}

boost::json::object ProductJson(const Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"slug", p.slug},
          {"created_at", FormatRfc3339(p.created_at)},
          {"updated_at", FormatRfc3339(p.updated_at)}};
}

boost::json::object ScheduleJson(const Schedule& s) {
  if (s.cron.empty()) return {{"period_seconds", s.period_seconds}};
  return {{"cron", s.cron}, {"timezone", s.timezone}};
}

boost::json::object ApplicationJson(const Application& a) {
  // The next run is due while no incident of its rules is open (an alert's
  // incident does not stop the schedule's watch).
  std::optional<int64_t> next_due;
  if (a.rules.schedule &&
      (!a.open_incident || a.open_incident->kind == kIncidentAlert)) {
    next_due = NextDue(*a.rules.schedule, a.watched_since);
  }
  return {{"id", a.id},
          {"product_id", a.product_id},
          {"product", a.product_slug},
          {"name", a.name},
          {"slug", a.slug},
          {"failures_to_open", a.rules.failures_to_open},
          {"hits_to_close", a.rules.hits_to_close},
          {"severity", a.rules.severity},
          {"no_data_timeout_seconds", a.rules.no_data_timeout_seconds},
          {"schedule", a.rules.schedule
                           ? boost::json::value(ScheduleJson(*a.rules.schedule))
                           : nullptr},
          {"grace_seconds", a.rules.grace_seconds},
          {"max_runtime_seconds",
           a.rules.max_runtime_seconds
               ? boost::json::value(*a.rules.max_runtime_seconds)
               : nullptr},
          {"slo", a.slo ? boost::json::value(SloJson(*a.slo)) : nullptr},
          {"last_report_at", TimeOrNull(a.last_report_at)},
          {"next_due_at", TimeOrNull(next_due)},
          {"hits_failure_credential",
           CredentialLinkJson(a.hits_failure_credential)},
          {"deploy_credential", CredentialLinkJson(a.deploy_credential)},
          {"created_at", FormatRfc3339(a.created_at)},
          {"updated_at", FormatRfc3339(a.updated_at)},
          {"state", StateName(a.open_incident.has_value(), a.in_maintenance)},
          {"incident", a.open_incident
                           ? boost::json::value(IncidentJson(*a.open_incident))
                           : nullptr}};
}

boost::json::object SloJson(const Slo& slo) {
  return {{"objective_percent", slo.objective_percent},
          {"window_days", slo.window_days},
          {"indicator", slo.indicator}};
}

boost::json::object AuditEntryJson(const AuditEntry& e) {
  boost::system::error_code ec;
  boost::json::value details = boost::json::parse(e.details, ec);
  if (ec || !details.is_object()) details = boost::json::object();
  return {
      {"id", e.id},
      {"at", FormatRfc3339(e.at)},
      {"actor", {{"user_id", e.actor_user_id}, {"username", e.actor_username}}},
      {"action", e.action},
      {"target_type", e.target_type},
      {"target_id", e.target_id},
      {"target_name", e.target_name},
      {"address", e.address},
      {"details", std::move(details)}};
}

boost::json::object CredentialJson(const IntegrationToken& c) {
  return {
      {"id", c.id},
      {"type", CredentialTypeName(c.type)},
      {"name", c.name},
      {"hint", c.hint.empty() ? boost::json::value(nullptr)
                              : boost::json::value(c.hint)},
      {"generation", c.generation},
      {"created_at", FormatRfc3339(c.created_at)},
      {"created_by", c.created_by},
      {"updated_at", FormatRfc3339(c.updated_at)},
      {"activated_at", TimeOrNull(c.activated_at)},
      {"activated_from",
       c.activated_at ? boost::json::value(c.activated_from) : nullptr},
      {"activated_user_agent",
       c.activated_at ? boost::json::value(c.activated_user_agent) : nullptr},
      {"last_used_at", TimeOrNull(c.last_used_at)},
      {"last_used_from",
       c.last_used_at ? boost::json::value(c.last_used_from) : nullptr},
      {"use_count", c.use_count},
      {"throttled_count", c.throttled_count}};
}

boost::json::value CredentialLinkJson(
    const std::optional<CredentialLink>& link) {
  if (!link) return nullptr;
  return boost::json::object{{"id", link->id},
                             {"name", link->name},
                             {"status", link->deleted ? "deleted" : "active"}};
}

boost::json::object ApplicationSummaryJson(const ApplicationSummary& app) {
  return {{"id", app.id}, {"slug", app.slug}, {"name", app.name}};
}

boost::json::object SecretJson(const Secret& secret) {
  return {{"name", secret.name},
          {"created_at", FormatRfc3339(secret.created_at)},
          {"created_by", secret.created_by},
          {"used_by", ArrayJson(secret.used_by, [](const ChannelSummary& c) {
             return boost::json::object{{"id", c.id}, {"name", c.name}};
           })}};
}

}  // namespace hookwarden::api
