#include "ingest/event_writer.h"

#include <pthread.h>

#include <boost/asio/post.hpp>
#include <chrono>

namespace hookwarden::ingest {
namespace {

// Runs `done` with `outcome` where the submission asked.
void Answer(EventWriter::Submission& s, Result<ReportOutcome> outcome) {
  if (!s.executor) return s.done(std::move(outcome));
  boost::asio::post(s.executor, [done = std::move(s.done),
                                 outcome = std::move(outcome)]() mutable {
    done(std::move(outcome));
  });
}

}  // namespace

EventWriter::EventWriter(GroupCommitter& committer, Logger& logger,
                         size_t max_events_per_commit)
    : committer_(committer),
      logger_(logger),
      max_events_per_commit_(max_events_per_commit),
      thread_([this] { Run(); }) {}

EventWriter::~EventWriter() { Stop(); }

void EventWriter::Submit(Submission submission) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(submission));
      work_.notify_one();
      return;
    }
  }
  Answer(submission, Status::Unavailable("the server is shutting down"));
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
      // Throttle counts alone wait for company, at most a second.
      work_.wait_for(lock, std::chrono::seconds(1),
                     [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && throttled_.empty()) {
        if (stopping_) return;
        continue;
      }
      // Take whole submissions until the group is big enough.
      size_t events = 0, taken = 0;
      while (taken < queue_.size()) {
        size_t n = queue_[taken].report.events.size();
        if (taken > 0 && events + n > max_events_per_commit_) break;
        events += n;
        ++taken;
      }
      group.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + taken));
      queue_.erase(queue_.begin(), queue_.begin() + taken);
      throttled.swap(throttled_);
    }
    CommitGroup(group, throttled);
    group.clear();
    throttled.clear();
  }
}

void EventWriter::CommitGroup(std::vector<Submission>& group,
                              const std::map<std::string, int64_t>& throttled) {
  std::vector<Report*> reports;
  reports.reserve(group.size());
  for (Submission& s : group) reports.push_back(&s.report);
  auto outcomes = committer_.Commit(reports, throttled);
  if (!outcomes.ok()) {
    logger_.Error("commit failed", {{"reports", group.size()},
                                    {"error", outcomes.status().message()}});
    Status failed = outcomes.status().code() == ErrorCode::kUnavailable
                        ? outcomes.status()
                        : Status::Unavailable("the report could not be stored");
    for (Submission& s : group) Answer(s, failed);
    return;
  }
  for (size_t i = 0; i < group.size(); ++i) {
    ReportOutcome& outcome = (*outcomes)[i];
    if (!outcome.refused.ok()) {
      Answer(group[i], outcome.refused);
    } else {
      Answer(group[i], std::move(outcome));
    }
  }
}

}  // namespace hookwarden::ingest
