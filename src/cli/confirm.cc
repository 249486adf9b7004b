#include "cli/confirm.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>

namespace hookwarden::cli {

void AddYesFlag(CLI::App& command, bool* yes) {
  command.add_flag("-y,--yes", *yes,
                   "Do not ask for confirmation (needed when standard input "
                   "is not a terminal)");
}

Status Confirm(std::string_view what, bool yes, bool terminal, std::istream& in,
               std::ostream& prompt) {
  if (yes) return Status::Ok();
  if (!terminal) {
    return Status::Invalid(
        "yes", std::string(what) +
                   " Nothing was changed: standard input is not a terminal, "
                   "so pass --yes to confirm.");
  }
  prompt << what << "\nContinue? [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(in, answer)) answer.clear();
  std::erase_if(answer, [](unsigned char c) { return std::isspace(c); });
  std::transform(answer.begin(), answer.end(), answer.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (answer == "y" || answer == "yes") return Status::Ok();
  return Status::Invalid("yes", "Cancelled: nothing was changed.");
}

Status ConfirmOnTerminal(std::string_view what, bool yes) {
  return Confirm(what, yes, isatty(STDIN_FILENO) == 1, std::cin, std::cerr);
}

}  // namespace hookwarden::cli
