#include "cli/tokens_view.h"

#include <boost/json.hpp>
#include <utility>
#include <vector>

#include "cli/json_fields.h"
#include "cli/table.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

// A time member for people, or `absent` when it is null or missing.
std::string TimeOr(const json::value& v, std::string_view key,
                   std::string_view absent, Zone zone) {
  std::string text = Text(v, key);
  return text.empty() ? std::string(absent) : DisplayTime(text, zone);
}

// "checkout (app_1), billing (app_2)", or "none".
std::string ApplicationList(const json::value& v) {
  std::string out;
  for (const json::value& app : Array(v, "applications")) {
    if (!out.empty()) out += ", ";
    std::string name = Text(app, "slug");
    if (name.empty()) name = Text(app, "name");
    out += OrDash(name) + " (" + OrDash(Text(app, "id")) + ")";
  }
  return out.empty() ? "none" : out;
}

// Who created the credential: a user id, or a user object's username.
std::string Creator(const json::value& credential) {
  const json::value* by = Member(credential, "created_by");
  if (by == nullptr) return "";
  if (const json::string* s = by->if_string()) return std::string(*s);
  std::string name = Text(*by, "username");
  if (name.empty()) name = Text(*by, "user_id");
  if (name.empty()) name = Text(*by, "id");
  return name;
}

// "<time> from <address> (<user agent>)", leaving out the parts that are
// null; `never` when the time is null.
std::string Usage(const json::value& credential, std::string_view at,
                  std::string_view from, std::string_view agent, Zone zone) {
  std::string when = Text(credential, at);
  if (when.empty()) return "never";
  std::string out = DisplayTime(when, zone);
  std::string address = Text(credential, from);
  if (!address.empty()) out += " from " + address;
  std::string user_agent = agent.empty() ? "" : Text(credential, agent);
  if (!user_agent.empty()) out += " (" + user_agent + ")";
  return out;
}

// `text` line by line, each made terminal-safe and indented.
std::string Indented(std::string_view text, std::string_view indent) {
  std::string out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += std::string(indent) + TerminalSafe(line) + "\n";
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

std::string FormatCredentialList(const json::value& answer,
                                 std::string_view org, Zone zone) {
  const json::array& items = Array(answer, "integration_tokens");
  if (items.empty()) {
    return "No integration tokens in organization " + TerminalSafe(org) + ".\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const json::value& c : items) {
    bool deploy = Text(c, "type") == "deploy";
    rows.push_back({OrDash(Text(c, "id")), OrDash(Text(c, "type")),
                    OrDash(Text(c, "name")), OrDash(Text(c, "hint")),
                    deploy ? "-" : TimeOr(c, "activated_at", "never", zone),
                    TimeOr(c, "last_used_at", "never", zone),
                    OrDash(Text(c, "use_count"))});
  }
  return FormatTable({{"ID"},
                      {"TYPE"},
                      {"NAME"},
                      {"HINT"},
                      {"ACTIVATED"},
                      {"LAST USED"},
                      {"USES", Align::kRight}},
                     rows);
}

std::string FormatCredential(const json::value& c, Zone zone) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"ID", OrDash(Text(c, "id"))},
      {"Type", OrDash(Text(c, "type"))},
      {"Name", OrDash(Text(c, "name"))},
  };
  bool deploy = Text(c, "type") == "deploy";
  if (!deploy) fields.emplace_back("Hint", OrDash(Text(c, "hint")));
  fields.emplace_back("Generation", OrDash(Text(c, "generation")));
  std::string created = TimeOr(c, "created_at", "-", zone);
  if (std::string by = Creator(c); !by.empty()) created += " by " + by;
  fields.emplace_back("Created", created);
  fields.emplace_back("Updated", TimeOr(c, "updated_at", "-", zone));
  if (!deploy) {
    fields.emplace_back("Activated", Usage(c, "activated_at", "activated_from",
                                           "activated_user_agent", zone));
  }
  fields.emplace_back("Last used",
                      Usage(c, "last_used_at", "last_used_from", "", zone));
  fields.emplace_back("Uses", OrDash(Text(c, "use_count")));
  fields.emplace_back("Applications", ApplicationList(c));
  return FormatLabelled(fields);
}

std::string FormatIntegrationToken(const json::value& answer) {
  std::string token = Text(answer, "token");
  if (token.empty()) return "";
  std::string out = "Integration token: " + TerminalSafe(token) + "\n";
  std::string curl = Text(answer, "curl");
  if (!curl.empty()) {
    out +=
        "Run this once to activate the API; it answers with the API "
        "activation token that applications send with hits and failures:\n";
    out += Indented(curl, "  ");
  }
  return out;
}

std::string DeployTokenNote(std::string_view org) {
  return "A deploy credential has no token of its own: each application that "
         "names it gets its own deploy token, shown on the application's page "
         "and by GET /api/v1/orgs/" +
         TerminalSafe(org) + "/applications/<app>/deploy-token.\n";
}

std::string RegenerationWarning(const json::value& answer, bool renamed,
                                Zone zone) {
  std::string type = Text(answer, "type");
  std::string which =
      type == "deploy" ? "the applications' previous deploy tokens"
      : type == "hits_failure"
          ? "the previous integration token and its API activation token"
          : "the tokens previously issued under this credential";
  std::string warning =
      renamed ? "Warning: renaming generated new credentials; " : "Warning: ";
  std::string until = Text(answer, "previous_valid_until");
  if (!until.empty()) {
    return warning + which + " keep working until " + DisplayTime(until, zone) +
           ", then stop; update whatever uses them before that.\n";
  }
  return warning + which + " are now invalid.\n";
}

std::string FormatActivation(const json::value& answer) {
  const json::value empty;
  const json::value* org = Member(answer, "organization");
  const json::value* credential = Member(answer, "credential");
  if (org == nullptr) org = &empty;
  if (credential == nullptr) credential = &empty;
  std::string out = FormatLabelled({
      {"API activation token", OrDash(Text(answer, "api_token"))},
      {"Organization",
       OrDash(Text(*org, "name")) + " (" + OrDash(Text(*org, "slug")) + ")"},
      {"Credential", OrDash(Text(*credential, "name")) + " (" +
                         OrDash(Text(*credential, "id")) + ")"},
  });
  std::string curl = Text(answer, "curl");
  if (!curl.empty()) {
    out += "Report a hit with:\n";
    out += Indented(curl, "  ");
  }
  return out;
}

std::string FormatDeletion(const json::value& answer) {
  std::string out = "Deleted credential " +
                    TerminalSafe(OrDash(Text(answer, "id"))) +
                    "; every token issued under it stopped working.\n";
  const json::array& apps = Array(answer, "applications");
  if (apps.empty()) return out + "No application used it.\n";
  out += "Applications that used it (they now show it as deleted):\n";
  std::vector<std::vector<std::string>> rows;
  for (const json::value& app : apps) {
    rows.push_back({OrDash(Text(app, "slug")), OrDash(Text(app, "name")),
                    OrDash(Text(app, "id"))});
  }
  return out + FormatTable({{"SLUG"}, {"NAME"}, {"ID"}}, rows);
}

}  // namespace hookwarden::cli
