#include "cli/bootstrap.h"

#include <cstdlib>

#include "auth/password.h"
#include "auth/random.h"

namespace hookwarden::cli {

Status BootstrapFirstRun(Store& store, const Clock& clock,
                         std::ostream& terminal) {
  auto users = store.CountUsers();
  if (!users.ok()) return users.status();
  if (*users > 0) return Status::Ok();

  const char* env = std::getenv("HOOKWARDEN_ADMIN_PASSWORD");
  bool generated = env == nullptr || *env == '\0';
  std::string password = generated ? auth::RandomBase62(20) : env;
  if (!generated) HW_RETURN_IF_ERROR(auth::ValidateNewPassword(password));
  auto hash = auth::HashPassword(password);
  if (!hash.ok()) return hash.status();

  int64_t now = clock.NowMillis();
  User admin{auth::NewId("usr"), "admin", *hash, now};
  HW_RETURN_IF_ERROR(store.CreateUser(admin));
  Organization org{auth::NewId("org"), "Default", "default", now};
  AuditEntry audit{0,
                   org.id,
                   now,
                   admin.id,
                   admin.username,
                   "organization.created",
                   "organization",
                   org.id,
                   org.name,
                   "local",
                   "{}"};
  HW_RETURN_IF_ERROR(store.CreateOrganization(org, admin.id, audit));
  if (generated) {
    terminal << "\nCreated user 'admin' with password: " << password
             << "\n(shown only this once; set HOOKWARDEN_ADMIN_PASSWORD to "
                "choose it)\n\n"
             << std::flush;
  }
  return Status::Ok();
}

}  // namespace hookwarden::cli
