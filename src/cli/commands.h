// The subcommands of the hookwarden binary, one file each. Each Add*
// function registers its subcommand on `app`; the subcommand's callback runs
// it and stores the process exit code in `*exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace hookwarden::cli {

void AddServeCommand(CLI::App& app, int* exit_code);
void AddVersionCommand(CLI::App& app, int* exit_code);
void AddAdminCommands(CLI::App& app, int* exit_code);
// `admin rotate-master-key`, on the `admin` command
// (rotate_master_key_command.cc).
void AddRotateMasterKeyCommand(CLI::App& admin, int* exit_code);
// `admin migrate-store`, on the `admin` command (migrate_store_command.cc).
void AddMigrateStoreCommand(CLI::App& admin, int* exit_code);
// `admin backup` and `admin restore`, on the `admin` command
// (backup_command.cc).
void AddBackupCommands(CLI::App& admin, int* exit_code);
// `token check`: offline check of a token's format (token_check_command.cc).
void AddTokenCheckCommand(CLI::App& app, int* exit_code);
// `tokens ...`: webhook credentials through the HTTP API (tokens_command.cc).
void AddTokensCommands(CLI::App& app, int* exit_code);
// `secrets ...`: secrets variables through the HTTP API (secrets_command.cc).
void AddSecretsCommands(CLI::App& app, int* exit_code);
// `incidents ...` and `metrics`: incidents and reliability figures through
// the HTTP API (incidents_command.cc).
void AddIncidentsCommands(CLI::App& app, int* exit_code);
void AddMetricsCommand(CLI::App& app, int* exit_code);
// `export` and `import`: an organization's configuration as one JSON
// document through the HTTP API (configuration_command.cc).
void AddConfigurationCommands(CLI::App& app, int* exit_code);
// `run --app APP -- COMMAND...`: runs a job and reports how it ended
// (run_command.cc).
void AddRunCommand(CLI::App& app, int* exit_code);

}  // namespace hookwarden::cli
