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

// Reads and checks an existing key file through `fd`.
Result<SecretKey> ReadKeyFile(int fd, const std::filesystem::path& path) {
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
  std::optional<SecretKey> key;
  if (len <= kMaxFileBytes) {
    key = ParseKey(std::string_view(content.data(), len));
  }
  if (!key) {
    return Status::Invalid(
        kFileName, path.string() +
                       " does not hold a valid key (expected 64 hex characters "
                       "or base64 of exactly 32 bytes)");
  }
  return *std::move(key);
}

// Creates `path` (= <data_dir>/master.key) holding a new random key and
// returns the key. If another process created `path` first, sets *lost_race
// and returns an error; the caller then reads that process's key instead.
Result<SecretKey> CreateKeyFile(const std::filesystem::path& data_dir,
                                const std::filesystem::path& path,
                                bool* lost_race) {
  *lost_race = false;
  SecretKey key = RandomKey();
  std::string content = EncodeKeyHex(key);
  content.reserve(content.size() + 1);  // No reallocation past the wiper.
  StringWiper wipe_content(content);
  content.push_back('\n');

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
  return key;
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

Result<SecretKey> LoadOrCreateMasterKey(const std::filesystem::path& data_dir) {
  EnsureSodium();
  if (const char* env = std::getenv(kEnvVar); env != nullptr && *env != '\0') {
    std::optional<SecretKey> key = ParseKey(env);
    if (!key) {
      return Status::Invalid(kEnvVar,
                             "HOOKWARDEN_MASTER_KEY must be 64 hex characters "
                             "or base64 of exactly 32 bytes");
    }
    return *std::move(key);
  }

  const std::filesystem::path path = data_dir / kFileName;
  // Two rounds at most: if another process creates the file between our
  // failed open and our link, read theirs.
  for (int attempt = 0; attempt < 2; ++attempt) {
    // O_NONBLOCK: a FIFO in the key's place is rejected, not waited on.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
      FdCloser closer(fd);
      return ReadKeyFile(fd, path);
    }
    if (errno != ENOENT) {
      return Status::Internal("cannot open " + path.string() + ": " +
                              ErrnoText(errno));
    }
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
      return Status::Internal("cannot create data directory " +
                              data_dir.string() + ": " + ec.message());
    }
    bool lost_race = false;
    Result<SecretKey> created = CreateKeyFile(data_dir, path, &lost_race);
    if (!lost_race) return created;
  }
  return Status::Internal("cannot create " + path.string() +
                          ": it keeps appearing and disappearing");
}

}  // namespace hookwarden::auth
