// `hookwarden admin backup` and `admin restore`: the drill (a backup taken
// while clients keep reporting restores into a server that holds every
// event acknowledged before the backup began and serves with the same master
// key), and the checks that keep a restore from doing harm, a backup of a
// newer schema than the binary knows among them.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr int kThreads = 4;

// A directory of its own, removed at the end.
class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/hookwarden-backup-XXXXXX";
    if (mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  std::string operator/(std::string_view name) const {
    return path_ + "/" + std::string(name);
  }

 private:
  std::string path_;
};

class BackupRestoreTest : public IngestTest {
 protected:
  CliResult Backup(const std::string& file) {
    return RunCli(
        {"admin", "backup", "--to", file, "--data", server_.data_dir()});
  }

  // Reports failures as `thread` over keep-alive connections, each with a
  // unique message and timestamp, until `stop`; records each acknowledged
  // message in `acked` (under `mutex`) once its answer arrived.
  void Report(int thread, int64_t newest, const std::atomic<bool>& stop,
              std::mutex& mutex, std::set<std::string>& acked,
              std::vector<std::string>& unexpected) {
    auto connection = std::make_unique<RawConnection>(server_.port());
    for (int i = 0; !stop && i < 20000; ++i) {
      if (!connection->connected()) {
        std::lock_guard lock(mutex);
        unexpected.push_back("cannot connect");
        return;
      }
      std::string message =
          "drill-" + std::to_string(thread) + "-" + std::to_string(i);
      int64_t at = newest - (int64_t{i} * kThreads + thread);
      json::object body{{"message", message}, {"timestamp", FormatTime(at)}};
      Response r = [&] {
        connection->Send(
            BuildRequest("POST", ReportPath(kIngestApp, "failures"),
                         {{"Authorization", "Bearer " + api_token_},
                          {"Content-Type", "application/json"}},
                         json::serialize(body)));
        return connection->ReadResponse(std::chrono::seconds(20));
      }();
      std::lock_guard lock(mutex);
      if (r.status == 200 && At(r.json(), "/accepted") == json::value(1)) {
        acked.insert(message);
      } else if (r.status != 429) {
        unexpected.push_back(message + ": " + std::to_string(r.status) + " " +
                             r.body.substr(0, 200));
      }
      if (r.status == 0 ||
          r.header("connection").find("close") != std::string::npos)
        connection = std::make_unique<RawConnection>(server_.port());
    }
  }

  // Waits up to 60 s until `acked` holds at least `count` messages.
  ::testing::AssertionResult WaitAcked(std::mutex& mutex,
                                       const std::set<std::string>& acked,
                                       size_t count) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex);
        if (acked.size() >= count) return ::testing::AssertionSuccess();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return ::testing::AssertionFailure()
           << "fewer than " << count << " events acknowledged within 60 s";
  }

  ScratchDir scratch_;
};

TEST_F(BackupRestoreTest, ABackupTakenUnderLoadRestoresEveryAcknowledgedEvent) {
  int64_t newest = NowMillis() - 60 * 1000;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::string> acked;
  std::vector<std::string> unexpected;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(
        [&, t] { Report(t, newest, stop, mutex, acked, unexpected); });
  }

  ASSERT_TRUE(WaitAcked(mutex, acked, 300));
  std::set<std::string> before_backup;
  {
    std::lock_guard lock(mutex);
    before_backup = acked;
  }
  std::string file = scratch_ / "hookwarden.backup";
  CliResult backup = Backup(file);
  size_t after_backup = 0;
  {
    std::lock_guard lock(mutex);
    after_backup = acked.size();
  }
  // Reporting goes on after the backup.
  EXPECT_TRUE(WaitAcked(mutex, acked, after_backup + 200));
  stop = true;
  for (std::thread& t : threads) t.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_NE(backup.output.find("backed up"), std::string::npos)
      << backup.output;
  for (const std::string& u : unexpected) ADD_FAILURE() << "unexpected: " << u;
  std::cerr << "drill: " << before_backup.size()
            << " acknowledged before the backup, " << after_backup
            << " when it ended, " << acked.size() << " in all\n";
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  // The restore, into a fresh server's empty data directory, with the
  // master key of the original.
  ServerProcess restored;
  CliResult restore =
      RunCli({"admin", "restore", "--from", file, "--data", restored.data_dir(),
              "--master-key-from", server_.data_dir()});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  EXPECT_NE(restore.output.find("integrity check ok"), std::string::npos)
      << restore.output;
  ASSERT_TRUE(restored.Start());
  HttpClient client(restored.port());
  ASSERT_EQ(client.Login("admin", kAdminPassword).status, 200);
  std::set<std::string> stored;
  for (const json::value& e : AllEvents(client))
    stored.insert(Str(e, "/message"));
  int missing = 0;
  for (const std::string& m : before_backup) {
    if (stored.count(m)) continue;
    if (++missing <= 10)
      ADD_FAILURE() << "acknowledged but not restored: " << m;
  }
  EXPECT_EQ(missing, 0);
  // Nothing the original never acknowledged or stored comes back.
  EXPECT_LE(stored.size(), acked.size() + kThreads);

  // Same master key: the tokens issued before the backup still work, and
  // the sealed activation token opens (activation returns the same one).
  HttpClient holder(restored.port());
  holder.set_bearer(api_token_);
  Response hit = holder.Post(ReportPath(kIngestApp, "hits"),
                             json::object{{"message", "after the restore"}});
  EXPECT_EQ(hit.status, 200) << hit.body;
  HttpClient activator(restored.port());
  activator.set_bearer(integration_token_);
  Response activated = activator.Post("/api/v1/activate", json::object{});
  EXPECT_EQ(activated.status, 200) << activated.body;
  EXPECT_NE(activated.body.find(api_token_), std::string::npos)
      << "the restored server hands out another activation token";
}

TEST_F(BackupRestoreTest, NothingIsOverwrittenAndBadBackupsAreRefused) {
  EXPECT_EQ(Failure(json::object{{"message", "kept"}}).status, 200);
  std::string file = scratch_ / "one.backup";
  ASSERT_EQ(Backup(file).exit_code, 0);
  auto size = fs::file_size(file);

  // A second backup to the same file refuses and leaves the first.
  CliResult again = Backup(file);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("already exists"), std::string::npos)
      << again.output;
  EXPECT_EQ(fs::file_size(file), size);

  // A data directory that holds anything is refused.
  std::string used = scratch_ / "used";
  fs::create_directories(used);
  std::ofstream(used + "/notes.txt") << "mine";
  CliResult into_used =
      RunCli({"admin", "restore", "--from", file, "--data", used});
  EXPECT_EQ(into_used.exit_code, 1) << into_used.output;
  EXPECT_NE(into_used.output.find("not empty"), std::string::npos)
      << into_used.output;
  EXPECT_FALSE(fs::exists(used + "/hookwarden.db"));

  // Another master key than the store's is refused before anything is
  // written.
  std::string other = scratch_ / "other";
  CliResult wrong_key =
      RunCli({"admin", "restore", "--from", file, "--data", other},
             {{"HOOKWARDEN_MASTER_KEY", std::string(64, 'a')}});
  EXPECT_EQ(wrong_key.exit_code, 1) << wrong_key.output;
  EXPECT_NE(wrong_key.output.find("does not open"), std::string::npos)
      << wrong_key.output;
  EXPECT_FALSE(fs::exists(other + "/hookwarden.db"));

  // A damaged file fails the checks.
  std::string damaged = scratch_ / "damaged.backup";
  {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    for (size_t i = bytes.size() / 2;
         i < bytes.size() / 2 + 4096 && i < bytes.size(); ++i)
      bytes[i] = static_cast<char>(0x5a);
    std::ofstream(damaged, std::ios::binary) << bytes;
  }
  CliResult from_damaged =
      RunCli({"admin", "restore", "--from", damaged, "--data", scratch_ / "d"});
  EXPECT_EQ(from_damaged.exit_code, 1) << from_damaged.output;
  EXPECT_FALSE(fs::exists(scratch_ / "d/hookwarden.db"));

  // Any file that is not a hookwarden store is refused too.
  std::string text = scratch_ / "text.backup";
  std::ofstream(text) << "not a database";
  CliResult from_text =
      RunCli({"admin", "restore", "--from", text, "--data", scratch_ / "t"});
  EXPECT_EQ(from_text.exit_code, 1) << from_text.output;
  EXPECT_NE(from_text.output.find("not an SQLite database"), std::string::npos)
      << from_text.output;

  // PostgreSQL stores are backed up with pg_dump.
  CliResult postgres =
      RunCli({"admin", "backup", "--to", scratch_ / "pg.backup", "--database",
              "postgresql://nobody@127.0.0.1:1/none"});
  EXPECT_EQ(postgres.exit_code, 1) << postgres.output;
  EXPECT_NE(postgres.output.find("pg_dump"), std::string::npos)
      << postgres.output;
}

TEST_F(BackupRestoreTest, ABackupOfANewerSchemaIsRefused) {
  std::string file = scratch_ / "newer.backup";
  ASSERT_EQ(Backup(file).exit_code, 0);
  // The backup as a newer hookwarden leaves it: one migration past the
  // newest this binary knows.
  std::optional<std::string> newest =
      Sqlite(file, "SELECT MAX(version) FROM schema_migrations");
  ASSERT_TRUE(newest.has_value()) << "the sqlite3 tool is needed";
  std::string newer = std::to_string(std::stoll(*newest) + 1);
  ASSERT_TRUE(
      Sqlite(file, "INSERT INTO schema_migrations VALUES (" + newer + ", 0)"));

  std::string data = scratch_ / "newer";
  CliResult restored =
      RunCli({"admin", "restore", "--from", file, "--data", data});
  EXPECT_EQ(restored.exit_code, 1) << restored.output;
  EXPECT_NE(restored.output.find("has schema version " + newer +
                                 ", newer than this hookwarden knows (" +
                                 *newest + "); restore it with a newer one"),
            std::string::npos)
      << restored.output;
  EXPECT_FALSE(fs::exists(data + "/hookwarden.db"));
}

}  // namespace
}  // namespace hookwarden::testing
