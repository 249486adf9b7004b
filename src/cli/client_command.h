// What the client subcommands (`hookwarden tokens ...`) share: their common
// flags, how they get an ApiClient from the environment, and how they report
// failures and print --json answers.
//
// Environment: HOOKWARDEN_URL (the server, http or https, default
// http://127.0.0.1:8080), HOOKWARDEN_CACERT (a private CA for https),
// HOOKWARDEN_API_KEY (a personal API key, hwp_...: never an argument, so it
// stays out of the process list), HOOKWARDEN_ORG (default "default").
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "cli/api_client.h"
#include "cli/json_fields.h"
#include "common/status.h"

namespace hookwarden::cli {

struct ClientFlags {
  std::string org = "default";
  std::string url = "http://127.0.0.1:8080";
  std::string cacert;  // https: a private CA, besides the system's.
  bool json = false;
  bool local = false;  // Times in the local zone rather than UTC.
  CLI::Option* org_option = nullptr;  // Set by AddClientFlags.

  // The zone times are printed in.
  Zone zone() const { return local ? Zone::kLocal : Zone::kUtc; }

  // True when --org or HOOKWARDEN_ORG was given rather than defaulted.
  bool org_given() const { return org_option && org_option->count() > 0; }
};

// Adds --org (HOOKWARDEN_ORG), --url (HOOKWARDEN_URL), --cacert
// (HOOKWARDEN_CACERT), --json and --local to `command`, bound to `flags`,
// which must outlive the command.
void AddClientFlags(CLI::App& command, ClientFlags& flags);

// Returns a client for flags.url. With `api_key`, it sends
// HOOKWARDEN_API_KEY, which must then be set and hold a well-formed personal
// API key (checked offline; the message never shows the key). Without, it
// sends no API key. Reads the environment; not thread-safe against setenv.
Result<ApiClient> MakeClient(const ClientFlags& flags, bool api_key);

// "/api/v1/orgs/<org>" with the organization percent-encoded.
std::string OrgPath(const ClientFlags& flags);

// Writes "hookwarden: <message>" to standard error; returns 1, the exit code.
int Fail(const Status& status);

// For an answer that is not 2xx: with --json, writes its body as is to
// standard output; always writes "hookwarden: " + DescribeError(answer) to
// standard error, then `hint_401` on a line of its own when the status is
// 401 and the hint is not empty. Returns 1.
int FailAnswer(const ClientFlags& flags, const ApiResponse& answer,
               std::string_view hint_401 = "");

// Sends one request with HOOKWARDEN_API_KEY and returns the answer when it is
// 2xx. Otherwise reports the failure on standard error (as FailAnswer, with a
// hint that the API key may be gone) and returns nullopt; the exit code is
// then 1.
std::optional<ApiResponse> SendWithApiKey(
    const ClientFlags& flags, std::string_view method, const std::string& path,
    const std::optional<boost::json::value>& body = {});

// The environment the client commands read, for their --help footers.
inline constexpr std::string_view kClientEnvironment =
    "Environment: HOOKWARDEN_URL (the server, http or https; default "
    "http://127.0.0.1:8080), HOOKWARDEN_CACERT (a private CA's certificate "
    "for https), HOOKWARDEN_API_KEY (a personal API key, "
    "hwp_...), HOOKWARDEN_ORG (the organization; default \"default\").\n";

// Adds subcommand `name` to `parent`, with the client flags bound to
// flags->client and `footer`; running it stores run(*flags) in *exit_code.
// `flags` lives as long as the command.
template <class Flags>
CLI::App* AddClientSubcommand(CLI::App& parent, const char* name,
                              const char* help, std::shared_ptr<Flags> flags,
                              int (*run)(const Flags&), int* exit_code,
                              std::string_view footer = kClientEnvironment) {
  CLI::App* command = parent.add_subcommand(name, help);
  AddClientFlags(*command, flags->client);
  command->footer(std::string(footer));
  command->callback([flags, run, exit_code] { *exit_code = run(*flags); });
  return command;
}

// Writes the answer's body as is to standard output, followed by a newline
// when it has none. Returns 0.
int PrintJson(const ApiResponse& answer);

// Reads one line of standard input without its line ending. When standard
// input is a terminal, first writes `prompt` to standard error and turns off
// echo while the line is typed. Returns false at end of input.
bool ReadSecretLine(std::string_view prompt, std::string& line);

}  // namespace hookwarden::cli
