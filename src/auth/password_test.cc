#include "auth/password.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>

namespace hookwarden::auth {
namespace {

TEST(PasswordTest, HashThenVerify) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
}

TEST(PasswordTest, WrongPasswordFails) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterz"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery "));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batter"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(PasswordTest, SamePasswordHashesDifferently) {
  Result<std::string> a = HashPassword("password123");
  Result<std::string> b = HashPassword("password123");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);  // Random salt.
  EXPECT_TRUE(VerifyPassword(*b, "password123"));
}

TEST(PasswordTest, PasswordsAreBytesNotCStrings) {
  const std::string with_nul("pass\0word", 9);
  Result<std::string> hash = HashPassword(with_nul);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(VerifyPassword(*hash, with_nul));
  EXPECT_FALSE(VerifyPassword(*hash, "pass"));
}

TEST(PasswordTest, MalformedHashFails) {
  Result<std::string> hash = HashPassword("password123");
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(VerifyPassword("", "password123"));
  EXPECT_FALSE(VerifyPassword("password123", "password123"));
  EXPECT_FALSE(VerifyPassword("$argon2id$", "password123"));
  EXPECT_FALSE(
      VerifyPassword(hash->substr(0, hash->size() - 5), "password123"));
  std::string tampered = *hash;
  tampered[tampered.size() - 3] =
      tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(tampered, "password123"));
  // A valid hash followed by junk after a NUL must not pass as the hash.
  EXPECT_FALSE(VerifyPassword(*hash + std::string("\0junk", 5), "password123"));
  EXPECT_FALSE(VerifyPassword(std::string(10000, '$'), "password123"));
}

// What a caller can observe of a burn is its cost: it stands in for the
// verification of a user that does not exist, so it must take about as long
// as a real one (a burn that skipped the Argon2id work would take
// microseconds). The shortest of three runs of each, against noise.
TEST(PasswordTest, BurnVerificationCostsAsMuchAsAVerification) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  BurnPasswordVerification("warm up");  // Its dummy hash is made once.
  using Clock = std::chrono::steady_clock;
  auto shortest = [](const std::function<void()>& work) {
    Clock::duration best = Clock::duration::max();
    for (int i = 0; i < 3; ++i) {
      Clock::time_point start = Clock::now();
      work();
      best = std::min(best, Clock::now() - start);
    }
    return best;
  };
  Clock::duration verify = shortest(
      [&] { EXPECT_FALSE(VerifyPassword(*hash, "not the password")); });
  Clock::duration burn =
      shortest([] { BurnPasswordVerification("not the password"); });
  EXPECT_GT(burn * 4, verify)
      << "burn " << std::chrono::duration<double, std::milli>(burn).count()
      << " ms, verification "
      << std::chrono::duration<double, std::milli>(verify).count() << " ms";
}

TEST(PasswordTest, ValidateNewPasswordLimits) {
  EXPECT_FALSE(ValidateNewPassword("").ok());
  EXPECT_FALSE(ValidateNewPassword("1234567").ok());
  EXPECT_TRUE(ValidateNewPassword("12345678").ok());
  EXPECT_TRUE(ValidateNewPassword(std::string(1024, 'x')).ok());
  EXPECT_FALSE(ValidateNewPassword(std::string(1025, 'x')).ok());

  Status short_status = ValidateNewPassword("secret7");
  EXPECT_EQ(short_status.code(), ErrorCode::kInvalid);
  EXPECT_EQ(short_status.field(), "password");
  EXPECT_EQ(short_status.message().find("secret7"), std::string::npos);

  Status long_status = ValidateNewPassword(std::string(2000, 'q'));
  EXPECT_EQ(long_status.code(), ErrorCode::kInvalid);
  EXPECT_EQ(long_status.field(), "password");
}

}  // namespace
}  // namespace hookwarden::auth
