#include "cli/client_command.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/table.h"
#include "cli/token_diagnosis.h"

namespace hookwarden::cli {

void AddClientFlags(CLI::App& command, ClientFlags& flags) {
  flags.org_option =
      command.add_option("--org", flags.org, "The organization's slug or id")
          ->envname("HOOKWARDEN_ORG")
          ->capture_default_str();
  command
      .add_option("--url", flags.url, "The hookwarden server (http or https)")
      ->envname("HOOKWARDEN_URL")
      ->capture_default_str();
  command
      .add_option("--cacert", flags.cacert,
                  "https: a CA certificate file (PEM) to trust besides the "
                  "system's trust store, for a server whose certificate a "
                  "private CA signed")
      ->envname("HOOKWARDEN_CACERT");
  command.add_flag("--json", flags.json,
                   "Print the server's JSON answer as is, for scripts");
  command.add_flag("--local", flags.local,
                   "Print times in the local zone (TZ), named; without it, "
                   "times are in UTC");
}

Result<ApiClient> MakeClient(const ClientFlags& flags, bool api_key) {
  ApiClientOptions options;
  options.url = flags.url;
  options.cacert = flags.cacert;
  if (api_key) {
    const char* env = std::getenv("HOOKWARDEN_API_KEY");
    if (env == nullptr || *env == '\0') {
      return Status::Unauthenticated(
          "HOOKWARDEN_API_KEY is not set; create a personal API key (POST "
          "/api/v1/api-keys) and export it");
    }
    TokenDiagnosis diagnosis = DiagnoseToken(env);
    if (!diagnosis.ok()) {
      return Status::Unauthenticated(
          "HOOKWARDEN_API_KEY is not a valid personal API key: " +
          diagnosis.problem);
    }
    if (*diagnosis.kind != auth::TokenKind::kPersonal) {
      return Status::Unauthenticated(
          "HOOKWARDEN_API_KEY holds " +
          std::string(auth::TokenPrefix(*diagnosis.kind)) +
          "... token, not a personal API key (hwp_...)");
    }
    options.api_key = env;
  }
  return ApiClient::Create(std::move(options));
}

std::string OrgPath(const ClientFlags& flags) {
  return "/api/v1/orgs/" + PathSegment(flags.org);
}

int Fail(const Status& status) {
  std::cerr << "hookwarden: " << status.message() << "\n";
  return 1;
}

int FailAnswer(const ClientFlags& flags, const ApiResponse& answer,
               std::string_view hint_401) {
  if (flags.json && !answer.body.empty()) PrintJson(answer);
  std::cout << std::flush;
  std::cerr << "hookwarden: " << DescribeError(answer) << "\n";
  if (answer.status == 401 && !hint_401.empty()) std::cerr << hint_401 << "\n";
  return 1;
}

int PrintJson(const ApiResponse& answer) {
  std::cout << answer.body;
  if (answer.body.empty() || answer.body.back() != '\n') std::cout << "\n";
  return 0;
}

std::optional<ApiResponse> SendWithApiKey(
    const ClientFlags& flags, std::string_view method, const std::string& path,
    const std::optional<boost::json::value>& body) {
  auto client = MakeClient(flags, /*api_key=*/true);
  if (!client.ok()) {
    Fail(client.status());
    return std::nullopt;
  }
  auto answer = client->Call(method, path, body);
  if (!answer.ok()) {
    Fail(answer.status());
    return std::nullopt;
  }
  if (!answer->ok()) {
    FailAnswer(flags, *answer,
               "(the server rejected HOOKWARDEN_API_KEY: it may have been "
               "deleted or revoked)");
    return std::nullopt;
  }
  return std::move(*answer);
}

bool ReadSecretLine(std::string_view prompt, std::string& line) {
  bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  bool echo_off = false;
  if (terminal) {
    std::cerr << prompt << std::flush;
    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      echo_off = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
  }
  bool read = static_cast<bool>(std::getline(std::cin, line));
  if (echo_off) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (read && !line.empty() && line.back() == '\r') line.pop_back();
  return read;
}

}  // namespace hookwarden::cli
