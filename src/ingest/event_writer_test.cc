#include "ingest/event_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>

#include "auth/random.h"
#include "storage/open_store.h"

namespace hookwarden::ingest {
namespace {

class EventWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth::EnsureSodium();
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-writer-" + auth::RandomHex(8));
    auto store = OpenStore(StoreOptions{"", dir_, false}, 0);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store.value());
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

TEST_F(EventWriterTest, EverySubmissionIsAnsweredAfterItsCommit) {
  EventWriter writer(*store_, clock_, logger_);
  constexpr int kThreads = 8, kPerThread = 200;
  std::atomic<int> answered{0}, duplicates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::promise<void> committed;
        // Every key twice: the second is a duplicate.
        std::string key = std::to_string(t) + "-" + std::to_string(i / 2);
        writer.Submit({{Failure(key)},
                       "itk_1",
                       "127.0.0.1",
                       [&](Result<std::vector<EventOutcome>> r) {
                         ASSERT_TRUE(r.ok());
                         ASSERT_EQ(r->size(), 1u);
                         duplicates += r->front().duplicate;
                         ++answered;
                         committed.set_value();
                       }});
        committed.get_future().wait();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered, kThreads * kPerThread);
  EXPECT_EQ(duplicates, kThreads * kPerThread / 2);
  // Answered means committed: the rows are there before the writer stops.
  EXPECT_EQ(Stored(), static_cast<size_t>(kThreads * kPerThread / 2));
}

TEST_F(EventWriterTest, StopCommitsWhatIsQueuedAndRefusesWhatComesAfter) {
  std::atomic<int> ok{0};
  {
    EventWriter writer(*store_, clock_, logger_);
    for (int i = 0; i < 500; ++i) {
      writer.Submit(
          {{Failure("k" + std::to_string(i))}, "itk_1", "", [&](auto r) {
             if (r.ok()) ++ok;
           }});
    }
    writer.Stop();
    Status refused;
    writer.Submit({{Failure("late")}, "itk_1", "", [&](auto r) {
                     refused = r.status();
                   }});
    EXPECT_EQ(refused.code(), ErrorCode::kUnavailable);
  }
  EXPECT_EQ(ok, 500);
  EXPECT_EQ(Stored(), 500u);
}

}  // namespace
}  // namespace hookwarden::ingest
