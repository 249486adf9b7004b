// For tests: a database of its own on the PostgreSQL server of the tests,
// named by HOOKWARDEN_TEST_POSTGRES_URL (a libpq URI of a superuser, e.g.
// postgresql://user:password@127.0.0.1:port/postgres; `make test` starts
// such a server and sets it). A fresh database per test lets tests run in
// parallel on one server. Linked into the tests only.
#pragma once

#include <memory>
#include <string>

namespace hookwarden::testing {

// The variable that names the tests' PostgreSQL server.
inline constexpr const char* kTestPostgresUrlVariable =
    "HOOKWARDEN_TEST_POSTGRES_URL";

// The message a test fails with when the variable is unset.
std::string MissingTestPostgresMessage();

// The variable that names PgBouncer in front of that server, in transaction
// pooling mode (scripts/test-postgres.sh starts it too), with the same user
// and password.
inline constexpr const char* kTestPgBouncerUrlVariable =
    "HOOKWARDEN_TEST_PGBOUNCER_URL";

// The message a test fails with when that variable is unset.
std::string MissingTestPgBouncerMessage();

// `url` naming database `name` instead of its own (keeping its parameters).
std::string WithDatabase(const std::string& url, const std::string& name);

class ScratchDatabase {
 public:
  // Creates a database with a name no other test uses. On failure url() is
  // empty and error() says why (the variable unset, the server down).
  ScratchDatabase();
  // Drops the database, ending any session still connected to it.
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // The database's URL, or "" when it could not be created.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  const std::string& error() const { return error_; }

  // Runs `sql` (no parameters) as the server's superuser, on the server's
  // own database; "" when it succeeded, else the error.
  static std::string RunAsAdmin(const std::string& sql);

 private:
  std::string name_;
  std::string url_;
  std::string error_;
};

// The URL of `database` through the tests' PgBouncer; "" when the variable
// is unset or the database could not be created.
std::string PooledUrl(const ScratchDatabase& database);

// One session of its own on a database, for a test that must hold a
// transaction open (and its locks) while the server under test works.
class HeldSession {
 public:
  // Connects to `url`; error() says why when it could not.
  explicit HeldSession(const std::string& url);
  ~HeldSession();
  HeldSession(const HeldSession&) = delete;
  HeldSession& operator=(const HeldSession&) = delete;

  const std::string& error() const { return error_; }
  // Runs `sql` (statements without parameters) in this session; "" when it
  // succeeded, else the error.
  std::string Run(const std::string& sql);

 private:
  struct Connection;
  std::unique_ptr<Connection> conn_;
  std::string error_;
};

}  // namespace hookwarden::testing
