#include "auth/master_key.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEnv = "HOOKWARDEN_MASTER_KEY";

std::string Base64(const SecretKey& key) {
  std::string b64(sodium_base64_ENCODED_LEN(key.bytes.size(),
                                            sodium_base64_VARIANT_ORIGINAL),
                  '\0');
  sodium_bin2base64(b64.data(), b64.size(), key.bytes.data(), key.bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.pop_back();
  return b64;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const fs::path& path, const std::string& content, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

mode_t ModeOf(const fs::path& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

// A fresh temporary directory per test, and HOOKWARDEN_MASTER_KEY unset
// during the test and restored afterwards.
class MasterKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* old = std::getenv(kEnv)) saved_env_ = old;
    ::unsetenv(kEnv);
    std::string pattern =
        (fs::temp_directory_path() / "hookwarden_master_key_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (saved_env_) {
      ::setenv(kEnv, saved_env_->c_str(), 1);
    } else {
      ::unsetenv(kEnv);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path dir_;
  std::optional<std::string> saved_env_;
};

TEST_F(MasterKeyTest, CreatesKeyFileWithMode0600) {
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  const fs::path file = dir_ / "master.key";
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(ReadFile(file), EncodeKeyHex(*key) + "\n");
  EXPECT_NE(key->bytes, SecretKey{}.bytes);
  // Only the key file is left behind (no temporary files).
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(MasterKeyTest, Mode0600WhateverTheUmask) {
  // 0277 would take the owner's write bit away from a plain open(0600).
  for (mode_t mask : {0000, 0022, 0077, 0277}) {
    const fs::path sub = dir_ / std::to_string(mask);
    ASSERT_TRUE(fs::create_directory(sub));  // Writable despite the umask.
    const mode_t old_umask = ::umask(mask);
    Result<SecretKey> key = LoadOrCreateMasterKey(sub);
    ::umask(old_umask);
    ASSERT_TRUE(key.ok()) << key.status().message();
    EXPECT_EQ(ModeOf(sub / "master.key"), 0600u) << std::oct << mask;
  }
}

TEST_F(MasterKeyTest, CreatesMissingDataDirectory) {
  const fs::path nested = dir_ / "a" / "b";
  Result<SecretKey> key = LoadOrCreateMasterKey(nested);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_TRUE(fs::exists(nested / "master.key"));
}

TEST_F(MasterKeyTest, StableAcrossLoads) {
  Result<SecretKey> first = LoadOrCreateMasterKey(dir_);
  Result<SecretKey> second = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(first->bytes, second->bytes);
}

TEST_F(MasterKeyTest, DifferentDirectoriesGetDifferentKeys) {
  Result<SecretKey> a = LoadOrCreateMasterKey(dir_ / "a");
  Result<SecretKey> b = LoadOrCreateMasterKey(dir_ / "b");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->bytes, b->bytes);
}

TEST_F(MasterKeyTest, ReadsExistingHexAndBase64FilesWithWhitespace) {
  const SecretKey expected = RandomKey();
  WriteFile(dir_ / "master.key", "  " + EncodeKeyHex(expected) + "\r\n\n",
            0600);
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->bytes, expected.bytes);

  WriteFile(dir_ / "master.key", Base64(expected) + "\n", 0400);
  key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->bytes, expected.bytes);
}

TEST_F(MasterKeyTest, GroupOrOtherAccessibleFileIsRejected) {
  const SecretKey expected = RandomKey();
  const std::string hex = EncodeKeyHex(expected);
  for (mode_t mode : {0640, 0604, 0620, 0610, 0644, 0666, 0601}) {
    WriteFile(dir_ / "master.key", hex + "\n", mode);
    Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
    ASSERT_FALSE(key.ok()) << std::oct << mode;
    EXPECT_EQ(key.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(key.status().field(), "master.key");
    EXPECT_NE(key.status().message().find("chmod 600"), std::string::npos)
        << key.status().message();
    EXPECT_EQ(key.status().message().find(hex), std::string::npos);
  }
  // The file is left as it was, not replaced.
  EXPECT_EQ(ReadFile(dir_ / "master.key"), hex + "\n");
}

TEST_F(MasterKeyTest, InvalidFileContentIsRejectedWithoutEchoingIt) {
  const std::string bad = "0123456789abcdef-not-a-key-SECRETISH";
  WriteFile(dir_ / "master.key", bad, 0600);
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), ErrorCode::kInvalid);
  EXPECT_EQ(key.status().message().find("SECRETISH"), std::string::npos);

  WriteFile(dir_ / "master.key", "", 0600);  // Empty, e.g. after a crash.
  EXPECT_FALSE(LoadOrCreateMasterKey(dir_).ok());

  WriteFile(dir_ / "master.key", std::string(10000, 'a'), 0600);
  EXPECT_FALSE(LoadOrCreateMasterKey(dir_).ok());
}

TEST_F(MasterKeyTest, DirectoryInPlaceOfFileIsRejected) {
  fs::create_directory(dir_ / "master.key");
  ::chmod((dir_ / "master.key").c_str(), 0700);
  EXPECT_FALSE(LoadOrCreateMasterKey(dir_).ok());
}

TEST_F(MasterKeyTest, EnvVarHexIsUsedAndNoFileIsWritten) {
  const SecretKey expected = RandomKey();
  ::setenv(kEnv, EncodeKeyHex(expected).c_str(), 1);
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->bytes, expected.bytes);
  EXPECT_FALSE(fs::exists(dir_ / "master.key"));
}

TEST_F(MasterKeyTest, EnvVarBase64IsUsed) {
  const SecretKey expected = RandomKey();
  ::setenv(kEnv, Base64(expected).c_str(), 1);
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->bytes, expected.bytes);
}

TEST_F(MasterKeyTest, EnvVarTakesPrecedenceOverFile) {
  Result<SecretKey> from_file = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(from_file.ok());
  const SecretKey expected = RandomKey();
  ::setenv(kEnv, EncodeKeyHex(expected).c_str(), 1);
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->bytes, expected.bytes);
}

TEST_F(MasterKeyTest, EmptyEnvVarFallsBackToFile) {
  ::setenv(kEnv, "", 1);
  Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_TRUE(fs::exists(dir_ / "master.key"));
}

TEST_F(MasterKeyTest, BadEnvVarIsRejectedWithoutEchoingIt) {
  const SecretKey real = RandomKey();
  const std::string hex = EncodeKeyHex(real);
  const std::string b64 = Base64(real);
  const std::string bad_values[] = {
      "hunter2-SECRETISH",
      hex.substr(0, 63),         // One hex digit short.
      hex + "0",                 // One too many.
      hex.substr(0, 62) + "zz",  // Non-hex.
      b64.substr(0, 43),         // Base64 missing its padding.
      Base64(SecretKey{}).substr(0, 40) + "AA==",  // 31 bytes.
      "QUJD",  // base64 of "ABC": wrong length.
  };
  for (const std::string& bad : bad_values) {
    ::setenv(kEnv, bad.c_str(), 1);
    Result<SecretKey> key = LoadOrCreateMasterKey(dir_);
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(key.status().field(), "HOOKWARDEN_MASTER_KEY");
    EXPECT_EQ(key.status().message().find(bad), std::string::npos);
    EXPECT_EQ(key.status().message().find(bad.substr(0, 8)), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir_ / "master.key"));
}

TEST_F(MasterKeyTest, SeveralKeysOnePerLineNewestFirst) {
  const SecretKey newer = RandomKey(), older = RandomKey();
  WriteFile(dir_ / "master.key",
            EncodeKeyHex(newer) + "\n\n  " + Base64(older) + " \r\n", 0600);
  Result<KeyRing> keys = LoadOrCreateMasterKeys(dir_);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ(keys->newest().key.bytes, newer.bytes);
  EXPECT_EQ(keys->entries()[1].key.bytes, older.bytes);
  Result<SecretKey> newest = LoadOrCreateMasterKey(dir_);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(newest->bytes, newer.bytes);

  // One bad line spoils the file, without being echoed.
  WriteFile(dir_ / "master.key",
            EncodeKeyHex(newer) + "\nnot-a-key-SECRETISH\n", 0600);
  keys = LoadOrCreateMasterKeys(dir_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), ErrorCode::kInvalid);
  EXPECT_EQ(keys.status().message().find("SECRETISH"), std::string::npos);
}

TEST_F(MasterKeyTest, SeveralKeysInTheEnvironmentSeparatedByCommas) {
  const SecretKey newer = RandomKey(), older = RandomKey();
  ::setenv(kEnv, (EncodeKeyHex(newer) + "," + Base64(older)).c_str(), 1);
  EXPECT_TRUE(MasterKeysFromEnvironment());
  Result<KeyRing> keys = LoadOrCreateMasterKeys(dir_);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ(keys->newest().key.bytes, newer.bytes);
  EXPECT_EQ(keys->entries()[1].key.bytes, older.bytes);
  EXPECT_FALSE(fs::exists(dir_ / "master.key"));

  ::setenv(kEnv, (EncodeKeyHex(newer) + ",SECRETISH").c_str(), 1);
  keys = LoadOrCreateMasterKeys(dir_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().field(), "HOOKWARDEN_MASTER_KEY");
  EXPECT_EQ(keys.status().message().find("SECRETISH"), std::string::npos);
  ::unsetenv(kEnv);
  EXPECT_FALSE(MasterKeysFromEnvironment());
}

TEST_F(MasterKeyTest, ReadingTheFileNeverCreatesIt) {
  Result<KeyRing> keys = ReadMasterKeyFile(dir_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "master.key"));
}

TEST_F(MasterKeyTest, WritingReplacesTheFileWithMode0600) {
  ASSERT_TRUE(LoadOrCreateMasterKeys(dir_).ok());
  const SecretKey newer = RandomKey(), older = RandomKey();
  const mode_t old_umask = ::umask(0277);
  Status written = WriteMasterKeyFile(dir_, KeyRing({newer, older}));
  ::umask(old_umask);
  ASSERT_TRUE(written.ok()) << written.message();
  EXPECT_EQ(ModeOf(dir_ / "master.key"), 0600u);
  EXPECT_EQ(ReadFile(dir_ / "master.key"),
            EncodeKeyHex(newer) + "\n" + EncodeKeyHex(older) + "\n");
  Result<KeyRing> keys = ReadMasterKeyFile(dir_);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  EXPECT_EQ(keys->size(), 2u);
  int entries = 0;  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir_)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(MasterKeyTest, TheWatcherSeesAReplacedFile) {
  ASSERT_TRUE(LoadOrCreateMasterKeys(dir_).ok());
  MasterKeyFileWatcher watcher(dir_);
  EXPECT_FALSE(watcher.ReloadIfChanged().has_value()) << "nothing changed";
  const SecretKey newer = RandomKey();
  ASSERT_TRUE(WriteMasterKeyFile(dir_, KeyRing({newer})).ok());
  std::optional<KeyRing> keys = watcher.ReloadIfChanged();
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(keys->newest().key.bytes, newer.bytes);
  EXPECT_FALSE(watcher.ReloadIfChanged().has_value()) << "seen already";

  // A file that does not hold keys is ignored until it does.
  WriteFile(dir_ / "master.key", "broken", 0600);
  EXPECT_FALSE(watcher.ReloadIfChanged().has_value());
  EXPECT_FALSE(watcher.ReloadIfChanged().has_value());
  const SecretKey fixed = RandomKey();
  ASSERT_TRUE(WriteMasterKeyFile(dir_, KeyRing({fixed})).ok());
  keys = watcher.ReloadIfChanged();
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(keys->newest().key.bytes, fixed.bytes);
}

TEST(ParseKeyTest, HexAndBase64RoundTrip) {
  const SecretKey key = RandomKey();
  const std::string hex = EncodeKeyHex(key);
  ASSERT_EQ(hex.size(), 64u);
  std::optional<SecretKey> parsed = ParseKey(hex);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bytes, key.bytes);

  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  parsed = ParseKey(upper);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bytes, key.bytes);

  parsed = ParseKey(" \t" + Base64(key) + "\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bytes, key.bytes);
}

TEST(ParseKeyTest, KnownValues) {
  SecretKey counting;
  for (std::size_t i = 0; i < 32; ++i) {
    counting.bytes[i] = static_cast<unsigned char>(i);
  }
  EXPECT_EQ(EncodeKeyHex(counting),
            "000102030405060708090a0b0c0d0e0f"
            "101112131415161718191a1b1c1d1e1f");
  std::optional<SecretKey> parsed =
      ParseKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bytes, counting.bytes);
}

TEST(ParseKeyTest, RejectsEverythingElse) {
  const SecretKey key = RandomKey();
  const std::string hex = EncodeKeyHex(key);
  const std::string b64 = Base64(key);
  EXPECT_FALSE(ParseKey("").has_value());
  EXPECT_FALSE(ParseKey("   ").has_value());
  EXPECT_FALSE(ParseKey(hex.substr(0, 62)).has_value());
  EXPECT_FALSE(ParseKey(hex + "00").has_value());
  EXPECT_FALSE(ParseKey(hex.substr(0, 31) + " " + hex.substr(32)).has_value());
  EXPECT_FALSE(ParseKey("0x" + hex.substr(2)).has_value());
  EXPECT_FALSE(ParseKey(b64.substr(0, 43)).has_value());     // No padding.
  EXPECT_FALSE(ParseKey(b64 + "AAAA").has_value());          // 35 bytes.
  EXPECT_FALSE(ParseKey("AAAA").has_value());                // 3 bytes.
  EXPECT_FALSE(ParseKey(std::string(64, 'Q')).has_value());  // 48 bytes.
  EXPECT_FALSE(ParseKey(std::string(1000, 'A')).has_value());
  std::string url_safe = b64;
  bool changed = false;
  for (char& c : url_safe) {
    if (c == '+') c = '-', changed = true;
    if (c == '/') c = '_', changed = true;
  }
  if (changed) {
    EXPECT_FALSE(ParseKey(url_safe).has_value());
  }
  EXPECT_FALSE(ParseKey(std::string("\0", 1) + hex).has_value());
}

}  // namespace
}  // namespace hookwarden::auth
