// The group-commit writer of the data plane, after LevelDB's DBImpl::Write:
// requests queue up; one thread takes everything waiting, commits it in one
// transaction (GroupCommitter), then hands each request its outcome back
// on the request's own connection thread. So a commit's cost is shared by
// all the requests that arrived while the previous one was running, no
// network thread waits on a lock or (but after a checkpoint by another
// process, see SqliteDatabase::WriteWithoutWaiting) a sync to the disk,
// and the writer thread does nothing between commits but commit: answers
// are rendered, counted and logged where they are sent. A small group whose
// submitting thread has nothing more to hand over (Idle(): a network thread out
// of requests) is committed by that thread itself when the commit waits for
// nothing (GroupCommitter::CommitWithoutWaiting: no lock held by another, no
// sync to the disk): the hand-over to the writer thread and back costs more
// than such a commit.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/logger.h"
#include "common/status.h"
#include "ingest/report.h"
#include "ingest/report_committer.h"

namespace hookwarden::ingest {

class EventWriter {
 public:
  // What the commit made of the report; or why it was not stored: its
  // application is gone (NotFound), or nothing of its group was committed
  // (Unavailable).
  using Done = std::function<void(Result<ReportOutcome>)>;

  struct Submission {
    Report report;
    Done done;  // Called once.
    // Where `done` runs: the request's connection thread. Without one, on
    // the writer thread (for tests).
    boost::asio::any_io_executor executor;
  };

  // What the writer has done, for /metrics.
  struct Stats {
    uint64_t queued_events = 0;  // Waiting for a commit now.
    uint64_t max_queued_events = 0;
    uint64_t commits = 0;
    uint64_t committed_reports = 0;
    double commit_seconds = 0;  // Summed over the commits.
    uint64_t refused = 0;       // Submissions refused with a full queue.
    // How each wait of a small group (fewer than kEnoughToCommit events)
    // for company ended: a thread handing reports over had nothing more to
    // give (Idle(), also when that came before the wait), kEnoughToCommit
    // events came, or the delay passed.
    uint64_t waits_ended_idle = 0;
    uint64_t waits_ended_enough = 0;
    uint64_t waits_ended_delay = 0;
    // Of the commits, those made by a thread in Idle() (CommitHere), not
    // by the writer thread.
    uint64_t commits_here = 0;
  };

  // Starts the writer thread. `committer` and `logger` must outlive it.
  // Events are counted by Report::weight() (an alert or a deploy is one). A
  // group holds at most `max_events_per_commit` events (one report with
  // more is committed alone). At most `max_queued_events` events wait for
  // a commit: a submission that would pass it (the disk does not keep up)
  // is answered 503 "writer_queue_full" with Retry-After at once, and
  // nothing of it is stored; one alone in an empty queue is always taken.
  // When fewer than kEnoughToCommit events wait, the writer first waits
  // for more (0: commits at once): until a thread handing reports over has
  // none left (Idle()), kEnoughToCommit events wait, or `commit_delay` has
  // passed since the first of them came. A submission to such a wait does
  // not wake the writer (one wake a group, not two): the thread that
  // submits calls Idle() once it has nothing more at hand. The delay is
  // checked by each submission that comes, and by the writer at least
  // every `sweep` (so a submission whose thread never calls Idle() and
  // that no other follows waits up to `sweep`); throttle counts alone are
  // committed every `sweep` too.
  EventWriter(GroupCommitter& committer, Logger& logger,
              size_t max_events_per_commit = 50'000,
              size_t max_queued_events = 200'000,
              std::chrono::microseconds commit_delay = {},
              std::chrono::milliseconds sweep = std::chrono::seconds(1));
  static constexpr size_t kEnoughToCommit = 256;
  // Commits what is queued, then stops.
  ~EventWriter();

  // Queues a submission; returns at once. Thread-safe. After Stop(), the
  // submission is answered Unavailable at once.
  void Submit(Submission submission);
  // Says that a thread handing reports over (a network thread that has
  // run out of requests to read, a worker done with its request) has
  // nothing more for now: what is queued need not wait for company any
  // longer. With several such threads, the first one idle ends the wait.
  // Called with nothing queued, it is forgotten. When fewer than
  // kEnoughToCommit events are queued, no other commit runs and the
  // committer can commit them without waiting, they are committed here, on
  // the calling thread, and answered as the writer thread answers (on each
  // submission's executor); otherwise the writer thread is woken, and this
  // takes the writer's lock briefly. Thread-safe.
  void Idle();
  // Counts one request of the credential that its rate limit refused; the
  // count is committed with the next group. Thread-safe.
  void NoteThrottled(const std::string& credential_id);
  // Commits everything queued, answers it, and ends the thread. Idempotent.
  void Stop();
  // Thread-safe.
  Stats stats() const;

 private:
  void Run();
  // Waits, holding `lock` on mutex_, until the queue holds a group ready to
  // commit, a second has passed with nothing queued, or Stop() was called.
  void WaitForGroup(std::unique_lock<std::mutex>& lock);
  // Commits `group` with `throttled` and answers it; false, with nothing
  // done, when `may_wait` is false and the commit would wait
  // (GroupCommitter::CommitWithoutWaiting).
  bool CommitGroup(std::vector<Submission>& group,
                   const std::map<std::string, int64_t>& throttled,
                   bool may_wait);
  // Answers each submission of `group` with its outcome, or all with why
  // nothing was committed.
  void AnswerGroup(std::vector<Submission>& group,
                   Result<std::vector<ReportOutcome>> outcomes);
  // From Idle(), holding `lock` on mutex_ (released meanwhile): commits the
  // whole queue on the calling thread if that waits for nothing; otherwise
  // puts it back as it was. True when committed (and answered).
  // An exception (no memory) ends the process, as on the writer thread:
  // the group's fate would be unknown.
  bool CommitHere(std::unique_lock<std::mutex>& lock) noexcept;
  // Counts a commit in stats_. Called holding mutex_.
  void CountCommit(size_t reports, double seconds);

  GroupCommitter& committer_;
  Logger& logger_;
  const size_t max_events_per_commit_;
  const size_t max_queued_events_;
  const std::chrono::microseconds commit_delay_;
  const std::chrono::milliseconds sweep_;
  using SteadyClock = std::chrono::steady_clock;

  mutable std::mutex mutex_;
  // A group is ready to commit, or Stop() was called.
  std::condition_variable work_;
  std::vector<Submission> queue_;             // Guarded by mutex_.
  size_t queued_events_ = 0;                  // Guarded by mutex_.
  Stats stats_;                               // Guarded by mutex_.
  std::map<std::string, int64_t> throttled_;  // Guarded by mutex_.
  bool stopping_ = false;                     // Guarded by mutex_.
  // A thread handing reports over had nothing more while something was
  // queued (Idle()).
  bool idle_ = false;  // Guarded by mutex_.
  // When the first submission queued since the queue was last empty came,
  // and whether the group queued since was ever small (it waited for
  // company).
  SteadyClock::time_point oldest_at_;  // Guarded by mutex_.
  bool small_group_ = false;           // Guarded by mutex_.
  // A submission found the first waiting past `commit_delay` and woke the
  // writer (under a stream with no Idle()).
  bool late_ = false;  // Guarded by mutex_.
  // A group's cap left submissions queued: they go next, at once.
  bool carried_ = false;  // Guarded by mutex_.
  // A thread in Idle() is committing the group it took (CommitHere): the
  // writer thread waits for it to end.
  bool committing_here_ = false;  // Guarded by mutex_.
  // The writer thread waits for that commit to end, to be woken by it.
  bool awaits_commit_here_ = false;  // Guarded by mutex_.
  // The writer thread is committing a group it took.
  bool writer_committing_ = false;  // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace hookwarden::ingest
