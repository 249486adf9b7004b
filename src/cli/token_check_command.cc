// `hookwarden token check TOKEN`: says offline whether a string is a
// well-formed hookwarden token, and if not, what is wrong with it.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/token_diagnosis.h"
#include "domain/integration_token.h"

namespace hookwarden::cli {
namespace {

// Reads the first line of standard input, without its line ending. False
// when standard input is empty.
bool ReadTokenLine(std::string& token) {
  if (!std::getline(std::cin, token)) return false;
  if (!token.empty() && token.back() == '\r') token.pop_back();
  return true;
}

int CheckToken(std::string token) {
  if (token == "-" && !ReadTokenLine(token)) {
    std::cerr << "hookwarden: no token on standard input\n";
    return 1;
  }
  TokenDiagnosis diagnosis = DiagnoseToken(token);
  if (!diagnosis.ok()) {
    std::cerr << "hookwarden: not a valid token: " << diagnosis.problem << "\n";
    return 1;
  }
  std::cout << TokenKindName(*diagnosis.kind) << "\n";
  return 0;
}

}  // namespace

void AddTokenCheckCommand(CLI::App& app, int* exit_code) {
  CLI::App* token = app.add_subcommand(
      "token", "Offline checks of hookwarden tokens (no server needed)");
  token->require_subcommand(1);
  auto value = std::make_shared<std::string>();
  CLI::App* check = token->add_subcommand(
      "check", "Say whether TOKEN is a well-formed hookwarden token");
  check
      ->add_option("token", *value,
                   "The token, or - to read one line of standard input")
      ->required();
  check->footer(
      "Prints the token's kind (integration, activation, deploy, personal, "
      "badge or ping) "
      "and exits 0 when it is well formed; otherwise says what is wrong on "
      "standard error and exits 1. Only the format and checksum are checked, "
      "not whether the server issued the token or still accepts it. Pass - "
      "to keep the token out of the process list.\n");
  check->callback([value, exit_code] { *exit_code = CheckToken(*value); });
}

}  // namespace hookwarden::cli
