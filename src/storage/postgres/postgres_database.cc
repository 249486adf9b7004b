#include "storage/postgres/postgres_database.h"

#include <chrono>
#include <random>
#include <thread>

#include "storage/postgres/credentials_listener.h"
#include "storage/postgres/event_partitions.h"
#include "storage/postgres/postgres_connection.h"

namespace hookwarden::sql {
namespace {

// A short random pause before running a transaction again, longer after
// each attempt, so that the transactions that collided do not collide again.
void Backoff(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  int ceiling_ms = 5 << std::min(attempt, 5);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(1 + random() % ceiling_ms));
}

}  // namespace

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(
    Options options) {
  if (options.max_connections < 1) options.max_connections = 1;
  if (options.max_attempts < 1) options.max_attempts = 1;
  if (options.pooled && options.direct_url.empty()) {
    return Status::Invalid(
        "database_direct",
        "a database behind a pooler (--database-pooled) needs a direct "
        "connection to the server (--database-direct) for the "
        "notifications every node listens to");
  }
  if (options.direct_url.empty()) options.direct_url = options.url;
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(options));
  auto first = db->Connect();
  if (!first.ok()) return first.status();
  db->open_ = 1;
  db->idle_.push_back(std::move(first.value()));
  return db;
}

PostgresDatabase::PostgresDatabase(Options options)
    : options_(std::move(options)) {}
PostgresDatabase::~PostgresDatabase() = default;

Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::CheckOut(
    bool* reused) {
  std::unique_lock lock(mutex_);
  bool available = returned_.wait_for(
      lock, std::chrono::seconds(options_.checkout_timeout_seconds),
      [&] { return !idle_.empty() || open_ < options_.max_connections; });
  if (!available) {
    return Status::Unavailable("all " +
                               std::to_string(options_.max_connections) +
                               " database connections stayed busy");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    *reused = true;
    return conn;
  }
  ++open_;
  lock.unlock();
  *reused = false;
  auto conn = Connect();
  if (!conn.ok()) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
  }
  return conn;
}

Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::Connect() {
  return PostgresConnection::Connect(options_.url, options_.bounds,
                                     options_.pooled);
}

void PostgresDatabase::CheckIn(std::unique_ptr<PostgresConnection> conn) {
  bool keep = !conn->broken();
  if (!keep) conn.reset();  // Closed outside the lock.
  std::lock_guard lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  returned_.notify_one();
}

Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::Begin(
    bool write, bool* reused_out) {
  while (true) {
    bool reused = false;
    auto conn = CheckOut(&reused);
    if (!conn.ok()) return conn.status();
    *reused_out = reused;
    Status begun = (*conn)->Begin(write);
    if (begun.ok()) return conn;
    // An idle connection that the server dropped is replaced (see Run).
    bool stale = reused && (*conn)->broken();
    CheckIn(std::move(conn.value()));
    if (!stale) return begun;
  }
}

Status PostgresDatabase::Run(bool write,
                             const std::function<Status(Connection&)>& work) {
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    auto conn = Begin(write, &reused);
    if (!conn.ok()) return conn.status();
    PostgresConnection& c = **conn;
    Status s = RunWork(work, c);
    if (s.ok()) {
      s = c.Commit();
    } else {
      c.Rollback();
    }
    // An idle connection that the server dropped (it restarted, or an
    // administrator ended the session) shows when BEGIN's answer is read:
    // nothing reached the server, so the work runs again on another one.
    // Each pass drops one, so this ends with a new connection.
    bool stale = !s.ok() && reused && c.lost_before_begin() && c.broken();
    bool again = !s.ok() && c.retryable() && attempt < options_.max_attempts;
    CheckIn(std::move(conn.value()));
    if (stale) {
      --attempt;
      continue;
    }
    if (!again) return s;
    Backoff(attempt);
  }
}

Status PostgresDatabase::Read(const std::function<Status(Connection&)>& work) {
  return Run(/*write=*/false, work);
}

Status PostgresDatabase::Write(const std::function<Status(Connection&)>& work) {
  return Run(/*write=*/true, work);
}

Status PostgresDatabase::NotifyCredentialsChanged(Connection& c) {
  auto sent =
      c.Query("SELECT pg_notify(?, '')", {std::string(kCredentialsChannel)});
  return sent.ok() ? Status::Ok() : sent.status();
}

std::unique_ptr<Database::Watch> PostgresDatabase::WatchCredentials(
    std::function<void()> changed) {
  return std::make_unique<CredentialsListener>(options_.direct_url,
                                               std::move(changed));
}

Status PostgresDatabase::PrepareEventPartitions(int64_t now_millis) {
  return Write(
      [&](Connection& c) { return CreateEventPartitions(c, now_millis); });
}

Result<int64_t> PostgresDatabase::DropEventPartitionsBefore(
    int64_t cutoff_millis) {
  std::vector<std::string> expired;
  HW_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    auto names = ExpiredEventPartitions(c, cutoff_millis);
    if (!names.ok()) return names.status();
    expired = std::move(names).value();
    return Status::Ok();
  }));
  int64_t rows = 0;
  for (const std::string& name : expired) {
    int64_t dropped = 0;
    HW_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
      auto n = DropEventPartition(c, name);
      if (!n.ok()) return n.status();
      dropped = *n;
      return Status::Ok();
    }));
    rows += dropped;
  }
  return rows;
}

}  // namespace hookwarden::sql
