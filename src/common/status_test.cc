#include "common/status.h"

#include <gtest/gtest.h>

#include <string>

namespace hookwarden {
namespace {

TEST(ResultTest, HoldsAValueOrAnError) {
  Result<int> value(7);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
  EXPECT_TRUE(value.status().ok());

  Result<int> error(Status::NotFound("no such thing"));
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(error.status().message(), "no such thing");
}

TEST(ResultDeathTest, BuiltFromAnOkStatusEndsTheProcess) {
  EXPECT_DEATH({ Result<std::string> r(Status::Ok()); },
               "a Result was built from an ok Status");
}

}  // namespace
}  // namespace hookwarden
