#include "ingest/event_writer.h"

#include <pthread.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>
#include <utility>

namespace hookwarden::ingest {
namespace {

// One submission's answer, to run where the submission asked. The report
// goes along and is freed there, on the thread that made it, not on the
// writer's.
struct Reply {
  EventWriter::Done done;
  Result<ReportOutcome> outcome;
  Report report;
};

// Runs each reply's `done` on its submission's executor, in order, with
// one task per executor carrying all of its replies: a group's answers wake
// each connection thread once. Submissions without an executor are answered
// at once, on the calling thread. What was added is sent at the latest when
// this is destroyed.
class Replies {
 public:
  // `expected`: how many replies may come. Room for that many is kept at
  // once for each executor (more than needed with several network
  // threads: a group's replies are few and small).
  explicit Replies(size_t expected = 1) : expected_(expected) {}
  Replies(const Replies&) = delete;
  Replies& operator=(const Replies&) = delete;
  ~Replies() { Send(); }

  void Add(EventWriter::Submission& s, Result<ReportOutcome> outcome) {
    if (!s.executor) return s.done(std::move(outcome));
    auto same =
        std::find_if(by_executor_.begin(), by_executor_.end(),
                     [&](const auto& e) { return e.first == s.executor; });
    if (same == by_executor_.end()) {
      by_executor_.emplace_back(s.executor, std::vector<Reply>());
      same = by_executor_.end() - 1;
      same->second.reserve(expected_);
    }
    same->second.push_back(
        {std::move(s.done), std::move(outcome), std::move(s.report)});
  }
  // Posts the tasks.
  void Send() {
    for (auto& [executor, replies] : by_executor_) {
      boost::asio::post(executor, [replies = std::move(replies)]() mutable {
        for (Reply& r : replies) r.done(std::move(r.outcome));
      });
    }
    by_executor_.clear();
  }

 private:
  size_t expected_;
  std::vector<std::pair<boost::asio::any_io_executor, std::vector<Reply>>>
      by_executor_;
};

// Runs `done` with `outcome` where the submission asked.
void Answer(EventWriter::Submission& s, Result<ReportOutcome> outcome) {
  Replies one;
  one.Add(s, std::move(outcome));
  one.Send();
}

}  // namespace

EventWriter::EventWriter(GroupCommitter& committer, Logger& logger,
                         size_t max_events_per_commit, size_t max_queued_events,
                         std::chrono::microseconds commit_delay,
                         std::chrono::milliseconds sweep)
    : committer_(committer),
      logger_(logger),
      max_events_per_commit_(max_events_per_commit),
      max_queued_events_(max_queued_events),
      commit_delay_(commit_delay),
      sweep_(sweep),
      thread_([this] { Run(); }) {}

EventWriter::~EventWriter() { Stop(); }

void EventWriter::Submit(Submission submission) {
  size_t events = submission.report.weight();
  auto now = commit_delay_.count() > 0 ? SteadyClock::now()
                                       : SteadyClock::time_point();
  bool full = false;
  {
    std::lock_guard lock(mutex_);
    full = !queue_.empty() && queued_events_ + events > max_queued_events_;
    if (!stopping_ && !full) {
      bool was_empty = queue_.empty();
      queued_events_ += events;
      queue_.push_back(std::move(submission));
      // The writer sleeps until a group is ready (WaitForGroup): only what
      // makes one ready wakes it. A small group is woken by Idle(), which
      // its submitter calls next.
      if (commit_delay_.count() == 0) {
        if (was_empty) work_.notify_one();
        return;
      }
      if (was_empty) {
        oldest_at_ = now;
        small_group_ = queued_events_ < kEnoughToCommit;
      }
      bool enough = queued_events_ >= kEnoughToCommit &&
                    queued_events_ - events < kEnoughToCommit;
      bool late = !late_ && now - oldest_at_ >= commit_delay_;
      if (enough || late) work_.notify_one();
      late_ = late_ || late;
      return;
    }
    if (full) ++stats_.refused;
  }
  if (full) {
    return Answer(submission,
                  Status::Overloaded("writer_queue_full",
                                     "the server's disk does not keep up "
                                     "with the reports; retry later "
                                     "(nothing was stored)",
                                     1));
  }
  Answer(submission, Status::Unavailable("the server is shutting down"));
}

EventWriter::Stats EventWriter::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.queued_events = queued_events_;
  s.max_queued_events = max_queued_events_;
  return s;
}

void EventWriter::Idle() {
  std::unique_lock lock(mutex_);
  if (queue_.empty() || idle_) return;
  // A small group is committed here when that waits for nothing; a large
  // one, or what a cap left, is the writer thread's, which commits it
  // while this thread reads on. So is one that comes while the writer
  // thread commits: commits run one at a time, in the order of the queue.
  if (!committing_here_ && !writer_committing_ && !carried_ && !stopping_ &&
      queued_events_ < kEnoughToCommit &&
      queued_events_ <= max_events_per_commit_ && CommitHere(lock)) {
    return;
  }
  idle_ = true;
  work_.notify_one();
}

bool EventWriter::CommitHere(std::unique_lock<std::mutex>& lock) noexcept {
  committing_here_ = true;
  // The whole queue, as the writer takes it (Run).
  std::vector<Submission> group;
  group.swap(queue_);
  size_t events = std::exchange(queued_events_, 0);
  std::map<std::string, int64_t> throttled;
  throttled.swap(throttled_);
  bool late = std::exchange(late_, false);
  bool small = std::exchange(small_group_, false);
  SteadyClock::time_point oldest = oldest_at_;
  lock.unlock();
  auto started = SteadyClock::now();
  bool committed = CommitGroup(group, throttled, /*may_wait=*/false);
  std::chrono::duration<double> took = SteadyClock::now() - started;
  lock.lock();
  committing_here_ = false;
  if (committed) {
    if (commit_delay_.count() > 0) ++stats_.waits_ended_idle;
    ++stats_.commits_here;
    CountCommit(group.size(), took.count());
  } else {
    // Back at the head of the queue, as it was, for the writer thread.
    queue_.insert(queue_.begin(), std::make_move_iterator(group.begin()),
                  std::make_move_iterator(group.end()));
    queued_events_ += events;
    for (const auto& [credential, count] : throttled) {
      throttled_[credential] += count;
    }
    late_ = late_ || late;
    small_group_ = small_group_ || small;
    oldest_at_ = oldest;
  }
  if (awaits_commit_here_) work_.notify_one();
  return committed;
}

void EventWriter::CountCommit(size_t reports, double seconds) {
  ++stats_.commits;
  stats_.committed_reports += reports;
  stats_.commit_seconds += seconds;
}

void EventWriter::NoteThrottled(const std::string& credential_id) {
  std::lock_guard lock(mutex_);
  ++throttled_[credential_id];
}

void EventWriter::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    work_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void EventWriter::Run() {
  pthread_setname_np(pthread_self(), "hw-writer");
  std::vector<Submission> group;
  std::map<std::string, int64_t> throttled;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      WaitForGroup(lock);
      if (queue_.empty() && throttled_.empty()) {
        if (stopping_) return;
        continue;
      }
      // Take whole submissions until the group is big enough.
      size_t events = 0, taken = 0;
      while (taken < queue_.size()) {
        size_t n = queue_[taken].report.weight();
        if (taken > 0 && events + n > max_events_per_commit_) break;
        events += n;
        ++taken;
      }
      queued_events_ -= events;
      group.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + taken));
      queue_.erase(queue_.begin(), queue_.begin() + taken);
      // What a group's cap left behind goes next, without waiting.
      carried_ = !queue_.empty();
      if (!carried_) idle_ = late_ = small_group_ = false;
      throttled.swap(throttled_);
      writer_committing_ = true;
    }
    auto started = SteadyClock::now();
    (void)CommitGroup(group, throttled, /*may_wait=*/true);
    std::chrono::duration<double> took = SteadyClock::now() - started;
    {
      std::lock_guard lock(mutex_);
      writer_committing_ = false;
      CountCommit(group.size(), took.count());
    }
    group.clear();
    throttled.clear();
  }
}

void EventWriter::WaitForGroup(std::unique_lock<std::mutex>& lock) {
  // Throttle counts alone wait for company, at most sweep_.
  auto sweep_at = SteadyClock::now() + sweep_;
  while (!stopping_ || committing_here_) {
    // Commits run one at a time, in the order of the queue.
    if (committing_here_) {
      awaits_commit_here_ = true;
      work_.wait(lock);
      awaits_commit_here_ = false;
      continue;
    }
    if (queue_.empty()) {
      if (SteadyClock::now() >= sweep_at) return;
      work_.wait_until(lock, sweep_at);
      continue;
    }
    // A small group waits a moment for company: a commit's fixed cost (its
    // statements, its pages in the log) is then shared by more. It waits no
    // longer once a thread handing reports over has nothing more to give
    // it (Idle(), perhaps before this wait began).
    if (commit_delay_.count() == 0 || carried_) return;
    // Only the wait of a group that was small counts in the stats.
    if (queued_events_ >= kEnoughToCommit) {
      if (small_group_) ++stats_.waits_ended_enough;
      return;
    }
    small_group_ = true;
    if (idle_) {
      ++stats_.waits_ended_idle;
      return;
    }
    if (SteadyClock::now() >= oldest_at_ + commit_delay_) {
      ++stats_.waits_ended_delay;
      return;
    }
    work_.wait_until(lock, oldest_at_ + commit_delay_);
  }
}

bool EventWriter::CommitGroup(std::vector<Submission>& group,
                              const std::map<std::string, int64_t>& throttled,
                              bool may_wait) {
  std::vector<Report*> reports;
  reports.reserve(group.size());
  for (Submission& s : group) reports.push_back(&s.report);
  if (may_wait) {
    AnswerGroup(group, committer_.Commit(reports, throttled));
    return true;
  }
  auto committed = committer_.CommitWithoutWaiting(reports, throttled);
  if (!committed.ok()) {
    AnswerGroup(group, committed.status());
    return true;
  }
  if (!committed->has_value()) return false;
  AnswerGroup(group, std::move(**committed));
  return true;
}

void EventWriter::AnswerGroup(std::vector<Submission>& group,
                              Result<std::vector<ReportOutcome>> outcomes) {
  if (!outcomes.ok()) {
    logger_.Error("commit failed", {{"reports", group.size()},
                                    {"error", outcomes.status().message()}});
    Status failed = outcomes.status().code() == ErrorCode::kUnavailable
                        ? outcomes.status()
                        : Status::Unavailable("the report could not be stored");
    Replies replies(group.size());
    for (Submission& s : group) replies.Add(s, failed);
    return replies.Send();
  }
  Replies replies(group.size());
  for (size_t i = 0; i < group.size(); ++i) {
    ReportOutcome& outcome = (*outcomes)[i];
    if (!outcome.refused.ok()) {
      replies.Add(group[i], outcome.refused);
    } else {
      replies.Add(group[i], std::move(outcome));
    }
  }
  replies.Send();
}

}  // namespace hookwarden::ingest
