// `hookwarden admin rotate-master-key`: re-seals every sealed value of the
// store (secrets variables, the tokens issued under credentials, the
// token-hashing key) under a new master key, while servers keep running.
//
// Why it needs no downtime:
// - A sealed value names the key that sealed it ("v2:<key id>:...", see
//   auth/sealer.h), and the key file may hold several keys, newest first.
//   Values of the old form "v1:" name no key; any key that opens them will
//   do.
// - A server whose keys come from the file watches it (auth::
//   MasterKeyFileWatcher, a stat per seal): it seals under the file's newest
//   key as soon as the file changes, and re-reads the file when a value
//   names a key it does not know. Keys it read once stay in its memory.
// - The rotation (1) adds a new random key at the head of the file (an
//   atomic replacement: temporary file with mode 0600, fsync, rename), so
//   every server can open what is sealed under it before anything is;
//   (2) re-seals every value not sealed under the new key, in transactions
//   of 100 rows, each row replaced only if no one changed it meanwhile;
//   (3) waits --settle seconds, for a server that sealed under the old key
//   just before step 1 to commit, and re-seals again; (4) drops the old
//   keys from the file; (5) re-seals once more, with the old keys still in
//   its memory, for anything that slipped in.
// - Readers never wait: at every moment each value opens under a key that
//   every running server has or will read from the file.
// - Interrupted, it leaves a file with several keys: running it again
//   finishes the same rotation (a file with several keys means a rotation in
//   progress), and no value is lost meanwhile.
//
// With HOOKWARDEN_MASTER_KEY set, the keys live where hookwarden cannot
// change them, so the operator moves them, in three steps:
// (1) with one key, the command changes nothing: it prints a new key and
//     the steps; (2) the operator restarts each server with
//     HOOKWARDEN_MASTER_KEY=<new>,<old> (one at a time: each seals under the
//     new key and opens both) and runs the command again with that value,
//     which re-seals everything under the first key; (3) the operator
//     restarts each server with HOOKWARDEN_MASTER_KEY=<new> alone.
//
// Two rotations at once are refused (a lock file in the data directory).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "auth/master_key.h"
#include "auth/random.h"
#include "auth/sealer.h"
#include "cli/client_command.h"
#include "cli/commands.h"
#include "cli/store_flags.h"
#include "services/resealer.h"

namespace hookwarden::cli {
namespace {

struct RotateFlags {
  StoreFlags store;
  double settle_seconds = 2;
};

// Holds an exclusive flock on <data>/master.key.lock while it lives.
class RotationLock {
 public:
  ~RotationLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Acquire(const std::filesystem::path& data_dir) {
    const std::filesystem::path path = data_dir / "master.key.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) return Status::Internal("cannot open " + path.string());
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      return Status::Conflict("another master key rotation is running on " +
                              data_dir.string());
    }
    return Status::Ok();
  }

 private:
  int fd_ = -1;
};

// A new random key whose id no key of `keys` has.
auth::SecretKey NewKey(const auth::KeyRing& keys) {
  for (;;) {
    auth::SecretKey key = auth::RandomKey();
    if (keys.Find(auth::KeyId(key)) == nullptr) return key;
  }
}

void PrintCounts(std::string_view when, const ResealCounts& counts) {
  std::cout << when << ": re-sealed " << counts.secrets << " secrets, "
            << counts.channel_signing_secrets << " channel signing secrets, "
            << counts.issued_tokens << " tokens and " << counts.settings
            << " server keys\n"
            << std::flush;
}

// Steps 2, 3 and (with `drop_old_keys`) 4 and 5 of the rotation to the
// newest key of `keys`.
int Reseal(const RotateFlags& flags, Store& store, const auth::KeyRing& keys,
           const std::function<Status()>& drop_old_keys) {
  auth::Sealer sealer(keys);
  Resealer resealer(store, sealer);
  ResealCounts total;
  auto first = resealer.ResealAll();
  if (!first.ok()) return Fail(first.status());
  PrintCounts("First pass", *first);
  total += *first;
  std::this_thread::sleep_for(
      std::chrono::duration<double>(flags.settle_seconds));
  auto second = resealer.ResealAll();
  if (!second.ok()) return Fail(second.status());
  total += *second;
  if (drop_old_keys) {
    Status dropped = drop_old_keys();
    if (!dropped.ok()) return Fail(dropped);
    auto last = resealer.ResealAll();
    if (!last.ok()) return Fail(last.status());
    total += *last;
  }
  PrintCounts("In all", total);
  return 0;
}

// With HOOKWARDEN_MASTER_KEY set: see the steps at the top of this file.
int RotateFromEnvironment(const RotateFlags& flags, Store& store,
                          const auth::KeyRing& keys) {
  if (keys.size() == 1) {
    auth::SecretKey fresh = NewKey(keys);
    std::cout
        << "HOOKWARDEN_MASTER_KEY is set, so hookwarden cannot change where "
           "the master key is kept. Nothing was changed.\n"
           "To rotate it without downtime:\n"
           "  1. Restart each server, one at a time, with\n"
           "     HOOKWARDEN_MASTER_KEY=<new key>,<current key>\n"
           "  2. Run `hookwarden admin rotate-master-key` again with that "
           "value: it re-seals every value under the new key.\n"
           "  3. Restart each server with HOOKWARDEN_MASTER_KEY=<new key> "
           "alone.\n"
           "A new key (key id "
        << auth::KeyId(fresh) << "):\n"
        << auth::EncodeKeyHex(fresh) << "\n";
    return 0;
  }
  std::cout << "Re-sealing every value under the first key of "
               "HOOKWARDEN_MASTER_KEY (key id "
            << keys.newest().id << ").\n";
  int code = Reseal(flags, store, keys, nullptr);
  if (code != 0) return code;
  std::cout << "Done. Now restart each server with only the first key in "
               "HOOKWARDEN_MASTER_KEY (key id "
            << keys.newest().id << ").\n";
  return 0;
}

int RotateKeyFile(const RotateFlags& flags, Store& store,
                  const auth::KeyRing& keys) {
  const std::filesystem::path data = flags.store.data;
  auth::KeyRing ring = keys;
  if (ring.size() == 1) {
    ring = auth::KeyRing({NewKey(keys)}).MergedWith(keys);
    Status written = auth::WriteMasterKeyFile(data, ring);
    if (!written.ok()) return Fail(written);
    std::cout << "Added the new master key " << ring.newest().id << " to "
              << (data / "master.key").string() << "; the old key "
              << keys.newest().id << " stays until every value moved.\n";
  } else {
    std::cout << (data / "master.key").string() << " holds " << ring.size()
              << " keys: finishing the rotation to key " << ring.newest().id
              << ".\n";
  }
  auto drop = [&]() -> Status {
    return auth::WriteMasterKeyFile(data, auth::KeyRing({ring.newest().key}));
  };
  int code = Reseal(flags, store, ring, drop);
  if (code != 0) return code;
  std::cout << "Done: every value is sealed under key " << ring.newest().id
            << ", the only key left in " << (data / "master.key").string()
            << ". Running servers follow the file; keep a copy of it.\n";
  return 0;
}

int Rotate(const RotateFlags& flags) {
  const std::filesystem::path data = flags.store.data;
  RotationLock lock;
  Status locked = lock.Acquire(data);
  if (!locked.ok()) return Fail(locked);
  bool from_environment = auth::MasterKeysFromEnvironment();
  auto keys = from_environment ? auth::LoadOrCreateMasterKeys(data)
                               : auth::ReadMasterKeyFile(data);
  if (!keys.ok()) {
    if (keys.status().code() == ErrorCode::kNotFound) {
      return Fail(Status::NotFound(
          "no master key in " + data.string() +
          " (master.key) and HOOKWARDEN_MASTER_KEY is not set: nothing to "
          "rotate"));
    }
    return Fail(keys.status());
  }
  auto store = flags.store.Open();
  if (!store.ok()) return Fail(store.status());
  auth::Sealer current(*keys);
  Status fits = Resealer(**store, current).CheckKeysFitStore();
  if (!fits.ok()) return Fail(fits);
  return from_environment ? RotateFromEnvironment(flags, **store, *keys)
                          : RotateKeyFile(flags, **store, *keys);
}

}  // namespace

void AddRotateMasterKeyCommand(CLI::App& admin, int* exit_code) {
  auto flags = std::make_shared<RotateFlags>();
  CLI::App* command = admin.add_subcommand(
      "rotate-master-key",
      "Re-seal every secret and token under a new master key, while servers "
      "keep running");
  flags->store.AddTo(*command);
  command
      ->add_option("--settle", flags->settle_seconds,
                   "Seconds to wait, after the first pass, for servers that "
                   "sealed under the old key to commit")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  command->footer(
      "With the key in DIR/master.key, the new key is added to the file, "
      "every value is re-sealed, then the old key is dropped; running "
      "servers follow the file. With HOOKWARDEN_MASTER_KEY set, the command "
      "prints a new key and the steps to take.");
  command->callback([flags, exit_code] { *exit_code = Rotate(*flags); });
}

}  // namespace hookwarden::cli
