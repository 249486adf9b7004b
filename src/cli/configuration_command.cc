// `hookwarden export [--org ORG]` and `hookwarden import FILE [--dry-run]
// [--prune]`: an organization's configuration as one JSON document through
// the HTTP API (see configuration.h), so that a team can keep its setup in
// git and apply it to another server. Neither ever reads or writes a token,
// a secret's value or a password.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>

#include "cli/client_command.h"
#include "cli/commands.h"
#include "cli/configuration.h"
#include "cli/confirm.h"
#include "cli/json_fields.h"
#include "cli/table.h"
#include "cli/whole_list.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

json::value Field(const json::value& v, std::string_view key) {
  const json::value* member = Member(v, key);
  return member ? *member : json::value(nullptr);
}

struct ExportFlags {
  ClientFlags client;
  std::string output;
};

struct ImportFlags {
  ClientFlags client;
  std::string file;
  bool dry_run = false;
  bool prune = false;
  bool yes = false;
};

// The organization's configuration as the server has it; nullopt (the
// failure reported) when an answer is not 2xx.
std::optional<json::object> FetchConfiguration(const ClientFlags& flags,
                                               bool with_ids) {
  OrganizationAnswers answers;
  std::string org = OrgPath(flags);
  auto whole = SendWithApiKey(flags, "GET", org);
  if (!whole) return std::nullopt;
  answers.organization = std::move(whole->json);
  // The lists, each followed to its last page: {suffix, items' field}.
  std::tuple<const char*, const char*, json::value*> lists[] = {
      {"/members", "members", &answers.members},
      {"/products", "products", &answers.products},
      {"/integration-tokens", "integration_tokens",
       &answers.integration_tokens},
      {"/secrets", "secrets", &answers.secrets},
      {"/applications", "applications", &answers.applications},
      {"/channels", "channels", &answers.channels}};
  for (auto& [suffix, field, into] : lists) {
    auto answer = SendListWithApiKey(flags, org + suffix, field);
    if (!answer) return std::nullopt;
    *into = std::move(answer->json);
  }
  return ConfigurationOf(answers, with_ids);
}

// `v` serialized with two spaces of indentation a level, one member a line,
// so that a change in git shows as the lines it touches.
void WritePretty(std::ostream& out, const json::value& v, int depth = 0) {
  std::string pad(2 * depth, ' '), inner(2 * (depth + 1), ' ');
  if (v.is_object() && !v.as_object().empty()) {
    out << "{\n";
    bool first = true;
    for (const auto& member : v.as_object()) {
      out << (first ? "" : ",\n") << inner << json::serialize(member.key())
          << ": ";
      WritePretty(out, member.value(), depth + 1);
      first = false;
    }
    out << "\n" << pad << "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    out << "[\n";
    bool first = true;
    for (const json::value& item : v.as_array()) {
      out << (first ? "" : ",\n") << inner;
      WritePretty(out, item, depth + 1);
      first = false;
    }
    out << "\n" << pad << "]";
  } else {
    out << json::serialize(v);
  }
}

int Export(const ExportFlags& flags) {
  auto document = FetchConfiguration(flags.client, /*with_ids=*/false);
  if (!document) return 1;
  if (flags.output.empty() || flags.output == "-") {
    WritePretty(std::cout, *document);
    std::cout << "\n";
    return 0;
  }
  std::ofstream out(flags.output, std::ios::trunc);
  WritePretty(out, *document);
  out << "\n";
  out.flush();
  if (!out) return Fail(Status::Internal("cannot write " + flags.output));
  std::cerr << "wrote the configuration of " << TerminalSafe(flags.client.org)
            << " to " << flags.output << "\n";
  return 0;
}

Result<json::value> ReadDocument(const std::string& file) {
  std::ostringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::Invalid("file", "cannot read " + file);
    text << in.rdbuf();
  }
  boost::system::error_code ec;
  json::value document = json::parse(text.str(), ec);
  if (ec)
    return Status::Invalid("file", file + " is not JSON: " + ec.message());
  HW_RETURN_IF_ERROR(CheckConfiguration(document));
  return document;
}

// Creates the organization --org names when the caller has none of that
// slug (not in a dry run). Its answer: whether the organization exists now;
// nullopt (reported) on failure.
std::optional<bool> EnsureOrganization(const ImportFlags& flags,
                                       const json::value& document) {
  auto client = MakeClient(flags.client, /*api_key=*/true);
  if (!client.ok()) {
    Fail(client.status());
    return std::nullopt;
  }
  auto found = client->Call("GET", OrgPath(flags.client));
  if (!found.ok()) {
    Fail(found.status());
    return std::nullopt;
  }
  if (found->ok()) return true;
  if (found->status != 404) {
    FailAnswer(flags.client, *found);
    return std::nullopt;
  }
  std::cout << (flags.dry_run ? "would create" : "create") << " organization "
            << TerminalSafe(flags.client.org) << "\n";
  if (flags.dry_run) return false;
  std::string name = Text(Field(document, "organization"), "name");
  auto created = SendWithApiKey(
      flags.client, "POST", "/api/v1/orgs",
      json::object{{"slug", flags.client.org},
                   {"name", name.empty() ? flags.client.org : name}});
  if (!created) return std::nullopt;
  return true;
}

// Lists what the server has and the document lacks, which --prune would
// delete, so that nothing goes unnoticed.
void ListKept(const json::value& document, const json::object& current) {
  for (const ConfigurationChange& change :
       PlanImport(document.as_object(), current, /*prune=*/true)) {
    if (change.kind == ConfigurationChange::Kind::kDelete) {
      std::cout << "not in the file (kept; --prune deletes it): "
                << TerminalSafe(change.resource + " " + change.key) << "\n";
    }
  }
}

// Asks before the deletions of `plan`, if any (confirm.h).
Status ConfirmDeletions(const std::vector<ConfigurationChange>& plan,
                        bool yes) {
  std::string deleted;
  for (const ConfigurationChange& change : plan) {
    if (change.kind != ConfigurationChange::Kind::kDelete) continue;
    deleted += "\n  " + TerminalSafe(change.resource + " " + change.key);
  }
  if (deleted.empty()) return Status::Ok();
  return ConfirmOnTerminal(
      "--prune deletes what the file does not have, for good:" + deleted, yes);
}

int Import(const ImportFlags& flags_in) {
  ImportFlags flags = flags_in;
  auto document = ReadDocument(flags.file);
  if (!document.ok()) return Fail(document.status());
  // The file's organization unless --org (or HOOKWARDEN_ORG) says another.
  std::string named = Text(Field(*document, "organization"), "slug");
  if (!flags.client.org_given() && !named.empty()) flags.client.org = named;
  std::optional<bool> exists = EnsureOrganization(flags, *document);
  if (!exists) return 1;

  json::object current;  // Empty for an organization still to create.
  if (*exists) {
    auto fetched = FetchConfiguration(flags.client, /*with_ids=*/true);
    if (!fetched) return 1;
    current = std::move(*fetched);
  }
  std::vector<ConfigurationChange> plan =
      PlanImport(document->as_object(), current, flags.prune);
  if (plan.empty()) {
    std::cout << "organization " << TerminalSafe(flags.client.org)
              << " already matches " << flags.file << "\n";
    if (!flags.prune) ListKept(*document, current);
    return 0;
  }
  if (!flags.dry_run) {
    if (Status ok = ConfirmDeletions(plan, flags.yes); !ok.ok()) {
      return Fail(ok);
    }
  }
  int failed = 0, manual = 0, applied = 0;
  for (const ConfigurationChange& change : plan) {
    if (change.kind == ConfigurationChange::Kind::kManual) {
      ++manual;
      std::cout << TerminalSafe(Describe(change)) << "\n";
      continue;
    }
    if (flags.dry_run) {
      std::cout << "would " << TerminalSafe(Describe(change)) << "\n";
      continue;
    }
    auto client = MakeClient(flags.client, /*api_key=*/true);
    if (!client.ok()) return Fail(client.status());
    auto answer = client->Call(
        change.method, OrgPath(flags.client) + change.path,
        change.body.is_null() ? std::nullopt
                              : std::optional<json::value>(change.body));
    if (!answer.ok()) return Fail(answer.status());
    if (!answer->ok()) {
      ++failed;
      std::cout << "could not " << TerminalSafe(Describe(change)) << ": "
                << DescribeError(*answer) << "\n";
      continue;
    }
    ++applied;
    // Never the answer's body: a created credential or channel holds a
    // token or a signing secret.
    std::cout << TerminalSafe(Describe(change)) << "\n";
  }
  if (flags.dry_run) {
    std::cout << "dry run: nothing was changed\n";
  } else {
    std::cout << applied << " changes applied";
    if (failed) std::cout << ", " << failed << " failed";
    std::cout << "\n";
  }
  if (!flags.prune) ListKept(*document, current);
  return failed || manual ? 1 : 0;
}

}  // namespace

void AddConfigurationCommands(CLI::App& app, int* exit_code) {
  auto exported = std::make_shared<ExportFlags>();
  CLI::App* export_command = AddClientSubcommand(
      app, "export",
      "Write an organization's configuration as one JSON document", exported,
      &Export, exit_code,
      std::string("Products, applications with their rules, credentials by "
                  "type and name, secrets by name, channels and members: "
                  "never a token, a secret's value or a password.\n") +
          std::string(kClientEnvironment));
  export_command->add_option("--output,-o", exported->output,
                             "The file to write (default: standard output)");

  auto imported = std::make_shared<ImportFlags>();
  CLI::App* import_command = AddClientSubcommand(
      app, "import",
      "Make an organization match a configuration document (idempotent)",
      imported, &Import, exit_code,
      std::string(
          "Creates what is missing and updates what differs; lists what the "
          "server has and the file does not, deleting it only with --prune "
          "(after asking, on a terminal; otherwise with --yes). "
          "Secrets are never created (their values are not in the file): "
          "missing ones are listed. The organization is the file's unless "
          "--org says another; it is created when missing. Exit code 1 when "
          "anything could not be applied.\n") +
          std::string(kClientEnvironment));
  import_command
      ->add_option("file", imported->file,
                   "A document made by `hookwarden export` (- for standard "
                   "input)")
      ->required();
  import_command->add_flag("--dry-run", imported->dry_run,
                           "Only say what would change");
  import_command->add_flag(
      "--prune", imported->prune,
      "Delete what the server has and the file does not (not secrets)");
  AddYesFlag(*import_command, &imported->yes);
}

}  // namespace hookwarden::cli
