#include "domain/json_views.h"

#include <boost/json/parse.hpp>

#include "common/time_format.h"

namespace hookwarden {

boost::json::value TimeOrNull(std::optional<int64_t> epoch_millis) {
  if (!epoch_millis) return nullptr;
  return boost::json::string(FormatRfc3339(*epoch_millis));
}

boost::json::value NumberOrNull(std::optional<double> number) {
  if (!number) return nullptr;
  double n = *number;
  if (n == static_cast<double>(static_cast<int64_t>(n)) && n > -9e15 &&
      n < 9e15) {
    return static_cast<int64_t>(n);
  }
  return n;
}

std::string_view StateName(bool in_incident, bool in_maintenance) {
  if (in_maintenance) return "maintenance";
  return in_incident ? "incident" : "operational";
}

boost::json::object AlertJson(const AlertRecord& a) {
  boost::system::error_code ec;
  boost::json::value details = boost::json::parse(a.details, ec);
  if (ec || !details.is_object()) details = boost::json::object();
  return {{"key", a.key},
          {"source", a.source},
          {"details", std::move(details)},
          {"triggers", a.triggers},
          {"last_triggered_at", FormatRfc3339(a.last_triggered_at)}};
}

boost::json::object IncidentJson(const Incident& i) {
  auto text = [](const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  return {{"id", i.id},
          {"application", i.application_slug},
          {"kind", i.kind},
          {"severity", i.severity},
          {"status", i.status},
          {"cause", text(i.cause)},
          {"opened_at", FormatRfc3339(i.opened_at)},
          {"acknowledged_at", TimeOrNull(i.acknowledged_at)},
          {"acknowledged_by", text(i.acknowledged_by)},
          {"resolved_at", TimeOrNull(i.resolved_at)},
          {"resolved_by", text(i.resolved_by)},
          {"alert", i.alert ? boost::json::value(AlertJson(*i.alert))
                            : boost::json::value(nullptr)}};
}

boost::json::object DeployJson(const Deploy& d, const std::string& app_slug) {
  auto text = [](const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  return {{"id", d.id},
          {"application", app_slug},
          {"version", d.version},
          {"commit", text(d.commit)},
          {"commit_at", TimeOrNull(d.commit_at)},
          {"description", text(d.description)},
          {"environment", d.environment},
          {"status", d.status},
          {"started_at", TimeOrNull(d.started_at)},
          {"finished_at", TimeOrNull(d.finished_at)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

}  // namespace hookwarden
