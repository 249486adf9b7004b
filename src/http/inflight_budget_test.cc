#include "http/inflight_budget.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace hookwarden::http {
namespace {

TEST(InflightBudgetTest, RefusesWhatWouldPassTheLimitAndTakesNothingThen) {
  InflightBudget budget(100);
  auto a = budget.TryTake(60);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(budget.TryTake(41).has_value());
  EXPECT_EQ(budget.in_use(), 60u);
  EXPECT_EQ(budget.refused(), 1u);
  auto b = budget.TryTake(40);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(budget.in_use(), 100u);
  EXPECT_TRUE(budget.TryTake(0).has_value());  // A bodiless request.
  EXPECT_FALSE(budget.TryTake(101).has_value());
}

TEST(InflightBudgetTest, ALeaseGivesItsBytesBackOnceWhereverItMoves) {
  InflightBudget budget(100);
  {
    auto a = budget.TryTake(70);
    ASSERT_TRUE(a.has_value());
    InflightBudget::Lease moved = std::move(*a);
    InflightBudget::Lease again;
    again = std::move(moved);
    EXPECT_EQ(again.bytes(), 70u);
    EXPECT_EQ(budget.in_use(), 70u);
  }
  EXPECT_EQ(budget.in_use(), 0u);
  EXPECT_TRUE(budget.TryTake(100).has_value());
}

TEST(InflightBudgetTest, ThreadsTogetherNeverPassTheLimit) {
  InflightBudget budget(1000);
  std::atomic<uint64_t> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20'000; ++i) {
        auto lease = budget.TryTake(300);
        uint64_t now = budget.in_use();
        uint64_t seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 1000u);
  EXPECT_EQ(budget.in_use(), 0u);
}

}  // namespace
}  // namespace hookwarden::http
