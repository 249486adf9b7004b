#include <iostream>

#include "cli/commands.h"

namespace hookwarden::cli {

void AddVersionCommand(CLI::App& app, int* exit_code) {
  CLI::App* command = app.add_subcommand("version", "Print the version");
  command->callback([exit_code] {
    std::cout << "hookwarden " << HOOKWARDEN_VERSION << "\n";
    *exit_code = 0;
  });
}

}  // namespace hookwarden::cli
