// The other half of PostgresDatabase::NotifyCredentialsChanged: a thread
// with a dedicated connection that LISTENs on the credentials channel and
// calls back on every notification, so that a node forgets cached grants
// within a second of another node changing credentials.
//
// The connection is its own (not the pool's): LISTEN belongs to a session,
// and a pooled connection would miss notifications while it is checked out.
// When the connection is lost (the server restarted, the network broke),
// the thread reconnects with a backoff (0.1 s doubling up to 2 s) and, once
// listening again, calls back once: it may have missed notifications
// meanwhile. Before the first connection succeeds it calls back after each
// attempt as well, which costs nothing when nothing is cached yet.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "storage/sql.h"

namespace hookwarden::sql {

// The channel that credential changes are announced on.
inline constexpr const char* kCredentialsChannel = "hookwarden_credentials";

class CredentialsListener final : public Database::Watch {
 public:
  // Starts listening on `url` (a libpq connection URI) at once.
  CredentialsListener(std::string url, std::function<void()> changed);
  // Stops the thread; waits for a running callback.
  ~CredentialsListener() override;
  CredentialsListener(const CredentialsListener&) = delete;
  CredentialsListener& operator=(const CredentialsListener&) = delete;

 private:
  void Run();
  // Listens on one connection until it is lost or stop_ is set. Returns
  // whether it got as far as listening.
  bool ListenOnce();
  // Waits `millis`, or less when stopping. Returns false when stopping.
  bool Sleep(int millis);

  const std::string url_;
  const std::function<void()> changed_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace hookwarden::sql
