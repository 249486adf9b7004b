// `hookwarden tokens ...`: the organization's webhook credentials
// (integration tokens) through the HTTP API, as on the Settings page: list,
// create, show, regenerate, rename, delete, and activate the API with an
// integration token.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/api_client.h"
#include "cli/client_command.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/table.h"
#include "cli/token_diagnosis.h"
#include "cli/tokens_view.h"
#include "cli/whole_list.h"
#include "domain/integration_token.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kEnvironment =
    "Environment: HOOKWARDEN_URL (the server, http or https; default "
    "http://127.0.0.1:8080), HOOKWARDEN_CACERT (a private CA's certificate "
    "for https), HOOKWARDEN_API_KEY (a personal API key, hwp_...; "
    "every subcommand but activate needs it), HOOKWARDEN_ORG (the "
    "organization; default \"default\").\n";

struct TokensFlags {
  ClientFlags client;
  std::string id;
  std::string name;
  std::string type;
  std::optional<int> grace_seconds;
  bool yes = false;
};

// The string member `key` of `v`, or "" when `v` is not an object or the
// member is absent or not a string.
std::string StringMember(const json::value& v, std::string_view key) {
  const json::object* object = v.if_object();
  const json::value* member = object ? object->if_contains(key) : nullptr;
  return member && member->is_string() ? std::string(member->as_string()) : "";
}

std::string CredentialsPath(const ClientFlags& flags) {
  return OrgPath(flags) + "/integration-tokens";
}

std::string CredentialPath(const TokensFlags& flags) {
  return CredentialsPath(flags.client) + "/" + PathSegment(flags.id);
}

// The names of the applications that report with the credential, joined
// with ", ", or "" when none does or the list cannot be read.
std::string ApplicationsUsing(const TokensFlags& flags) {
  auto client = MakeClient(flags.client, /*api_key=*/true);
  if (!client.ok()) return "";
  auto answer = ReadWholeList(
      [&client](const std::string& path) -> std::optional<ApiResponse> {
        auto page = client->Call("GET", path);
        if (!page.ok()) return std::nullopt;
        return std::move(*page);
      },
      OrgPath(flags.client) + "/applications", "applications");
  if (!answer || !answer->ok()) return "";
  const json::object* root = answer->json.if_object();
  const json::value* apps = root ? root->if_contains("applications") : nullptr;
  if (!apps || !apps->is_array()) return "";
  std::string names;
  for (const json::value& app : apps->as_array()) {
    const json::object* a = app.if_object();
    if (!a) continue;
    for (std::string_view key :
         {"hits_failure_credential", "deploy_credential"}) {
      const json::value* c = a->if_contains(key);
      if (c && StringMember(*c, "id") == flags.id) {
        if (!names.empty()) names += ", ";
        names += StringMember(app, "name");
        break;
      }
    }
  }
  return names;
}

// Asks before `action` on the credential (see Confirm), naming the
// applications that stop reporting until they get the new token.
Status ConfirmChange(const TokensFlags& flags, std::string_view action,
                     std::string_view consequence) {
  if (flags.yes) return Status::Ok();
  std::string users = ApplicationsUsing(flags);
  std::string what = std::string(action) + " credential " +
                     TerminalSafe(flags.id) + ": " + std::string(consequence);
  what += users.empty() ? " No application reports with it."
                        : " These applications stop reporting until they use "
                          "the new token: " +
                              TerminalSafe(users) + ".";
  return ConfirmOnTerminal(what, flags.yes);
}

int List(const TokensFlags& flags) {
  auto answer = SendListWithApiKey(flags.client, CredentialsPath(flags.client),
                                   "integration_tokens");
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  std::cout << FormatCredentialList(answer->json, flags.client.org,
                                    flags.client.zone());
  return 0;
}

int Create(const TokensFlags& flags) {
  json::object body{{"type", flags.type}, {"name", flags.name}};
  auto answer = SendWithApiKey(
      flags.client, "POST", CredentialsPath(flags.client), json::value(body));
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  const json::value& c = answer->json;
  std::cout << "Created " << TerminalSafe(flags.type) << " credential \""
            << TerminalSafe(flags.name) << "\"";
  if (std::string id = StringMember(c, "id"); !id.empty()) {
    std::cout << " (" << TerminalSafe(id) << ")";
  }
  std::cout << ".\n";
  if (flags.type == "deploy") {
    std::cout << DeployTokenNote(flags.client.org);
  } else {
    std::cout << "\n" << FormatIntegrationToken(c);
  }
  return 0;
}

int Show(const TokensFlags& flags) {
  auto answer = SendWithApiKey(flags.client, "GET", CredentialPath(flags));
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  const json::value& c = answer->json;
  std::cout << FormatCredential(c, flags.client.zone());
  std::string token = FormatIntegrationToken(c);
  if (StringMember(c, "type") == "deploy") {
    std::cout << "\n" << DeployTokenNote(flags.client.org);
  } else if (!token.empty()) {
    std::cout << "\n" << token;
  } else {
    std::cout << "\n(the integration token is shown to admins and owners "
                 "only)\n";
  }
  return 0;
}

// Prints what regenerate and rename answer: the new token and the warning
// that the previous ones are invalid (on standard error).
void PrintRegenerated(const TokensFlags& flags, const json::value& c,
                      bool renamed) {
  std::string token = FormatIntegrationToken(c);
  if (!token.empty()) {
    std::cout << "\n" << token;
  } else {
    std::cout << "\nEach application that names this credential now has a "
                 "new deploy token, shown on its page and by GET "
              << OrgPath(flags.client) << "/applications/<app>/deploy-token.\n";
  }
  std::cout << std::flush;
  std::cerr << RegenerationWarning(c, renamed, flags.client.zone());
}

int Regenerate(const TokensFlags& flags) {
  std::string consequence = flags.grace_seconds
                                ? "its current tokens stop working in " +
                                      std::to_string(*flags.grace_seconds) +
                                      " seconds."
                                : "its current tokens stop working at once.";
  if (Status ok = ConfirmChange(flags, "Regenerate", consequence); !ok.ok()) {
    return Fail(ok);
  }
  json::object body;
  if (flags.grace_seconds) body["grace_seconds"] = *flags.grace_seconds;
  auto answer =
      SendWithApiKey(flags.client, "POST",
                     CredentialPath(flags) + "/regenerate", json::value(body));
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  const json::value& c = answer->json;
  std::cout << "Regenerated credential \""
            << TerminalSafe(StringMember(c, "name")) << "\" ("
            << TerminalSafe(flags.id) << ").\n";
  PrintRegenerated(flags, c, /*renamed=*/false);
  return 0;
}

int Rename(const TokensFlags& flags) {
  if (Status ok = ConfirmChange(
          flags, "Rename",
          "renaming also regenerates it, and its current tokens stop "
          "working at once.");
      !ok.ok()) {
    return Fail(ok);
  }
  auto answer = SendWithApiKey(flags.client, "PATCH", CredentialPath(flags),
                               json::value(json::object{{"name", flags.name}}));
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  std::cout << "Renamed credential " << TerminalSafe(flags.id) << " to \""
            << TerminalSafe(flags.name) << "\".\n";
  PrintRegenerated(flags, answer->json, /*renamed=*/true);
  return 0;
}

int Delete(const TokensFlags& flags) {
  if (Status ok =
          ConfirmChange(flags, "Delete",
                        "every token issued under it stops working at once.");
      !ok.ok()) {
    return Fail(ok);
  }
  auto answer = SendWithApiKey(flags.client, "DELETE", CredentialPath(flags));
  if (!answer) return 1;
  if (flags.client.json) return PrintJson(*answer);
  std::cout << FormatDeletion(answer->json);
  return 0;
}

// The integration token for `activate`: HOOKWARDEN_INTEGRATION_TOKEN or one
// line of standard input, checked offline.
Result<std::string> ReadIntegrationToken() {
  std::string token;
  if (const char* env = std::getenv("HOOKWARDEN_INTEGRATION_TOKEN");
      env && *env) {
    token = env;
  } else if (!ReadSecretLine("Integration token: ", token)) {
    return Status::Invalid("token",
                           "no integration token (set "
                           "HOOKWARDEN_INTEGRATION_TOKEN or pass it on "
                           "standard input)");
  }
  TokenDiagnosis diagnosis = DiagnoseToken(token);
  if (!diagnosis.ok()) {
    return Status::Invalid(
        "token", "that is not a valid integration token: " + diagnosis.problem);
  }
  if (*diagnosis.kind != auth::TokenKind::kIntegration) {
    return Status::Invalid(
        "token", "that is " + std::string(TokenKindName(*diagnosis.kind)) +
                     " token (" +
                     std::string(auth::TokenPrefix(*diagnosis.kind)) +
                     "...), not an integration token (hwi_...)");
  }
  return token;
}

int Activate(const TokensFlags& flags) {
  auto token = ReadIntegrationToken();
  if (!token.ok()) return Fail(token.status());
  auto client = MakeClient(flags.client, /*api_key=*/false);
  if (!client.ok()) return Fail(client.status());
  auto answer = client->Call("POST", "/api/v1/activate", std::nullopt,
                             {{"Authorization", "Bearer " + *token}});
  if (!answer.ok()) return Fail(answer.status());
  if (!answer->ok()) {
    return FailAnswer(flags.client, *answer,
                      "(the server rejected the integration token: it may "
                      "have been regenerated, deleted or revoked)");
  }
  if (flags.client.json) return PrintJson(*answer);
  std::cout << FormatActivation(answer->json) << std::flush;
  if (flags.client.org_given()) {
    json::value org;
    if (const json::object* root = answer->json.if_object()) {
      if (const json::value* o = root->if_contains("organization")) org = *o;
    }
    std::string slug = StringMember(org, "slug");
    if (flags.client.org != slug &&
        flags.client.org != StringMember(org, "id")) {
      std::cerr << "Warning: this integration token belongs to organization "
                << TerminalSafe(slug) << ", not "
                << TerminalSafe(flags.client.org) << ".\n";
    }
  }
  return 0;
}

}  // namespace

void AddTokensCommands(CLI::App& app, int* exit_code) {
  CLI::App* tokens = app.add_subcommand(
      "tokens",
      "Webhook credentials (integration tokens) of an organization, through "
      "the HTTP API");
  tokens->require_subcommand(1);
  tokens->footer(std::string(kEnvironment));

  auto list = std::make_shared<TokensFlags>();
  AddClientSubcommand(*tokens, "list",
                      "List the credentials (never their token values)", list,
                      List, exit_code, kEnvironment);

  auto create = std::make_shared<TokensFlags>();
  CLI::App* create_command = AddClientSubcommand(
      *tokens, "create",
      "Create a credential; a hits_failure one comes with its integration "
      "token and the curl command that activates the API",
      create, Create, exit_code, kEnvironment);
  create_command->add_option("--type", create->type, "Type of webhook")
      ->required()
      ->check(CLI::IsMember({"hits_failure", "deploy"}));
  create_command
      ->add_option("name", create->name, "A name to identify the credential")
      ->required();

  auto show = std::make_shared<TokensFlags>();
  CLI::App* show_command = AddClientSubcommand(
      *tokens, "show",
      "Show a credential, with its integration token for admins and owners "
      "(each such read is audited)",
      show, Show, exit_code, kEnvironment);
  show_command->add_option("id", show->id, "The credential's id")->required();

  auto regenerate = std::make_shared<TokensFlags>();
  CLI::App* regenerate_command = AddClientSubcommand(
      *tokens, "regenerate",
      "Issue new tokens for a credential; the old ones become invalid",
      regenerate, Regenerate, exit_code, kEnvironment);
  regenerate_command->add_option("id", regenerate->id, "The credential's id")
      ->required();
  regenerate_command
      ->add_option("--grace", regenerate->grace_seconds,
                   "Seconds the old tokens keep working (1 to 86400; default: "
                   "none, they stop at once)")
      ->check(CLI::Range(1, 86400));
  AddYesFlag(*regenerate_command, &regenerate->yes);

  auto rename = std::make_shared<TokensFlags>();
  CLI::App* rename_command = AddClientSubcommand(
      *tokens, "rename",
      "Rename a credential; this also issues new tokens and invalidates the "
      "old ones",
      rename, Rename, exit_code, kEnvironment);
  rename_command->add_option("id", rename->id, "The credential's id")
      ->required();
  rename_command->add_option("new_name", rename->name, "The new name")
      ->required();
  AddYesFlag(*rename_command, &rename->yes);

  auto remove = std::make_shared<TokensFlags>();
  CLI::App* delete_command = AddClientSubcommand(
      *tokens, "delete",
      "Delete a credential; every token issued under it stops working", remove,
      Delete, exit_code, kEnvironment);
  delete_command->add_option("id", remove->id, "The credential's id")
      ->required();
  AddYesFlag(*delete_command, &remove->yes);

  auto activate = std::make_shared<TokensFlags>();
  CLI::App* activate_command = AddClientSubcommand(
      *tokens, "activate",
      "Activate the API with an integration token and print the API "
      "activation token",
      activate, Activate, exit_code, kEnvironment);
  activate_command->footer(
      std::string(kEnvironment) +
      "\nThe integration token (hwi_...) is read from "
      "HOOKWARDEN_INTEGRATION_TOKEN or else from one line of standard input, "
      "never from the command line (where it would show in the process "
      "list). Needs no HOOKWARDEN_API_KEY. With --org, warns when the token "
      "belongs to another organization.\n");
}

}  // namespace hookwarden::cli
