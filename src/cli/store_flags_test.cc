#include "cli/store_flags.h"

#include <gtest/gtest.h>

namespace hookwarden::cli {
namespace {

// A command may run beside the server on the same SQLite file: it leaves
// the log's checkpoints to the server, which knows when the log may start
// over (SqliteDatabase::WriteWithoutWaiting). Only `serve` sets them.
TEST(StoreFlagsTest, OnlyTheServerCheckpointsTheLog) {
  StoreFlags flags;
  EXPECT_FALSE(flags.Options().checkpoints);
  flags.checkpoints = true;
  EXPECT_TRUE(flags.Options().checkpoints);
}

}  // namespace
}  // namespace hookwarden::cli
