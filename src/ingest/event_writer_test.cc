#include "ingest/event_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "auth/random.h"
#include "ingest/report_committer.h"
#include "storage/open_store.h"

namespace hookwarden::ingest {
namespace {

class EventWriterTest : public ::testing::Test {
 public:
  void SetUp() override {
    auth::EnsureSodium();
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-writer-" + auth::RandomHex(8));
    auto store = OpenStore(StoreOptions{"", dir_, false}, 0);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store.value());
    // The application app_1 of org_a, which the events report for.
    AuditEntry audit;
    audit.organization_id = "org_a";
    ASSERT_TRUE(store_->CreateUser(User{"usr_a", "alice", "h", 0}).ok());
    ASSERT_TRUE(store_
                    ->CreateOrganization(Organization{"org_a", "A", "a", 0},
                                         "usr_a", audit)
                    .ok());
    ASSERT_TRUE(store_
                    ->CreateProduct(Product{"prd_1", "org_a", "P", "p", 0, 0},
                                    true, audit)
                    .ok());
    Application app;
    app.id = "app_1";
    app.organization_id = "org_a";
    app.product_id = "prd_1";
    app.name = "App";
    app.slug = "app";
    ASSERT_TRUE(
        store_->CreateApplication(app, true, TokenMinter(), audit).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Event Failure(std::string key) {
    Event e;
    e.organization_id = "org_a";
    e.application_id = "app_1";
    e.failure = true;
    e.at = e.received_at = 1000;
    e.message = key;
    e.idempotency_key = std::move(key);
    return e;
  }

  size_t Stored() {
    Store::EventQuery all;
    all.limit = 100000;
    return store_->ListEvents("org_a", "app_1", all)->size();
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  SystemClock clock_;
  Logger logger_;
};

// A submission of one failure with idempotency key `key`.
EventWriter::Submission Submission(
    std::string key, std::function<void(Result<ReportOutcome>)> done) {
  EventWriter::Submission s;
  s.report.events.push_back(EventWriterTest::Failure(std::move(key)));
  s.report.credential_id = "itk_1";
  s.report.from = "127.0.0.1";
  s.done = std::move(done);
  return s;
}

// Keeps a promise when it goes out of scope, however its scope is left.
class AnswerOnExit {
 public:
  explicit AnswerOnExit(std::promise<void>& promise) : promise_(promise) {}
  ~AnswerOnExit() {
    try {
      promise_.set_value();
    } catch (const std::future_error&) {
      ADD_FAILURE() << "a submission was answered twice";
    }
  }
  AnswerOnExit(const AnswerOnExit&) = delete;
  AnswerOnExit& operator=(const AnswerOnExit&) = delete;

 private:
  std::promise<void>& promise_;
};

TEST_F(EventWriterTest, EverySubmissionIsAnsweredAfterItsCommit) {
  ReportCommitter committer(*store_, clock_);
  EventWriter writer(committer, logger_);
  constexpr int kThreads = 8, kPerThread = 200;
  std::atomic<int> answered{0}, duplicates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Shared with the callback, which may outlive this iteration when
        // the wait below gives up.
        auto committed = std::make_shared<std::promise<void>>();
        std::future<void> answer = committed->get_future();
        // Every key twice: the second is a duplicate.
        std::string key = std::to_string(t) + "-" + std::to_string(i / 2);
        writer.Submit(
            Submission(key, [&, committed, key](Result<ReportOutcome> r) {
              // The submitter is told however this returns, a failed ASSERT
              // (which returns at once) included.
              AnswerOnExit told(*committed);
              ++answered;
              ASSERT_TRUE(r.ok()) << key << ": " << r.status().message();
              ASSERT_EQ(r->events.size(), 1u) << key;
              duplicates += r->events.front().duplicate;
            }));
        if (answer.wait_for(std::chrono::seconds(30)) !=
            std::future_status::ready) {
          ADD_FAILURE() << "submission " << key << " unanswered after 30 s";
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  // Answers still owed are given (and counted) before the counters go.
  writer.Stop();
  EXPECT_EQ(answered, kThreads * kPerThread);
  EXPECT_EQ(duplicates, kThreads * kPerThread / 2);
  // Answered means committed: the rows are there before the writer stops.
  EXPECT_EQ(Stored(), static_cast<size_t>(kThreads * kPerThread / 2));
}

TEST_F(EventWriterTest, StopCommitsWhatIsQueuedAndRefusesWhatComesAfter) {
  std::atomic<int> ok{0};
  {
    ReportCommitter committer(*store_, clock_);
    EventWriter writer(committer, logger_);
    for (int i = 0; i < 500; ++i) {
      writer.Submit(
          Submission(std::string("k").append(std::to_string(i)), [&](auto r) {
            if (r.ok()) ++ok;
          }));
    }
    writer.Stop();
    Status refused;
    writer.Submit(Submission("late", [&](auto r) { refused = r.status(); }));
    EXPECT_EQ(refused.code(), ErrorCode::kUnavailable);
  }
  EXPECT_EQ(ok, 500);
  EXPECT_EQ(Stored(), 500u);
}

// A committer in memory that holds its first commit until told, and
// records the size of every group it commits.
class GatedCommitter final : public GroupCommitter {
 public:
  Result<std::vector<ReportOutcome>> Commit(
      const std::vector<Report*>& reports,
      const std::map<std::string, int64_t>&) override {
    std::unique_lock lock(mutex_);
    groups_.push_back(reports.size());
    ++begun_;
    entered_.notify_all();
    if (groups_.size() == 1) {
      released_.wait_for(lock, std::chrono::seconds(30), [&] { return open_; });
    }
    return std::vector<ReportOutcome>(reports.size());
  }
  // Commits at once, recording the group, when allowed (AllowHere());
  // otherwise says that it would wait. Counts its calls either way.
  Result<std::optional<std::vector<ReportOutcome>>> CommitWithoutWaiting(
      const std::vector<Report*>& reports,
      const std::map<std::string, int64_t>&) override {
    std::unique_lock lock(mutex_);
    ++tried_here_;
    if (!here_) return std::optional<std::vector<ReportOutcome>>();
    ++begun_;
    entered_.notify_all();
    released_.wait_for(lock, std::chrono::seconds(30),
                       [&] { return !hold_here_; });
    groups_.push_back(reports.size());
    return std::optional(std::vector<ReportOutcome>(reports.size()));
  }
  void AllowHere() {
    std::lock_guard lock(mutex_);
    here_ = true;
  }
  // Commits without waiting hold until ReleaseHere().
  void HoldHere() {
    std::lock_guard lock(mutex_);
    hold_here_ = true;
  }
  void ReleaseHere() {
    std::lock_guard lock(mutex_);
    hold_here_ = false;
    released_.notify_all();
  }
  // Waits (at most `timeout`) until `n` commits have begun, here or not:
  // whether they have.
  bool WaitForBegun(int n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return entered_.wait_for(lock, timeout, [&] { return begun_ >= n; });
  }
  int TriedHere() {
    std::lock_guard lock(mutex_);
    return tried_here_;
  }
  // Waits (30 s at most) until the first commit has begun.
  bool WaitForFirst() {
    std::unique_lock lock(mutex_);
    return entered_.wait_for(lock, std::chrono::seconds(30),
                             [&] { return !groups_.empty(); });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    open_ = true;
    released_.notify_all();
  }
  std::vector<size_t> Groups() {
    std::lock_guard lock(mutex_);
    return groups_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable entered_, released_;
  std::vector<size_t> groups_;
  bool open_ = false;
  bool here_ = false;
  bool hold_here_ = false;
  int tried_here_ = 0;
  int begun_ = 0;
};

// Waits no test would see end: only what a submission or Idle() does
// ends them.
constexpr auto kNever = std::chrono::hours(1);

// A submission of kEnoughToCommit events.
EventWriter::Submission Ample(std::string key, EventWriter::Done done) {
  EventWriter::Submission ample = Submission(std::move(key), std::move(done));
  while (ample.report.events.size() < EventWriter::kEnoughToCommit) {
    ample.report.events.push_back(ample.report.events.front());
  }
  return ample;
}

// How the writer's waits for company ended: idle, enough events, delay.
std::vector<uint64_t> Waits(const EventWriter& writer) {
  EventWriter::Stats s = writer.stats();
  return {s.waits_ended_idle, s.waits_ended_enough, s.waits_ended_delay};
}

// Expects both answered (each within 15 s).
void ExpectAnswered(std::promise<void>& first, std::promise<void>& second) {
  EXPECT_EQ(first.get_future().wait_for(std::chrono::seconds(15)),
            std::future_status::ready);
  EXPECT_EQ(second.get_future().wait_for(std::chrono::seconds(15)),
            std::future_status::ready);
}

// Commits one ample group (it goes without Idle()) and returns once the
// writer has counted it: the writer is then past its start, and waits.
void Settle(EventWriter& writer) {
  writer.Submit(Ample("settle", [](auto) {}));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (writer.stats().commits == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_EQ(writer.stats().commits, 1u);
}

TEST(EventWriterGroupTest, RequestsThatArriveDuringACommitShareTheNextOne) {
  GatedCommitter committer;
  Logger logger;
  std::atomic<int> answered{0};
  {
    EventWriter writer(committer, logger);
    writer.Submit(Submission("first", [&](auto r) { answered += r.ok(); }));
    ASSERT_TRUE(committer.WaitForFirst());
    // While the first commit runs, 50 requests queue up ...
    for (int i = 0; i < 50; ++i) {
      writer.Submit(Submission(std::string("k").append(std::to_string(i)),
                               [&](auto r) { answered += r.ok(); }));
    }
    committer.Release();
    writer.Stop();
  }
  // ... and go in one commit together.
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 50}));
  EXPECT_EQ(answered, 51);
}

TEST(EventWriterGroupTest, AGroupWakesEachConnectionThreadOnceInOrder) {
  GatedCommitter committer;
  Logger logger;
  // Two connection threads' executors; their requests alternate.
  boost::asio::io_context first_thread, second_thread;
  std::vector<std::pair<int, bool>> answered;  // (request, on its thread)
  {
    EventWriter writer(committer, logger);
    writer.Submit(Submission("first", [](auto) {}));
    ASSERT_TRUE(committer.WaitForFirst());
    for (int i = 0; i < 20; ++i) {
      boost::asio::io_context& own = i % 2 ? second_thread : first_thread;
      EventWriter::Submission s =
          Submission("k" + std::to_string(i), [&answered, &own, i](auto r) {
            EXPECT_TRUE(r.ok());
            answered.emplace_back(i,
                                  own.get_executor().running_in_this_thread());
          });
      s.executor = own.get_executor();
      writer.Submit(std::move(s));
    }
    committer.Release();
    writer.Stop();
  }
  ASSERT_EQ(committer.Groups(), (std::vector<size_t>{1, 20}));
  // Nothing ran on the writer's thread: each thread's answers wait for it,
  // all in one task.
  EXPECT_TRUE(answered.empty());
  EXPECT_EQ(first_thread.run(), 1u);
  EXPECT_EQ(second_thread.run(), 1u);
  std::vector<std::pair<int, bool>> expected;
  for (int i = 0; i < 20; i += 2) expected.emplace_back(i, true);
  for (int i = 1; i < 20; i += 2) expected.emplace_back(i, true);
  EXPECT_EQ(answered, expected);
}

TEST(EventWriterGroupTest, ASmallGroupWaitsForCompanyAndAnAmpleOneDoesNot) {
  GatedCommitter committer;
  committer.Release();  // Commits run through.
  Logger logger;
  EventWriter writer(committer, logger, 50'000, 200'000,
                     std::chrono::seconds(2));
  // Two reports a fifth of a second apart (the time between them is what
  // this is about): the first waits for company, and the second joins it.
  // Without the delay, the first is long committed alone when the second
  // comes.
  std::promise<void> first, second;
  writer.Submit(Submission("a", [&](auto) { first.set_value(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  writer.Submit(Submission("b", [&](auto) { second.set_value(); }));
  first.get_future().wait();
  second.get_future().wait();
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{2}));
  // A report of kEnoughToCommit events goes at once: far sooner than the
  // delay (whose wait, were it taken, would pass the bound below).
  EventWriter slow(committer, logger, 50'000, 200'000, std::chrono::seconds(30),
                   std::chrono::hours(1));
  std::promise<void> committed;
  slow.Submit(Ample("c", [&](auto) { committed.set_value(); }));
  EXPECT_EQ(committed.get_future().wait_for(std::chrono::seconds(15)),
            std::future_status::ready);
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{2, 1}));
  // An ample group never waited: no wait of its counts.
  EXPECT_EQ(Waits(slow), (std::vector<uint64_t>{0, 0, 0}));
}

TEST(EventWriterGroupTest, ASmallGroupThatGrowsToEnoughGoesAtOnce) {
  GatedCommitter committer;
  committer.Release();
  Logger logger;
  EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
  Settle(writer);
  std::promise<void> first, second;
  writer.Submit(Submission("a", [&](auto) { first.set_value(); }));
  writer.Submit(Ample("b", [&](auto) { second.set_value(); }));
  ExpectAnswered(first, second);
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 2}));
  EXPECT_EQ(Waits(writer), (std::vector<uint64_t>{0, 1, 0}));
}

TEST(EventWriterGroupTest, AReportThatFindsTheFirstWaitingPastTheDelaySendsIt) {
  GatedCommitter committer;
  committer.Release();
  Logger logger;
  EventWriter writer(committer, logger, 50'000, 200'000,
                     std::chrono::milliseconds(50), kNever);
  std::atomic<int> answered{0};
  // Reports 100 ms apart, with no Idle(): the time passing is what this is
  // about. A report that finds the one before it waiting past the delay
  // wakes the writer, and both go. (Were the writer still awake when the
  // first came, it sends that one alone once the delay has passed; the
  // next ones then show the same.)
  bool shared = false;
  int sent = 0;
  for (; sent < 20 && !shared; ++sent) {
    writer.Submit(Submission("k" + std::to_string(sent),
                             [&](auto r) { answered += r.ok(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (size_t size : committer.Groups()) shared = shared || size >= 2;
  }
  EXPECT_TRUE(shared) << "no report woke the writer for the one before it";
  EXPECT_GE(writer.stats().waits_ended_delay, 1u);
  // What is left goes now.
  writer.Idle();
  writer.Stop();
  EXPECT_EQ(answered, sent);
}

TEST(EventWriterGroupTest, StopCommitsAGroupStillWaitingForCompany) {
  GatedCommitter committer;
  committer.Release();
  Logger logger;
  std::atomic<int> ok{0};
  {
    EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
    Settle(writer);
    for (const char* key : {"a", "b", "c"}) {
      writer.Submit(Submission(key, [&](auto r) { ok += r.ok(); }));
    }
    writer.Stop();
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 3}));
}

TEST(EventWriterGroupTest, AGroupWaitsNoLongerOnceTheNetworkIsIdle) {
  GatedCommitter committer;
  committer.Release();  // Commits run through.
  Logger logger;
  EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
  Settle(writer);
  // Idle with nothing queued is forgotten (and wakes nothing).
  writer.Idle();
  EXPECT_EQ(committer.TriedHere(), 0);
  std::promise<void> first, second;
  std::thread::id answered_on;
  writer.Submit(Submission("a", [&](auto) {
    answered_on = std::this_thread::get_id();
    first.set_value();
  }));
  writer.Submit(Submission("b", [&](auto) { second.set_value(); }));
  // Nothing but this ends the group's wait. Its commit would wait (the
  // committer says so): the writer thread makes it, the group as it was.
  writer.Idle();
  ExpectAnswered(first, second);
  EXPECT_EQ(committer.TriedHere(), 1);
  EXPECT_NE(answered_on, std::this_thread::get_id());
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 2}));
  EXPECT_EQ(Waits(writer), (std::vector<uint64_t>{1, 0, 0}));
  EXPECT_EQ(writer.stats().commits_here, 0u);
}

TEST(EventWriterGroupTest, AnIdleThreadCommitsASmallGroupThatWaitsForNothing) {
  GatedCommitter committer;
  committer.Release();
  committer.AllowHere();
  Logger logger;
  EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
  Settle(writer);
  std::vector<std::thread::id> answered_on;
  for (const char* key : {"a", "b", "c"}) {
    writer.Submit(Submission(key, [&](auto r) {
      EXPECT_TRUE(r.ok());
      answered_on.push_back(std::this_thread::get_id());
    }));
  }
  // Committed and answered before Idle() returns, on this thread (these
  // submissions have no executor of their own to be answered on).
  writer.Idle();
  EXPECT_EQ(answered_on,
            std::vector<std::thread::id>(3, std::this_thread::get_id()));
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 3}));
  EventWriter::Stats stats = writer.stats();
  EXPECT_EQ(stats.commits, 2u);
  EXPECT_EQ(stats.commits_here, 1u);
  EXPECT_EQ(stats.committed_reports, 4u);
  EXPECT_EQ(stats.queued_events, 0u);
  EXPECT_EQ(Waits(writer), (std::vector<uint64_t>{1, 0, 0}));
}

// The keys of the submissions answered, in the order of their answers.
class AnswerLog {
 public:
  // A submission's `done` that expects success and notes `key`.
  EventWriter::Done Note(std::string key) {
    return [this, key](Result<ReportOutcome> r) {
      EXPECT_TRUE(r.ok()) << key;
      std::lock_guard lock(mutex_);
      keys_.push_back(key);
    };
  }
  std::vector<std::string> Keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  void Clear() {
    std::lock_guard lock(mutex_);
    keys_.clear();
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> keys_;
};

TEST(EventWriterGroupTest, TheWriterThreadWaitsForACommitMadeInIdle) {
  GatedCommitter committer;
  committer.Release();
  committer.AllowHere();
  Logger logger;
  AnswerLog log;
  {
    EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
    Settle(writer);
    committer.HoldHere();
    writer.Submit(Submission("a", log.Note("a")));
    std::thread idle([&] { writer.Idle(); });
    EXPECT_TRUE(committer.WaitForBegun(2, std::chrono::seconds(30)));
    // While "a" is being committed in Idle(): a report that wakes the
    // writer thread at once, and Stop(). Neither commits before "a" is
    // done (the writer thread would have begun within the 200 ms).
    writer.Submit(Ample("b", log.Note("b")));
    std::thread stop([&] { writer.Stop(); });
    EXPECT_FALSE(committer.WaitForBegun(3, std::chrono::milliseconds(200)));
    committer.ReleaseHere();
    idle.join();
    stop.join();
    EXPECT_EQ(writer.stats().commits_here, 1u);
  }
  EXPECT_EQ(log.Keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 1, 1}));
}

TEST(EventWriterGroupTest, TheWriterThreadKeepsLargeGroupsAndTheirOrder) {
  GatedCommitter committer;
  committer.AllowHere();
  Logger logger;
  AnswerLog log;
  {
    EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
    // The writer thread's first commit holds until released.
    writer.Submit(Ample("first", log.Note("first")));
    ASSERT_TRUE(committer.WaitForFirst());
    // While it runs, a small group is not committed here: commits go one
    // at a time, in the order they were queued.
    writer.Submit(Submission("small", log.Note("small")));
    writer.Idle();
    EXPECT_EQ(committer.TriedHere(), 0);
    committer.Release();
    writer.Stop();
  }
  EXPECT_EQ(log.Keys(), (std::vector<std::string>{"first", "small"}));
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 1}));
  log.Clear();
  {
    EventWriter writer(committer, logger, 50'000, 200'000, kNever, kNever);
    // A group of kEnoughToCommit events is never committed here, even when
    // Idle() comes first.
    writer.Submit(Submission("a", log.Note("a")));
    writer.Submit(Ample("b", log.Note("b")));
    writer.Idle();
    writer.Stop();
    EXPECT_EQ(committer.TriedHere(), 0);
    EXPECT_EQ(writer.stats().commits_here, 0u);
  }
  EXPECT_EQ(log.Keys(), (std::vector<std::string>{"a", "b"}));
}

TEST(EventWriterGroupTest, AFullQueueRefusesWithRetryAfterAndStoresNothing) {
  GatedCommitter committer;
  Logger logger;
  std::atomic<int> answered{0};
  Status refused;
  {
    // At most 10 events wait; the one being committed does not count.
    EventWriter writer(committer, logger, 50'000, 10);
    writer.Submit(Submission("first", [&](auto r) { answered += r.ok(); }));
    ASSERT_TRUE(committer.WaitForFirst());
    for (int i = 0; i < 10; ++i) {
      writer.Submit(Submission("k" + std::to_string(i),
                               [&](auto r) { answered += r.ok(); }));
    }
    EXPECT_EQ(writer.stats().queued_events, 10u);
    // The eleventh waiting event passes the bound: answered at once.
    writer.Submit(
        Submission("one-too-many", [&](auto r) { refused = r.status(); }));
    EXPECT_EQ(refused.code(), ErrorCode::kUnavailable);
    EXPECT_EQ(refused.error_code(), "writer_queue_full");
    EXPECT_GT(refused.retry_after_seconds(), 0);
    EXPECT_EQ(writer.stats().refused, 1u);
    committer.Release();
    writer.Stop();
    EXPECT_EQ(writer.stats().queued_events, 0u);
    EXPECT_EQ(writer.stats().committed_reports, 11u);
  }
  // The refused one never reached a commit.
  EXPECT_EQ(committer.Groups(), (std::vector<size_t>{1, 10}));
  EXPECT_EQ(answered, 11);
}

// Alerts weigh in the queue as events do: a report of many alerts cannot
// slip past the bound as one.
TEST(EventWriterGroupTest, AlertsCountAgainstTheQueuesBound) {
  GatedCommitter committer;
  Logger logger;
  Status refused;
  {
    EventWriter writer(committer, logger, 50'000, 10);
    writer.Submit(Submission("first", [](auto) {}));
    ASSERT_TRUE(committer.WaitForFirst());
    auto alerts = [](int n) {
      EventWriter::Submission s;
      s.report.alerts.resize(n);
      return s;
    };
    EventWriter::Submission six = alerts(6);
    six.done = [](auto) {};
    writer.Submit(std::move(six));
    EXPECT_EQ(writer.stats().queued_events, 6u);
    EventWriter::Submission five = alerts(5);
    five.done = [&](auto r) { refused = r.status(); };
    writer.Submit(std::move(five));
    EXPECT_EQ(refused.error_code(), "writer_queue_full");
    committer.Release();
    writer.Stop();
  }
}

}  // namespace
}  // namespace hookwarden::ingest
