// The group-commit writer of the data plane, after LevelDB's DBImpl::Write:
// requests queue up; one thread takes everything waiting, writes it in one
// transaction, commits once (durably, per the store's sync setting), then
// answers every request of the group. So a commit's cost is shared by all the
// requests that arrived while the previous one was running, and no network
// thread ever waits on the disk.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/logger.h"
#include "common/status.h"
#include "domain/event.h"
#include "storage/store.h"

namespace hookwarden::ingest {

class EventWriter {
 public:
  // Per event of a submission, what the store made of it (duplicate or not,
  // and its application's open incident after it); or why nothing of the
  // whole group was committed.
  using Done = std::function<void(Result<std::vector<EventOutcome>>)>;

  struct Submission {
    std::vector<Event> events;
    std::string credential_id;  // Whose token sent them: counted as one use.
    std::string from;           // The sender's address.
    Done done;                  // Called once, on the writer thread.
  };

  // Starts the writer thread. `store` and `logger` must outlive it.
  EventWriter(Store& store, const Clock& clock, Logger& logger,
              size_t max_events_per_commit = 50'000);
  // Commits what is queued, then stops.
  ~EventWriter();

  // Queues a submission; returns at once. Thread-safe. After Stop(), the
  // submission is answered Unavailable at once.
  void Submit(Submission submission);
  // Counts one request of the credential that its rate limit refused; the
  // count is committed with the next group. Thread-safe.
  void NoteThrottled(const std::string& credential_id);
  // Commits everything queued, answers it, and ends the thread. Idempotent.
  void Stop();

 private:
  void Run();
  void CommitGroup(std::vector<Submission>& group,
                   std::map<std::string, int64_t>& throttled);

  Store& store_;
  const Clock& clock_;
  Logger& logger_;
  const size_t max_events_per_commit_;

  std::mutex mutex_;
  std::condition_variable work_;
  std::vector<Submission> queue_;             // Guarded by mutex_.
  size_t queued_events_ = 0;                  // Guarded by mutex_.
  std::map<std::string, int64_t> throttled_;  // Guarded by mutex_.
  bool stopping_ = false;                     // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace hookwarden::ingest
