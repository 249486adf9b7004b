#include "storage/postgres/credentials_listener.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "storage/postgres/postgres_connection.h"

namespace hookwarden::sql {
namespace {

// How often a thread waiting on the socket looks at stop_.
constexpr int kPollMillis = 200;
constexpr int kFirstBackoffMillis = 100;
constexpr int kMaxBackoffMillis = 2000;

}  // namespace

CredentialsListener::CredentialsListener(std::string url,
                                         std::function<void()> changed)
    : url_(std::move(url)), changed_(std::move(changed)) {
  thread_ = std::thread([this] { Run(); });
}

CredentialsListener::~CredentialsListener() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool CredentialsListener::Sleep(int millis) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::milliseconds(millis),
                 [this] { return stop_.load(); });
  return !stop_;
}

void CredentialsListener::Run() {
  int backoff = kFirstBackoffMillis;
  while (!stop_) {
    if (ListenOnce()) backoff = kFirstBackoffMillis;
    if (stop_) return;
    // Lost, or never listening: whatever was announced meanwhile is
    // unknown, so everything remembered is forgotten.
    changed_();
    if (!Sleep(backoff)) return;
    backoff = std::min(backoff * 2, kMaxBackoffMillis);
  }
}

bool CredentialsListener::ListenOnce() {
  // With keepalives: a database that vanishes is noticed, and listened to
  // again, even when nothing closes the connection.
  PGconn* conn = OpenConnection(url_);
  struct Closer {
    PGconn* c;
    ~Closer() { PQfinish(c); }
  } closer{conn};
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) return false;
  PGresult* listen =
      PQexec(conn, (std::string("LISTEN ") + kCredentialsChannel).c_str());
  bool listening = PQresultStatus(listen) == PGRES_COMMAND_OK;
  PQclear(listen);
  if (!listening) return false;
  // Notifications sent before LISTEN took effect were missed.
  changed_();
  while (!stop_) {
    pollfd fd{PQsocket(conn), POLLIN, 0};
    if (fd.fd < 0) return true;
    int ready = poll(&fd, 1, kPollMillis);
    if (ready < 0 && errno != EINTR) return true;
    if (ready <= 0) continue;
    if (PQconsumeInput(conn) == 0) return true;  // Lost.
    bool any = false;
    while (PGnotify* n = PQnotifies(conn)) {
      any = true;
      PQfreemem(n);
    }
    if (any) changed_();
    if (PQstatus(conn) != CONNECTION_OK) return true;
  }
  return true;
}

}  // namespace hookwarden::sql
