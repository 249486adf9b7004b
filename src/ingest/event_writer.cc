#include "ingest/event_writer.h"

#include <pthread.h>

#include <chrono>

namespace hookwarden::ingest {

EventWriter::EventWriter(Store& store, const Clock& clock, Logger& logger,
                         size_t max_events_per_commit)
    : store_(store),
      clock_(clock),
      logger_(logger),
      max_events_per_commit_(max_events_per_commit),
      thread_([this] { Run(); }) {}

EventWriter::~EventWriter() { Stop(); }

void EventWriter::Submit(Submission submission) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queued_events_ += submission.events.size();
      queue_.push_back(std::move(submission));
      work_.notify_one();
      return;
    }
  }
  submission.done(Status::Unavailable("the server is shutting down"));
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
      while (taken < queue_.size() &&
             (taken == 0 ||
              events + queue_[taken].events.size() <= max_events_per_commit_)) {
        events += queue_[taken].events.size();
        ++taken;
      }
      group.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + taken));
      queue_.erase(queue_.begin(), queue_.begin() + taken);
      queued_events_ -= events;
      throttled.swap(throttled_);
    }
    CommitGroup(group, throttled);
    group.clear();
    throttled.clear();
  }
}

void EventWriter::CommitGroup(std::vector<Submission>& group,
                              std::map<std::string, int64_t>& throttled) {
  std::vector<Event> events;
  std::map<std::string, CredentialUse> uses;
  int64_t now = clock_.NowMillis();
  for (Submission& s : group) {
    for (Event& e : s.events) events.push_back(std::move(e));
    CredentialUse& use = uses[s.credential_id];
    use.credential_id = s.credential_id;
    ++use.requests;
    use.last_at = now;
    use.last_from = s.from;
  }
  for (const auto& [credential, count] : throttled) {
    CredentialUse& use = uses[credential];
    use.credential_id = credential;
    use.throttled += count;
  }
  std::vector<CredentialUse> use_list;
  for (auto& [id, use] : uses) use_list.push_back(std::move(use));

  Result<std::vector<EventOutcome>> outcomes =
      store_.AppendEvents(events, use_list);
  if (!outcomes.ok()) {
    logger_.Error(
        "event commit failed",
        {{"events", events.size()}, {"error", outcomes.status().message()}});
    Status failed = outcomes.status().code() == ErrorCode::kUnavailable
                        ? outcomes.status()
                        : Status::Unavailable("the events could not be stored");
    for (Submission& s : group) s.done(failed);
    return;
  }
  size_t offset = 0;
  for (Submission& s : group) {
    size_t n = s.events.size();
    std::vector<EventOutcome> mine(
        std::make_move_iterator(outcomes->begin() + offset),
        std::make_move_iterator(outcomes->begin() + offset + n));
    offset += n;
    s.done(std::move(mine));
  }
}

}  // namespace hookwarden::ingest
