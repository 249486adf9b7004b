// `hookwarden admin ...`: offline work on the store, for the operator of the
// machine (who can read the data directory anyway).
#include <cstdlib>
#include <iostream>
#include <string>

#include "auth/password.h"
#include "auth/random.h"
#include "cli/commands.h"
#include "cli/store_flags.h"
#include "common/clock.h"
#include "common/time_format.h"
#include "domain/naming.h"
#include "services/password_change.h"

namespace hookwarden::cli {
namespace {

struct UserFlags {
  StoreFlags store;
  std::string username;
  bool keep_api_keys = false;  // reset-password only.
};

int Fail(const Status& status) {
  std::cerr << "hookwarden: " << status.message() << "\n";
  return 1;
}

// The new password: HOOKWARDEN_PASSWORD, or one line of standard input;
// either way it must pass the rule every password does.
Result<std::string> ReadPassword() {
  std::string password;
  if (const char* env = std::getenv("HOOKWARDEN_PASSWORD"); env && *env) {
    password = env;
  } else {
    std::cerr << "Password: " << std::flush;
    if (!std::getline(std::cin, password)) {
      return Status::Invalid(
          "password",
          "no password given (HOOKWARDEN_PASSWORD or standard input)");
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  HW_RETURN_IF_ERROR(auth::ValidateNewPassword(password));
  return password;
}

int CreateUser(const UserFlags& flags) {
  if (!IsValidUsername(flags.username)) {
    return Fail(Status::Invalid(
        "username",
        "username must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'"));
  }
  auto store = flags.store.Open();
  if (!store.ok()) return Fail(store.status());
  auto password = ReadPassword();
  if (!password.ok()) return Fail(password.status());
  auto hash = auth::HashPassword(*password);
  if (!hash.ok()) return Fail(hash.status());
  User user{auth::NewId("usr"), flags.username, *hash,
            SystemClock().NowMillis()};
  Status created = (*store)->CreateUser(user);
  if (!created.ok()) return Fail(created);
  std::cout << "created user " << user.username << " (" << user.id << ")\n";
  return 0;
}

int ResetPassword(const UserFlags& flags) {
  auto store = flags.store.Open();
  if (!store.ok()) return Fail(store.status());
  auto user = (*store)->FindUserByUsername(flags.username);
  if (!user.ok())
    return Fail(Status::NotFound("no user named " + flags.username));
  auto password = ReadPassword();
  if (!password.ok()) return Fail(password.status());
  auto changed =
      auth::ChangePassword(**store, user->id, *password, flags.keep_api_keys);
  if (!changed.ok()) return Fail(changed.status());
  std::cout << "password of " << user->username
            << " reset; their sessions were ended";
  if (flags.keep_api_keys) {
    std::cout << "; their API keys were kept\n";
  } else {
    std::cout << " and their " << changed->api_keys_revoked
              << " API key(s) revoked\n";
  }
  return 0;
}

int ListUsers(const StoreFlags& flags) {
  auto store = flags.Open();
  if (!store.ok()) return Fail(store.status());
  auto users = (*store)->ListUsers();
  if (!users.ok()) return Fail(users.status());
  for (const User& u : *users) {
    std::cout << u.username << "\t" << u.id << "\t"
              << FormatRfc3339(u.created_at) << "\n";
  }
  return 0;
}

CLI::App* AddUserCommand(CLI::App& admin, const char* name, const char* help,
                         std::shared_ptr<UserFlags> flags) {
  CLI::App* command = admin.add_subcommand(name, help);
  command->add_option("username", flags->username, "The user's name")
      ->required();
  flags->store.AddTo(*command);
  command->footer(
      "The password is read from HOOKWARDEN_PASSWORD, or else from standard "
      "input.");
  return command;
}

}  // namespace

void AddAdminCommands(CLI::App& app, int* exit_code) {
  CLI::App* admin =
      app.add_subcommand("admin", "Offline administration of the store");
  admin->require_subcommand(1);

  auto create = std::make_shared<UserFlags>();
  AddUserCommand(*admin, "create-user", "Create a user", create)
      ->callback([create, exit_code] { *exit_code = CreateUser(*create); });

  auto reset = std::make_shared<UserFlags>();
  CLI::App* reset_command = AddUserCommand(
      *admin, "reset-password",
      "Set a user's password, end their sessions and revoke their API keys",
      reset);
  reset_command->add_flag("--keep-api-keys", reset->keep_api_keys,
                          "Leave the user's personal API keys working");
  reset_command->callback(
      [reset, exit_code] { *exit_code = ResetPassword(*reset); });

  auto list = std::make_shared<StoreFlags>();
  CLI::App* list_command =
      admin->add_subcommand("list-users", "List every user");
  list->AddTo(*list_command);
  list_command->callback([list, exit_code] { *exit_code = ListUsers(*list); });

  AddRotateMasterKeyCommand(*admin, exit_code);
  AddMigrateStoreCommand(*admin, exit_code);
  AddBackupCommands(*admin, exit_code);
}

}  // namespace hookwarden::cli
