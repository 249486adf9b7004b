#include "storage/sqlite/gathered_wal.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace hookwarden::sql {
namespace {

// The log's layout (https://www.sqlite.org/fileformat2.html#walformat): a
// 32-byte header, then frames of a 24-byte header and a page. Bytes 4 to 7
// of a frame's header, big-endian, are the database's size in pages after
// the commit for the frame that ends one, 0 for every other.
constexpr sqlite3_int64 kLogHeaderBytes = 32;
constexpr int kFrameHeaderBytes = 24;

bool IsCommitFrameHeader(const char* bytes, int n, sqlite3_int64 at) {
  return n == kFrameHeaderBytes && at >= kLogHeaderBytes &&
         (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

// The writes to one log file not yet made: one run of bytes from `at_`.
class Gather {
 public:
  int Write(sqlite3_file* file, const void* data, int n, sqlite3_int64 at) {
    if (failed_ != SQLITE_OK) return failed_;
    const char* bytes = static_cast<const char*>(data);
    size_t size = static_cast<size_t>(n);
    sqlite3_int64 end = at_ + static_cast<sqlite3_int64>(bytes_.size());
    if (!bytes_.empty() && at >= at_ && at + n <= end) {
      // Over bytes still here (a frame written again in its transaction).
      std::memcpy(bytes_.data() + (at - at_), bytes, size);
    } else if (!bytes_.empty() && at == end &&
               bytes_.size() + size <= kMaxGatheredBytes) {
      bytes_.insert(bytes_.end(), bytes, bytes + size);
    } else {
      if (int rc = Flush(file); rc != SQLITE_OK) return rc;
      if (size > kMaxGatheredBytes) {
        return file->pMethods->xWrite(file, data, n, at);
      }
      at_ = at;
      bytes_.assign(bytes, bytes + size);
    }
    if (IsCommitFrameHeader(bytes, n, at)) {
      commit_page_at_ = at + n;
    } else if (at == commit_page_at_) {
      // The commit is whole: written now, so that an error fails it.
      return Flush(file);
    }
    return SQLITE_OK;
  }

  // Writes what is gathered. A failure drops it (the commit it belonged to
  // fails) and is returned.
  int Flush(sqlite3_file* file) {
    if (failed_ != SQLITE_OK) return failed_;
    commit_page_at_ = -1;
    if (bytes_.empty()) return SQLITE_OK;
    int rc = file->pMethods->xWrite(file, bytes_.data(),
                                    static_cast<int>(bytes_.size()), at_);
    bytes_.clear();
    return rc;
  }

  // A flush whose error no caller can return (before a barrier of the
  // shared index): every later use of the log fails with it, so that the
  // connection writes nothing more on top of a frame it lost.
  void FlushOrFail(sqlite3_file* file) {
    if (int rc = Flush(file); rc != SQLITE_OK) failed_ = rc;
  }

 private:
  std::vector<char> bytes_;
  sqlite3_int64 at_ = 0;
  sqlite3_int64 commit_page_at_ = -1;
  int failed_ = SQLITE_OK;
};

// What SQLite allocates for a file of this VFS (szOsFile bytes): this,
// then the underlying VFS's file. Plain data: SQLite gives raw memory.
struct File {
  sqlite3_file base;   // pMethods: this VFS's
  sqlite3_file* real;  // The underlying file, right after this.
  File* paired;        // A database's log, a log's database (or null).
  const char* name;    // A database's name as SQLite gave it, or null.
  Gather* gather;      // A log's writes not yet made; null for other files.
};

constexpr size_t kFileBytes = (sizeof(File) + alignof(std::max_align_t) - 1) /
                              alignof(std::max_align_t) *
                              alignof(std::max_align_t);

File* AsFile(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
sqlite3_file* Real(sqlite3_file* f) { return AsFile(f)->real; }

// The open databases of this process by the name pointer SQLite opened
// them with, which sqlite3_filename_database() gives back for their log.
std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}
std::map<const char*, File*>& Registry() {
  static auto* registry = new std::map<const char*, File*>();
  return *registry;
}

// Before a database's shared index is touched: its log's writes.
int FlushLogOf(sqlite3_file* db) {
  File* log = AsFile(db)->paired;
  return log && log->gather ? log->gather->Flush(log->real) : SQLITE_OK;
}
int FlushIfLog(sqlite3_file* f) {
  File* file = AsFile(f);
  return file->gather ? file->gather->Flush(file->real) : SQLITE_OK;
}

int Close(sqlite3_file* f) {
  File* file = AsFile(f);
  int flushed = FlushIfLog(f);
  {
    std::lock_guard lock(RegistryMutex());
    if (file->name) Registry().erase(file->name);
    if (file->paired) file->paired->paired = nullptr;
  }
  delete file->gather;
  int rc = file->real->pMethods->xClose(file->real);
  return flushed != SQLITE_OK ? flushed : rc;
}

int Read(sqlite3_file* f, void* data, int n, sqlite3_int64 at) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xRead(Real(f), data, n, at);
}

int Write(sqlite3_file* f, const void* data, int n, sqlite3_int64 at) {
  File* file = AsFile(f);
  if (file->gather) return file->gather->Write(file->real, data, n, at);
  return file->real->pMethods->xWrite(file->real, data, n, at);
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xTruncate(Real(f), size);
}

int Sync(sqlite3_file* f, int flags) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xSync(Real(f), flags);
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xFileSize(Real(f), size);
}

int Lock(sqlite3_file* f, int level) {
  return Real(f)->pMethods->xLock(Real(f), level);
}
int Unlock(sqlite3_file* f, int level) {
  return Real(f)->pMethods->xUnlock(Real(f), level);
}
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}

int FileControl(sqlite3_file* f, int op, void* arg) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}

int SectorSize(sqlite3_file* f) {
  return Real(f)->pMethods->xSectorSize(Real(f));
}
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}

int ShmMap(sqlite3_file* f, int region, int size, int extend,
           void volatile** out) {
  if (int rc = FlushLogOf(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}

int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  if (int rc = FlushLogOf(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}

void ShmBarrier(sqlite3_file* f) {
  File* log = AsFile(f)->paired;
  if (log && log->gather) log->gather->FlushOrFail(log->real);
  Real(f)->pMethods->xShmBarrier(Real(f));
}

int ShmUnmap(sqlite3_file* f, int delete_flag) {
  if (int rc = FlushLogOf(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
}

int Fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  return Real(f)->pMethods->xFetch(Real(f), at, n, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) {
  return Real(f)->pMethods->xUnfetch(Real(f), at, p);
}

// The methods at each version SQLite knows (1 to 3), so that a file offers
// what its underlying file offers, no more.
constexpr sqlite3_io_methods MethodsOfVersion(int version) {
  return {version,
          Close,
          Read,
          Write,
          Truncate,
          Sync,
          FileSize,
          Lock,
          Unlock,
          CheckReservedLock,
          FileControl,
          SectorSize,
          DeviceCharacteristics,
          ShmMap,
          ShmLock,
          ShmBarrier,
          ShmUnmap,
          Fetch,
          Unfetch};
}
constexpr sqlite3_io_methods kMethods[] = {
    MethodsOfVersion(1), MethodsOfVersion(2), MethodsOfVersion(3)};

sqlite3_vfs* Base(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags,
         int* out_flags) {
  File* file = new (f) File{};
  file->real =
      reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kFileBytes);
  sqlite3_vfs* base = Base(vfs);
  int rc = base->xOpen(base, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK || file->real->pMethods == nullptr) {
    if (file->real->pMethods) file->real->pMethods->xClose(file->real);
    f->pMethods = nullptr;
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  if (flags & SQLITE_OPEN_WAL) {
    file->gather = new (std::nothrow) Gather();
    if (file->gather == nullptr) {
      file->real->pMethods->xClose(file->real);
      f->pMethods = nullptr;
      return SQLITE_NOMEM;
    }
    std::lock_guard lock(RegistryMutex());
    auto db = Registry().find(sqlite3_filename_database(name));
    if (db != Registry().end()) {
      file->paired = db->second;
      db->second->paired = file;
    }
  } else if ((flags & SQLITE_OPEN_MAIN_DB) && name != nullptr) {
    std::lock_guard lock(RegistryMutex());
    file->name = name;
    Registry()[name] = file;
  }
  int version = file->real->pMethods->iVersion;
  f->pMethods = &kMethods[std::min(std::max(version, 1), 3) - 1];
  return SQLITE_OK;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Base(vfs)->xDelete(Base(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Base(vfs)->xAccess(Base(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return Base(vfs)->xFullPathname(Base(vfs), name, n, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  return Base(vfs)->xDlOpen(Base(vfs), name);
}
void DlError(sqlite3_vfs* vfs, int n, char* out) {
  Base(vfs)->xDlError(Base(vfs), n, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return Base(vfs)->xDlSym(Base(vfs), handle, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* handle) {
  Base(vfs)->xDlClose(Base(vfs), handle);
}
int Randomness(sqlite3_vfs* vfs, int n, char* out) {
  return Base(vfs)->xRandomness(Base(vfs), n, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) {
  return Base(vfs)->xSleep(Base(vfs), micros);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Base(vfs)->xCurrentTime(Base(vfs), out);
}
int GetLastError(sqlite3_vfs* vfs, int n, char* out) {
  return Base(vfs)->xGetLastError ? Base(vfs)->xGetLastError(Base(vfs), n, out)
                                  : 0;
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Base(vfs)->xCurrentTimeInt64(Base(vfs), out);
}
int SetSystemCall(sqlite3_vfs* vfs, const char* name,
                  sqlite3_syscall_ptr call) {
  return Base(vfs)->xSetSystemCall(Base(vfs), name, call);
}
sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return Base(vfs)->xGetSystemCall(Base(vfs), name);
}
const char* NextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return Base(vfs)->xNextSystemCall(Base(vfs), name);
}

}  // namespace

int RegisterGatheredWalVfs(const char* name, sqlite3_vfs* base) {
  if (base == nullptr) return SQLITE_ERROR;
  // Never freed: SQLite keeps the VFS for the life of the process.
  auto* vfs = new sqlite3_vfs{};
  // Version 1's calls, and 2's and 3's where the base has them.
  vfs->iVersion = std::min(base->iVersion, 3);
  vfs->szOsFile = static_cast<int>(kFileBytes) + base->szOsFile;
  vfs->mxPathname = base->mxPathname;
  vfs->zName = name;
  vfs->pAppData = base;
  vfs->xOpen = Open;
  vfs->xDelete = Delete;
  vfs->xAccess = Access;
  vfs->xFullPathname = FullPathname;
  vfs->xDlOpen = DlOpen;
  vfs->xDlError = DlError;
  vfs->xDlSym = DlSym;
  vfs->xDlClose = DlClose;
  vfs->xRandomness = Randomness;
  vfs->xSleep = Sleep;
  vfs->xCurrentTime = CurrentTime;
  vfs->xGetLastError = GetLastError;
  if (vfs->iVersion >= 2) vfs->xCurrentTimeInt64 = CurrentTimeInt64;
  if (vfs->iVersion >= 3) {
    vfs->xSetSystemCall = SetSystemCall;
    vfs->xGetSystemCall = GetSystemCall;
    vfs->xNextSystemCall = NextSystemCall;
  }
  return sqlite3_vfs_register(vfs, /*makeDflt=*/0);
}

const char* GatheredWalVfs() {
  static const char* name = [] {
    static const char kName[] = "hookwarden-gathered-wal";
    return RegisterGatheredWalVfs(kName, sqlite3_vfs_find(nullptr)) == SQLITE_OK
               ? kName
               : nullptr;
  }();
  return name;
}

}  // namespace hookwarden::sql
