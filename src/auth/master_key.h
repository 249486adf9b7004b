// The master key: seals secrets at rest (see sealer.h). It comes from the
// HOOKWARDEN_MASTER_KEY environment variable or, failing that, from the file
// <data_dir>/master.key, created with mode 0600 on first start.
//
// During a master key rotation there are several keys, newest first: one
// per line in the file, separated by commas in the variable. The newest
// seals; every one opens what it sealed.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/key_ring.h"
#include "auth/secret_key.h"
#include "common/status.h"

namespace hookwarden::auth {

// Returns the master key.
//
// If HOOKWARDEN_MASTER_KEY is set and non-empty, it is parsed with ParseKey;
// if invalid, fails with Status::Invalid("HOOKWARDEN_MASTER_KEY", ...). No
// file is read or written in that case.
//
// Otherwise reads <data_dir>/master.key. If absent, creates `data_dir` (and
// its parents) and the file, holding a new random key as 64 hex chars and a
// newline: written to a temporary file created with O_CREAT|O_EXCL and mode
// 0600, fsynced, then linked into place, so a crash or a concurrent start
// never leaves a partial key. If present, fails with
// Status::Invalid("master.key", ...) if its mode grants any permission to
// group or others, if it is not a regular file, or if its content (trimmed of
// whitespace) is not a valid key. I/O failures give Status::Internal.
//
// No error message ever contains key material. Not safe to call concurrently
// with setenv/unsetenv; otherwise thread-safe.
Result<SecretKey> LoadOrCreateMasterKey(const std::filesystem::path& data_dir);

// The same, with every key: the ring holds the variable's keys or the file's
// lines, newest first (a file created here holds one key). Each key, and each
// non-blank line, must be a valid key.
Result<KeyRing> LoadOrCreateMasterKeys(const std::filesystem::path& data_dir);

// True when HOOKWARDEN_MASTER_KEY is set and non-empty, so that the keys do
// not come from a file.
bool MasterKeysFromEnvironment();

// The keys of <data_dir>/master.key, with the checks of
// LoadOrCreateMasterKey. NotFound when the file does not exist; it is never
// created here.
Result<KeyRing> ReadMasterKeyFile(const std::filesystem::path& data_dir);

// Replaces <data_dir>/master.key with the keys of `keys`, newest first, one
// per line as 64 hex characters: written to a temporary file created with
// mode 0600, fsynced, renamed over the old file, and the directory fsynced.
// A reader sees the old file or the new one, never a mix. `keys` must not be
// empty.
Status WriteMasterKeyFile(const std::filesystem::path& data_dir,
                          const KeyRing& keys);

// Notices when <data_dir>/master.key is replaced or changed (its inode,
// size or modification time differ), for a running server's Sealer.
// Thread-safe.
class MasterKeyFileWatcher {
 public:
  // Remembers the file as it is now.
  explicit MasterKeyFileWatcher(std::filesystem::path data_dir);
  // The file's keys when it changed since the last call that read it;
  // nullopt when it did not, or when it cannot be read or holds no valid
  // keys (the caller keeps what it has; the next call tries again). Costs a
  // stat() when nothing changed.
  std::optional<KeyRing> ReloadIfChanged();

 private:
  struct Stamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    long long mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::optional<Stamp> Current() const;

  std::filesystem::path path_;
  std::mutex mutex_;
  std::optional<Stamp> seen_;  // Guarded by mutex_.
};

// Returns the 64-char lowercase hex encoding of `key`. Pure.
std::string EncodeKeyHex(const SecretKey& key);

// Parses a key from `text` after trimming ASCII whitespace at both ends:
// either 64 hex chars (either case) or standard padded base64
// (sodium_base64_VARIANT_ORIGINAL) of exactly 32 bytes. Returns nullopt for
// anything else. Pure, thread-safe.
std::optional<SecretKey> ParseKey(std::string_view text);

}  // namespace hookwarden::auth
