// `hookwarden incidents ...` and `hookwarden metrics`: incidents and
// reliability figures through the HTTP API.
#include <iostream>
#include <memory>
#include <string>

#include "cli/client_command.h"
#include "cli/commands.h"
#include "cli/incidents_view.h"
#include "cli/whole_list.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

struct IncidentsFlags {
  ClientFlags client;
  std::string id;
  std::string application;
  std::string status;
  std::string from, to, step;
  int limit = 100;
};

// `path` with the non-empty parameters as a query string.
std::string WithQuery(
    std::string path,
    std::initializer_list<std::pair<const char*, std::string>> params) {
  char separator = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    path += separator + std::string(name) + "=" + PathSegment(value);
    separator = '&';
  }
  return path;
}

int List(const IncidentsFlags& f) {
  auto answer = SendWithApiKey(f.client, "GET",
                               WithQuery(OrgPath(f.client) + "/incidents",
                                         {{"application", f.application},
                                          {"status", f.status},
                                          {"limit", std::to_string(f.limit)}}));
  if (!answer) return 1;
  if (f.client.json) return PrintJson(*answer);
  std::cout << FormatIncidentList(answer->json, f.client.zone());
  return 0;
}

// GET, or POST .../acknowledge and .../resolve, of one incident.
int One(const IncidentsFlags& f, std::string_view method,
        std::string_view action) {
  std::string path = OrgPath(f.client) + "/incidents/" + PathSegment(f.id);
  if (!action.empty()) path += "/" + std::string(action);
  auto answer = SendWithApiKey(f.client, method, path);
  if (!answer) return 1;
  if (f.client.json) return PrintJson(*answer);
  std::cout << FormatIncident(answer->json, f.client.zone());
  return 0;
}

int Show(const IncidentsFlags& f) { return One(f, "GET", ""); }
int Acknowledge(const IncidentsFlags& f) {
  return One(f, "POST", "acknowledge");
}
int Resolve(const IncidentsFlags& f) { return One(f, "POST", "resolve"); }

int Metrics(const IncidentsFlags& f) {
  std::string path = f.application.empty()
                         ? OrgPath(f.client) + "/metrics"
                         : OrgPath(f.client) + "/applications/" +
                               PathSegment(f.application) + "/metrics";
  path = WithQuery(path, {{"from", f.from}, {"to", f.to}, {"step", f.step}});
  // The organization's applications come a page at a time, the products
  // and the total on each.
  auto answer = f.application.empty()
                    ? SendListWithApiKey(f.client, path, "applications")
                    : SendWithApiKey(f.client, "GET", path);
  if (!answer) return 1;
  if (f.client.json) return PrintJson(*answer);
  std::cout << (f.application.empty()
                    ? FormatOrganizationFigures(answer->json, f.client.zone())
                    : FormatFigures(answer->json, f.client.zone()));
  return 0;
}

}  // namespace

void AddIncidentsCommands(CLI::App& app, int* exit_code) {
  CLI::App* incidents = app.add_subcommand(
      "incidents", "Incidents of an organization, through the HTTP API");
  incidents->require_subcommand(1);
  incidents->footer(std::string(kClientEnvironment));

  auto list_flags = std::make_shared<IncidentsFlags>();
  CLI::App* list =
      AddClientSubcommand(*incidents, "list", "List incidents, newest first",
                          list_flags, List, exit_code);
  list->add_option("--application", list_flags->application,
                   "Only this application's (slug or id)");
  list->add_option("--status", list_flags->status,
                   "alarmed, acknowledged, resolved or open");
  list->add_option("--limit", list_flags->limit, "At most this many (1-1000)")
      ->capture_default_str();

  struct OneIncident {
    const char* name;
    const char* help;
    int (*run)(const IncidentsFlags&);
  };
  for (const OneIncident& c :
       {OneIncident{"show", "Show an incident and its timeline", Show},
        OneIncident{"acknowledge", "Acknowledge an incident (admins, owners)",
                    Acknowledge},
        OneIncident{"resolve", "Resolve an incident (admins, owners)",
                    Resolve}}) {
    auto flags = std::make_shared<IncidentsFlags>();
    AddClientSubcommand(*incidents, c.name, c.help, flags, c.run, exit_code)
        ->add_option("id", flags->id, "The incident's id (inc_...)")
        ->required();
  }
}

void AddMetricsCommand(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<IncidentsFlags>();
  CLI::App* metrics = AddClientSubcommand(
      app, "metrics",
      "Reliability figures of an application, or of every application of "
      "the organization, through the HTTP API",
      f, Metrics, exit_code);
  metrics->add_option("application", f->application,
                      "An application (slug or id); without, the whole "
                      "organization");
  metrics->add_option("--from", f->from,
                      "Start of the window, RFC 3339 (default: 24 hours "
                      "before --to)");
  metrics->add_option("--to", f->to,
                      "End of the window, RFC 3339 (default: the end of the "
                      "current minute)");
  metrics->add_option("--step", f->step,
                      "minute, hour or day: also a series (with --json)");
}

}  // namespace hookwarden::cli
