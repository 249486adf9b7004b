#include "storage/postgres/scratch_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

namespace hookwarden::testing {
namespace {

std::string ServerUrl() {
  const char* url = std::getenv(kTestPostgresUrlVariable);
  return url ? url : "";
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return "hw_test_" + std::to_string(::getpid()) + "_" +
         std::to_string(++counter) + "_" + std::to_string(random() % 1000000);
}

}  // namespace

std::string MissingTestPostgresMessage() {
  return std::string(kTestPostgresUrlVariable) +
         " is not set: these tests need a PostgreSQL server. `make test` "
         "starts one; or run `scripts/test-postgres.sh run -- ctest "
         "--test-dir build`.";
}

std::string MissingTestPgBouncerMessage() {
  return std::string(kTestPgBouncerUrlVariable) +
         " is not set: these tests need PgBouncer in front of the tests' "
         "PostgreSQL server. `make test` starts both; or run "
         "`scripts/test-postgres.sh run -- ctest --test-dir build`.";
}

std::string PooledUrl(const ScratchDatabase& database) {
  const char* pooler = std::getenv(kTestPgBouncerUrlVariable);
  if (pooler == nullptr || database.url().empty()) return "";
  return WithDatabase(pooler, database.name());
}

std::string WithDatabase(const std::string& url, const std::string& name) {
  size_t scheme = url.find("://");
  size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', host);
  size_t path = url.find('/', host);
  if (path > query) path = std::string::npos;
  std::string head = url.substr(0, path != std::string::npos    ? path
                                   : query != std::string::npos ? query
                                                                : url.size());
  std::string tail = query != std::string::npos ? url.substr(query) : "";
  return head + "/" + name + tail;
}

std::string ScratchDatabase::RunAsAdmin(const std::string& sql) {
  std::string url = ServerUrl();
  if (url.empty()) return MissingTestPostgresMessage();
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = std::string("cannot connect to the tests' PostgreSQL: ") +
            PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK &&
        PQresultStatus(result) != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

ScratchDatabase::ScratchDatabase() : name_(UniqueName()) {
  error_ = RunAsAdmin("CREATE DATABASE " + name_);
  if (error_.empty()) url_ = WithDatabase(ServerUrl(), name_);
}

ScratchDatabase::~ScratchDatabase() {
  if (!url_.empty()) RunAsAdmin("DROP DATABASE " + name_ + " WITH (FORCE)");
}

struct HeldSession::Connection {
  PGconn* conn = nullptr;
  ~Connection() { PQfinish(conn); }
};

HeldSession::HeldSession(const std::string& url)
    : conn_(std::make_unique<Connection>()) {
  conn_->conn = PQconnectdb(url.c_str());
  if (PQstatus(conn_->conn) != CONNECTION_OK) {
    error_ = std::string("cannot connect: ") + PQerrorMessage(conn_->conn);
  }
}

HeldSession::~HeldSession() = default;

std::string HeldSession::Run(const std::string& sql) {
  if (!error_.empty()) return error_;
  PGresult* result = PQexec(conn_->conn, sql.c_str());
  std::string error;
  if (PQresultStatus(result) != PGRES_COMMAND_OK &&
      PQresultStatus(result) != PGRES_TUPLES_OK) {
    error = PQresultErrorMessage(result);
    if (error.empty()) error = "failed";
  }
  PQclear(result);
  return error;
}

}  // namespace hookwarden::testing
