// The data directory: what the binary creates there is its user's alone
// (0700, files 0600), an existing directory open to others is warned about,
// and a missing master.key is reported as missing, never replaced by a new
// key that would not open the store's keys.
#include <sys/stat.h>

#include <filesystem>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace fs = std::filesystem;

// The permission bits of `path`, or -1 when it does not exist.
int Mode(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

class DataDirectoryTest : public ServerTest {};

TEST_F(DataDirectoryTest, FilesOfTheStoreAreReadableByTheirOwnerOnly) {
  const std::string data = server_.data_dir();
  // The running server has its database, journal and key open.
  for (const char* name : {"hookwarden.db", "hookwarden.db-wal",
                           "hookwarden.db-shm", "master.key"}) {
    EXPECT_EQ(Mode(data + "/" + name), 0600) << name;
  }
  // A directory the binary creates itself, even under a permissive umask.
  const std::string fresh = data + "/../fresh/store";
  CliResult created =
      RunCli({"admin", "create-user", "someone", "--data", fresh},
             {{"HOOKWARDEN_PASSWORD", "a-long-enough-password"}});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  EXPECT_EQ(Mode(fresh), 0700);
  EXPECT_EQ(Mode(fresh + "/hookwarden.db"), 0600);
  EXPECT_EQ(server_.log_text().find("open to other users"), std::string::npos);
}

TEST_F(DataDirectoryTest, ADirectoryOpenToOthersIsWarnedAbout) {
  server_.Stop();
  ASSERT_EQ(chmod(server_.data_dir().c_str(), 0755), 0);
  ASSERT_TRUE(server_.Start(ServerArgs()));
  std::string log = server_.log_text();
  EXPECT_NE(log.find("the data directory is open to other users"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("0755"), std::string::npos);
}

TEST_F(DataDirectoryTest, AMissingMasterKeyIsNotReplaced) {
  const std::string key = server_.data_dir() + "/master.key";
  const std::string kept = server_.data_dir() + "/../master.key.kept";
  server_.Stop();
  fs::rename(key, kept);
  ::testing::AssertionResult started = server_.Start(ServerArgs());
  ASSERT_FALSE(started);
  EXPECT_NE(std::string(started.message()).find("exited with 1"),
            std::string::npos)
      << started.message();
  EXPECT_FALSE(fs::exists(key)) << "a new master.key was written";
  std::string log = server_.log_text();
  EXPECT_NE(log.find("master.key is missing"), std::string::npos) << log;
  EXPECT_EQ(log.find("does not open"), std::string::npos) << log;
  // A second start says the same: nothing changed.
  EXPECT_FALSE(server_.Start(ServerArgs()));
  EXPECT_FALSE(fs::exists(key));
  // The key put back, the server starts and serves its store.
  fs::rename(kept, key);
  ASSERT_TRUE(server_.Start(ServerArgs()));
  EXPECT_EQ(Login("admin", kAdminPassword).Get("/api/v1/me").status, 200);
}

}  // namespace
}  // namespace hookwarden::testing
