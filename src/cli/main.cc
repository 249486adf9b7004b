// The hookwarden binary: `serve` runs the server, `admin ...` works offline
// on the store, `version` prints the version, `token check` checks a token's
// format offline, `tokens ...` manages webhook credentials and `secrets ...`
// secrets variables through the API.
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include "auth/random.h"
#include "cli/commands.h"
#include "common/allocator.h"

int main(int argc, char** argv) {
  hookwarden::auth::EnsureSodium();
  // A long-running server's memory stays flat once its caches are warm.
  (void)hookwarden::BoundAllocatorCaches();
  // Whatever the binary creates (the data directory, the database and its
  // journal files, keys) is its user's alone: 0700 and 0600.
  umask(077);
  CLI::App app{"hookwarden: webhook credentials and reliability data",
               "hookwarden"};
  app.require_subcommand(1);
  int exit_code = 0;
  hookwarden::cli::AddServeCommand(app, &exit_code);
  hookwarden::cli::AddAdminCommands(app, &exit_code);
  hookwarden::cli::AddVersionCommand(app, &exit_code);
  hookwarden::cli::AddTokenCheckCommand(app, &exit_code);
  hookwarden::cli::AddTokensCommands(app, &exit_code);
  hookwarden::cli::AddSecretsCommands(app, &exit_code);
  hookwarden::cli::AddIncidentsCommands(app, &exit_code);
  hookwarden::cli::AddMetricsCommand(app, &exit_code);
  hookwarden::cli::AddConfigurationCommands(app, &exit_code);
  hookwarden::cli::AddRunCommand(app, &exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
