// `hookwarden secrets ...`: the organization's secrets variables through the
// HTTP API: list, create, delete. A value is read from standard input or a
// file, never from the command line, where it would land in the shell's
// history and the process list; no command ever prints one.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "cli/client_command.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/json_fields.h"
#include "cli/table.h"
#include "cli/whole_list.h"
#include "domain/secret.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

struct SecretsFlags {
  ClientFlags client;
  std::string name;
  std::string value_file;
  bool force = false;
  bool yes = false;
};

std::string SecretsPath(const ClientFlags& flags) {
  return OrgPath(flags) + "/secrets";
}

int List(const SecretsFlags& flags) {
  auto answer =
      SendListWithApiKey(flags.client, SecretsPath(flags.client), "secrets");
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  const json::array& secrets = Array(answer->json, "secrets");
  if (secrets.empty()) {
    std::cout << "No secrets in organization " << TerminalSafe(flags.client.org)
              << ".\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const json::value& s : secrets) {
    std::string used_by;
    for (const json::value& c : Array(s, "used_by")) {
      used_by += (used_by.empty() ? "" : ", ") + Text(c, "name");
    }
    rows.push_back({Text(s, "name"), Text(s, "created_by"),
                    DisplayTime(Text(s, "created_at"), flags.client.zone()),
                    OrDash(used_by)});
  }
  std::cout << FormatTable(
      {{"NAME"}, {"CREATED BY"}, {"CREATED AT"}, {"USED BY"}}, rows);
  return 0;
}

// `text` without one final line ending ("\n" or "\r\n"), as `echo` and
// editors add one.
std::string WithoutFinalNewline(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

// The value: the file named by --value-file, or else standard input (one
// line typed without echo on a terminal; everything when piped). One final
// line ending is dropped.
Result<std::string> ReadValue(const SecretsFlags& flags) {
  std::string value;
  if (!flags.value_file.empty()) {
    std::ifstream in(flags.value_file, std::ios::binary);
    if (!in) {
      return Status::Invalid("value", "cannot read " + flags.value_file);
    }
    std::ostringstream content;
    content << in.rdbuf();
    value = content.str();
  } else if (isatty(STDIN_FILENO) == 1) {
    if (!ReadSecretLine("Value of " + flags.name + ": ", value)) value.clear();
  } else {
    value.assign(std::istreambuf_iterator<char>(std::cin),
                 std::istreambuf_iterator<char>());
  }
  value = WithoutFinalNewline(std::move(value));
  if (value.empty()) {
    return Status::Invalid("value",
                           "no value given (pass it on standard input or "
                           "with --value-file)");
  }
  return value;
}

int Create(const SecretsFlags& flags) {
  if (!IsValidSecretName(flags.name)) {
    return Fail(Status::Invalid(
        "name",
        "a secret's name is 1 to 64 of A-Z, 0-9 and '_', not starting with a "
        "digit"));
  }
  auto value = ReadValue(flags);
  if (!value.ok()) return Fail(value.status());
  auto answer = SendWithApiKey(
      flags.client, "POST", SecretsPath(flags.client),
      json::value(json::object{{"name", flags.name}, {"value", *value}}));
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  std::cout << "Created secret " << TerminalSafe(flags.name)
            << ". Its value is never shown again; to change it, delete the "
               "secret and create it again.\n";
  return 0;
}

int Delete(const SecretsFlags& flags) {
  std::string what = "Delete secret " + TerminalSafe(flags.name) +
                     ": its value is gone for good";
  what += flags.force ? ", and the notification channels that name it fail "
                        "until it is created again."
                      : ".";
  if (Status ok = ConfirmOnTerminal(what, flags.yes); !ok.ok()) {
    return Fail(ok);
  }
  std::string path = SecretsPath(flags.client) + "/" + PathSegment(flags.name);
  if (flags.force) path += "?force=true";
  auto answer = SendWithApiKey(flags.client, "DELETE", path);
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  std::cout << "Deleted secret " << TerminalSafe(flags.name) << ".\n";
  return 0;
}

}  // namespace

void AddSecretsCommands(CLI::App& app, int* exit_code) {
  CLI::App* secrets = app.add_subcommand(
      "secrets",
      "Secrets variables of an organization, through the HTTP API (values are "
      "never shown)");
  secrets->require_subcommand(1);
  secrets->footer(std::string(kClientEnvironment));

  auto list = std::make_shared<SecretsFlags>();
  AddClientSubcommand(
      *secrets, "list",
      "List the secrets: names, creators, times, the channels that "
      "use them",
      list, List, exit_code);

  auto create = std::make_shared<SecretsFlags>();
  CLI::App* create_command = AddClientSubcommand(
      *secrets, "create", "Create a secret (admins and owners)", create, Create,
      exit_code);
  create_command->add_option("name", create->name, "NAME, as in {{NAME}}")
      ->required();
  create_command->add_option(
      "--value-file", create->value_file,
      "Read the value from this file instead of standard input");
  create_command->footer(
      std::string(kClientEnvironment) +
      "\nThe value (1 to 4096 bytes) is read from --value-file or else from "
      "standard input: typed without echo on a terminal, or all of it when "
      "piped. One final line ending is dropped. It is never taken from the "
      "command line, where it would land in the shell's history.\n");

  auto remove = std::make_shared<SecretsFlags>();
  CLI::App* delete_command = AddClientSubcommand(
      *secrets, "delete", "Delete a secret (admins and owners)", remove, Delete,
      exit_code);
  delete_command->add_option("name", remove->name, "The secret's name")
      ->required();
  delete_command->add_flag("--force", remove->force,
                           "Delete it even while notification channels use it");
  AddYesFlag(*delete_command, &remove->yes);
}

}  // namespace hookwarden::cli
