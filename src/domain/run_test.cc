#include "domain/run.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

Run At(int64_t started_at, std::optional<std::string> run_id = {}) {
  Run r;
  r.id = "run_" + std::to_string(started_at);
  r.run_id = std::move(run_id);
  r.started_at = started_at;
  return r;
}

TEST(RunIdTest, IsOneTo64PrintableCharacters) {
  EXPECT_TRUE(IsValidRunId("a"));
  EXPECT_TRUE(IsValidRunId("0b7e2c4a-9d1f-4c3e-8a2b-5f6e7d8c9b0a"));
  EXPECT_TRUE(IsValidRunId(std::string(64, 'x')));
  EXPECT_FALSE(IsValidRunId(""));
  EXPECT_FALSE(IsValidRunId(std::string(65, 'x')));
  EXPECT_FALSE(IsValidRunId("a b"));
  EXPECT_FALSE(IsValidRunId("a\nb"));
  EXPECT_FALSE(IsValidRunId("\xc3\xa9"));
}

TEST(OpenRunsTest, AReportFinishesItsRunIdOrTheOldestStart) {
  OpenRuns runs({At(1, "a"), At(2), At(3, "b")});
  EXPECT_EQ(runs.Finish(std::string("b"))->started_at, 3);
  EXPECT_FALSE(runs.Finish(std::string("c")).has_value());
  EXPECT_EQ(runs.Finish(std::nullopt)->started_at, 1);
  EXPECT_EQ(runs.Finish(std::nullopt)->started_at, 2);
  EXPECT_FALSE(runs.Finish(std::nullopt).has_value());
}

TEST(OpenRunsTest, ARetriedStartReplacesItsRun) {
  OpenRuns runs({At(1, "a"), At(2, "b")});
  auto replaced = runs.Start(At(5, "a"));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->started_at, 1);
  ASSERT_EQ(runs.open().size(), 2u);
  EXPECT_EQ(runs.open()[1].started_at, 5);
  EXPECT_FALSE(runs.Start(At(6)).has_value());
  EXPECT_FALSE(runs.Start(At(7)).has_value());  // Without ids: two runs.
  EXPECT_EQ(runs.open().size(), 4u);
}

TEST(OpenRunsTest, AStartBeyondTheBoundDropsTheOldest) {
  OpenRuns runs({});
  for (size_t i = 0; i < kMaxOpenRunsPerApplication; ++i) {
    EXPECT_FALSE(runs.Start(At(static_cast<int64_t>(i))).has_value());
  }
  auto dropped = runs.Start(At(1000));
  ASSERT_TRUE(dropped.has_value());
  EXPECT_EQ(dropped->started_at, 0);
  EXPECT_EQ(runs.open().size(), kMaxOpenRunsPerApplication);
  EXPECT_EQ(runs.open().front().started_at, 1);
}

}  // namespace
}  // namespace hookwarden
