#include "auth/master_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

constexpr const char* kEnvVar = "HOOKWARDEN_MASTER_KEY";
constexpr const char* kFileName = "master.key";
// A key file is at most a few dozen bytes; anything much larger is not one.
constexpr std::size_t kMaxFileBytes = 4096;

// Closes a file descriptor when it goes out of scope.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  // Closes now and returns close()'s result.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Overwrites a std::string's buffer with zeros when it goes out of scope.
class StringWiper {
 public:
  explicit StringWiper(std::string& s) : s_(s) {}
  ~StringWiper() { sodium_memzero(s_.data(), s_.size()); }
  StringWiper(const StringWiper&) = delete;
  StringWiper& operator=(const StringWiper&) = delete;

 private:
  std::string& s_;
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string ErrnoText(int err) { return std::system_category().message(err); }

// Writes all of `data` to `fd`, retrying on EINTR and short writes. Returns 0
// or an errno value.
int WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// Best-effort fsync of a directory, so a newly linked entry survives a crash.
void SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// The keys in `text`, separated by `separator` (blank pieces skipped), or
// nullopt when there is none or one is not a valid key.
std::optional<KeyRing> ParseKeyList(std::string_view text, char separator) {
  std::vector<SecretKey> keys;
  while (!text.empty()) {
    std::size_t end = text.find(separator);
    std::string_view piece = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (Trim(piece).empty()) continue;
    std::optional<SecretKey> key = ParseKey(piece);
    if (!key) return std::nullopt;
    keys.push_back(*key);
  }
  if (keys.empty()) return std::nullopt;
  return KeyRing(keys);
}

// Reads and checks an existing key file through `fd`.
Result<KeyRing> ReadKeyFile(int fd, const std::filesystem::path& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    return Status::Internal("cannot stat " + path.string() + ": " +
                            ErrnoText(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::Invalid(kFileName, path.string() + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    return Status::Invalid(kFileName,
                           path.string() +
                               " must be readable by its owner only (chmod "
                               "600 " +
                               path.string() + ")");
  }
  std::string content(kMaxFileBytes + 1, '\0');
  StringWiper wipe_content(content);
  std::size_t len = 0;
  while (len < content.size()) {
    ssize_t n = ::read(fd, content.data() + len, content.size() - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Internal("cannot read " + path.string() + ": " +
                              ErrnoText(errno));
    }
    if (n == 0) break;
    len += static_cast<std::size_t>(n);
  }
  std::optional<KeyRing> keys;
  if (len <= kMaxFileBytes) {
    keys = ParseKeyList(std::string_view(content.data(), len), '\n');
  }
  if (!keys) {
    return Status::Invalid(
        kFileName, path.string() +
                       " does not hold valid keys (expected one key per line: "
                       "64 hex characters or base64 of exactly 32 bytes)");
  }
  return *std::move(keys);
}

// Writes `content` to a new temporary file in `data_dir` created with mode
// 0600, and fsyncs it. Returns its path.
Result<std::filesystem::path> WriteTempKeyFile(
    const std::filesystem::path& data_dir, std::string_view content) {
  const std::filesystem::path tmp =
      data_dir / (std::string(kFileName) + ".tmp-" + RandomHex(8));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Internal("cannot create " + tmp.string() + ": " +
                            ErrnoText(errno));
  }
  FdCloser closer(fd);
  int err = 0;
  // The umask can only remove bits from 0600; fchmod makes sure the owner
  // can read the file back.
  if (::fchmod(fd, 0600) != 0) err = errno;
  if (err == 0) err = WriteAll(fd, content);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (err == 0 && closer.Close() != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return Status::Internal("cannot write " + tmp.string() + ": " +
                            ErrnoText(err));
  }
  return tmp;
}

// The keys' file content: one key per line as hex, newest first.
std::string KeyFileContent(const KeyRing& keys) {
  std::string content;
  content.reserve(keys.size() * 65);  // No reallocation past the wiper.
  for (const KeyRing::Entry& e : keys.entries()) {
    std::string hex = EncodeKeyHex(e.key);
    content += hex + "\n";
    sodium_memzero(hex.data(), hex.size());
  }
  return content;
}

// Creates `path` (= <data_dir>/master.key) holding a new random key and
// returns the key. If another process created `path` first, sets *lost_race
// and returns an error; the caller then reads that process's key instead.
Result<KeyRing> CreateKeyFile(const std::filesystem::path& data_dir,
                              const std::filesystem::path& path,
                              bool* lost_race) {
  *lost_race = false;
  SecretKey key = RandomKey();
  std::string content = KeyFileContent(KeyRing({key}));
  StringWiper wipe_content(content);
  auto written = WriteTempKeyFile(data_dir, content);
  if (!written.ok()) return written.status();
  const std::filesystem::path& tmp = *written;
  int err = 0;
  // link() fails with EEXIST instead of replacing an existing key, unlike
  // rename().
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    ::unlink(tmp.c_str());
    if (err == EEXIST) {
      *lost_race = true;
      return Status::Internal("master.key appeared concurrently");
    }
    return Status::Internal("cannot create " + path.string() + ": " +
                            ErrnoText(err));
  }
  ::unlink(tmp.c_str());
  SyncDirectory(data_dir);
  return KeyRing({key});
}

}  // namespace

std::string EncodeKeyHex(const SecretKey& key) {
  std::string hex(key.bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.bytes.data(), key.bytes.size());
  hex.pop_back();  // The terminating NUL.
  return hex;
}

std::optional<SecretKey> ParseKey(std::string_view text) {
  EnsureSodium();
  text = Trim(text);
  SecretKey key;
  std::size_t len = 0;
  if (text.size() == 2 * key.bytes.size()) {
    // With hex_end == nullptr, libsodium fails unless every char is hex.
    if (sodium_hex2bin(key.bytes.data(), key.bytes.size(), text.data(),
                       text.size(), /*ignore=*/nullptr, &len,
                       /*hex_end=*/nullptr) != 0 ||
        len != key.bytes.size()) {
      return std::nullopt;
    }
    return key;
  }
  // 32 bytes are 44 base64 chars; decode into a larger buffer so that longer
  // input is seen as too long rather than as an error about space.
  std::array<unsigned char, 64> buf{};
  bool ok = text.size() <= 4 * (buf.size() / 3) &&
            sodium_base642bin(buf.data(), buf.size(), text.data(), text.size(),
                              /*ignore=*/nullptr, &len, /*b64_end=*/nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0 &&
            len == key.bytes.size();
  if (ok) std::memcpy(key.bytes.data(), buf.data(), key.bytes.size());
  sodium_memzero(buf.data(), buf.size());
  if (!ok) return std::nullopt;
  return key;
}

bool MasterKeysFromEnvironment() {
  const char* env = std::getenv(kEnvVar);
  return env != nullptr && *env != '\0';
}

Result<KeyRing> ReadMasterKeyFile(const std::filesystem::path& data_dir) {
  EnsureSodium();
  const std::filesystem::path path = data_dir / kFileName;
  // O_NONBLOCK: a FIFO in the key's place is rejected, not waited on.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path.string() + " not found");
    return Status::Internal("cannot open " + path.string() + ": " +
                            ErrnoText(errno));
  }
  FdCloser closer(fd);
  return ReadKeyFile(fd, path);
}

Result<KeyRing> LoadOrCreateMasterKeys(const std::filesystem::path& data_dir) {
  EnsureSodium();
  if (MasterKeysFromEnvironment()) {
    std::optional<KeyRing> keys = ParseKeyList(std::getenv(kEnvVar), ',');
    if (!keys) {
      return Status::Invalid(kEnvVar,
                             "HOOKWARDEN_MASTER_KEY must be 64 hex characters "
                             "or base64 of exactly 32 bytes (several keys: "
                             "separated by commas, newest first)");
    }
    return *std::move(keys);
  }

  const std::filesystem::path path = data_dir / kFileName;
  // Two rounds at most: if another process creates the file between our
  // failed open and our link, read theirs.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<KeyRing> existing = ReadMasterKeyFile(data_dir);
    if (existing.status().code() != ErrorCode::kNotFound) return existing;
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
      return Status::Internal("cannot create data directory " +
                              data_dir.string() + ": " + ec.message());
    }
    bool lost_race = false;
    Result<KeyRing> created = CreateKeyFile(data_dir, path, &lost_race);
    if (!lost_race) return created;
  }
  return Status::Internal("cannot create " + path.string() +
                          ": it keeps appearing and disappearing");
}

Result<SecretKey> LoadOrCreateMasterKey(const std::filesystem::path& data_dir) {
  Result<KeyRing> keys = LoadOrCreateMasterKeys(data_dir);
  if (!keys.ok()) return keys.status();
  return keys->newest().key;
}

Status WriteMasterKeyFile(const std::filesystem::path& data_dir,
                          const KeyRing& keys) {
  std::string content = KeyFileContent(keys);
  StringWiper wipe_content(content);
  auto tmp = WriteTempKeyFile(data_dir, content);
  if (!tmp.ok()) return tmp.status();
  const std::filesystem::path path = data_dir / kFileName;
  if (::rename(tmp->c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp->c_str());
    return Status::Internal("cannot replace " + path.string() + ": " +
                            ErrnoText(err));
  }
  SyncDirectory(data_dir);
  return Status::Ok();
}

MasterKeyFileWatcher::MasterKeyFileWatcher(std::filesystem::path data_dir)
    : path_(std::move(data_dir) / kFileName), seen_(Current()) {}

std::optional<MasterKeyFileWatcher::Stamp> MasterKeyFileWatcher::Current()
    const {
  struct stat st;
  if (::stat(path_.c_str(), &st) != 0) return std::nullopt;
  return Stamp{st.st_dev, st.st_ino, st.st_size,
               st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec};
}

std::optional<KeyRing> MasterKeyFileWatcher::ReloadIfChanged() {
  std::lock_guard lock(mutex_);
  std::optional<Stamp> now = Current();
  if (!now || now == seen_) return std::nullopt;
  Result<KeyRing> keys = ReadMasterKeyFile(path_.parent_path());
  if (!keys.ok()) return std::nullopt;
  seen_ = now;
  return *std::move(keys);
}

}  // namespace hookwarden::auth
