#include "http/server.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

TEST(DefaultIoThreadsTest, OnePerCoreLessTheWritersAndAtLeastOne) {
  EXPECT_EQ(DefaultIoThreads(0), 1);  // The count is unknown.
  EXPECT_EQ(DefaultIoThreads(1), 1);
  EXPECT_EQ(DefaultIoThreads(2), 1);
  EXPECT_EQ(DefaultIoThreads(4), 3);
  EXPECT_EQ(DefaultIoThreads(64), 63);
}

}  // namespace
}  // namespace hookwarden::http
