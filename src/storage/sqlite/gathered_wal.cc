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
// Its room is taken when the log opens: a write never allocates.
class Gather {
 public:
  // False when there is no memory for the buffer.
  bool Reserve() {
    try {
      bytes_.reserve(kMaxGatheredBytes);
      return true;
    } catch (const std::bad_alloc&) {
      return false;
    }
  }

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
    // From the header of the frame that ends a commit on, every write of
    // the commit (its page, the headers whose checksums SQLite writes again,
    // the frames that pad it to a sector) is made at once, so that an
    // error fails the commit before the shared index names its frames.
    if (committing_) return Flush(file);
    if (IsCommitFrameHeader(bytes, n, at)) committing_ = true;
    return SQLITE_OK;
  }

  // Writes what is gathered, and returns the write's result (what was
  // gathered is dropped either way). A write that failed fails every later
  // use of the log until the log's write lock is released (Settle): the
  // frames it lost may be named in the shared index already (SQLite indexes
  // the frames it spills), and no commit may follow them. SQLite may undo
  // only the statement that found out (a full disk, with a statement
  // journal), so the transaction's commit fails too; once it is rolled
  // back, the next one starts clean.
  int Flush(sqlite3_file* file) {
    if (failed_ != SQLITE_OK) return failed_;
    if (bytes_.empty()) return SQLITE_OK;
    int rc = file->pMethods->xWrite(file, bytes_.data(),
                                    static_cast<int>(bytes_.size()), at_);
    bytes_.clear();
    failed_ = rc;
    return rc;
  }

  // The shared index is about to be touched (the commit published, a lock
  // taken or released, a region mapped): what waits is written, what
  // follows is gathered again. `write_lock_released`: the log's write lock
  // is being released, which ends the transaction and a failure's hold.
  void Settle(sqlite3_file* file, bool write_lock_released) {
    committing_ = false;
    Flush(file);
    if (write_lock_released) failed_ = SQLITE_OK;
  }

 private:
  std::vector<char> bytes_;
  sqlite3_int64 at_ = 0;
  bool committing_ = false;
  int failed_ = SQLITE_OK;
};

// What SQLite allocates for a file of this VFS (szOsFile bytes): this,
// then the underlying VFS's file. Plain data: SQLite gives raw memory.
// `paired` is set and cleared under the registry's mutex, and read without
// it only by the thread using the connection that owns both files.
struct File {
  sqlite3_file base;   // pMethods: this VFS's
  sqlite3_file* real;  // The underlying file, right after this.
  File* paired;        // A database's log, a log's database (or null).
  const char* name;    // A database's name as SQLite gave it, or null.
  Gather* gather;      // A paired log's writes not yet made; else null.
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

int FlushIfLog(sqlite3_file* f) {
  File* file = AsFile(f);
  return file->gather ? file->gather->Flush(file->real) : SQLITE_OK;
}

// Before a database's shared index is touched: its log's writes.
void SettleLogOf(sqlite3_file* db, bool write_lock_released = false) {
  File* log = AsFile(db)->paired;
  if (log && log->gather) log->gather->Settle(log->real, write_lock_released);
}

// WAL_WRITE_LOCK in SQLite's wal.c: the first of the index's locks.
constexpr int kLogWriteLock = 0;

int FileClose(sqlite3_file* f) {
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

int FileRead(sqlite3_file* f, void* data, int n, sqlite3_int64 at) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xRead(Real(f), data, n, at);
}

int FileWrite(sqlite3_file* f, const void* data, int n, sqlite3_int64 at) {
  File* file = AsFile(f);
  if (file->gather) return file->gather->Write(file->real, data, n, at);
  return file->real->pMethods->xWrite(file->real, data, n, at);
}

int FileTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xTruncate(Real(f), size);
}

int FileSync(sqlite3_file* f, int flags) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xSync(Real(f), flags);
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xFileSize(Real(f), size);
}

int FileLock(sqlite3_file* f, int level) {
  return Real(f)->pMethods->xLock(Real(f), level);
}
int FileUnlock(sqlite3_file* f, int level) {
  return Real(f)->pMethods->xUnlock(Real(f), level);
}
int FileCheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}

int FileControl(sqlite3_file* f, int op, void* arg) {
  if (int rc = FlushIfLog(f); rc != SQLITE_OK) return rc;
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}

int FileSectorSize(sqlite3_file* f) {
  return Real(f)->pMethods->xSectorSize(Real(f));
}
int FileDeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}

// The shared index's calls go to the underlying file whatever the flush
// gave, and return what it says: SQLite ignores what an unlock or an unmap
// returns, and one skipped would leave a lock held. A failed flush fails
// the log's next use instead (Gather::Flush).
int FileShmMap(sqlite3_file* f, int region, int size, int extend,
               void volatile** out) {
  SettleLogOf(f);
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}

int FileShmLock(sqlite3_file* f, int offset, int n, int flags) {
  SettleLogOf(f, offset == kLogWriteLock && n == 1 &&
                     flags == (SQLITE_SHM_UNLOCK | SQLITE_SHM_EXCLUSIVE));
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}

// A commit's writes were made (and their errors returned to it) before
// SQLite publishes it behind this barrier: what is left to write here is
// never of a commit.
void FileShmBarrier(sqlite3_file* f) {
  SettleLogOf(f);
  Real(f)->pMethods->xShmBarrier(Real(f));
}

int FileShmUnmap(sqlite3_file* f, int delete_flag) {
  SettleLogOf(f);
  return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
}

int FileFetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  return Real(f)->pMethods->xFetch(Real(f), at, n, out);
}
int FileUnfetch(sqlite3_file* f, sqlite3_int64 at, void* p) {
  return Real(f)->pMethods->xUnfetch(Real(f), at, p);
}

// The methods at each version SQLite knows (1 to 3), so that a file offers
// what its underlying file offers, no more.
constexpr sqlite3_io_methods MethodsOfVersion(int version) {
  return {version,
          FileClose,
          FileRead,
          FileWrite,
          FileTruncate,
          FileSync,
          FileSize,
          FileLock,
          FileUnlock,
          FileCheckReservedLock,
          FileControl,
          FileSectorSize,
          FileDeviceCharacteristics,
          FileShmMap,
          FileShmLock,
          FileShmBarrier,
          FileShmUnmap,
          FileFetch,
          FileUnfetch};
}
constexpr sqlite3_io_methods kMethods[] = {
    MethodsOfVersion(1), MethodsOfVersion(2), MethodsOfVersion(3)};

sqlite3_vfs* Base(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

// A log is gathered only when paired with its database, whose shared
// index's calls write what waits.
int VfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags,
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
  rc = SQLITE_OK;
  if ((flags & SQLITE_OPEN_WAL) && name != nullptr) {
    std::lock_guard lock(RegistryMutex());
    auto db = Registry().find(sqlite3_filename_database(name));
    if (db != Registry().end()) {
      auto* gather = new (std::nothrow) Gather();
      if (gather == nullptr || !gather->Reserve()) {
        delete gather;
        rc = SQLITE_NOMEM;
      } else {
        file->gather = gather;
        file->paired = db->second;
        db->second->paired = file;
      }
    }
  } else if ((flags & SQLITE_OPEN_MAIN_DB) && name != nullptr) {
    std::lock_guard lock(RegistryMutex());
    try {
      Registry()[name] = file;
      file->name = name;
    } catch (const std::bad_alloc&) {
      rc = SQLITE_NOMEM;
    }
  }
  if (rc != SQLITE_OK) {
    file->real->pMethods->xClose(file->real);
    f->pMethods = nullptr;
    return rc;
  }
  int version = file->real->pMethods->iVersion;
  f->pMethods = &kMethods[std::min(std::max(version, 1), 3) - 1];
  return SQLITE_OK;
}

int VfsDelete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Base(vfs)->xDelete(Base(vfs), name, sync_dir);
}
int VfsAccess(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Base(vfs)->xAccess(Base(vfs), name, flags, out);
}
int VfsFullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return Base(vfs)->xFullPathname(Base(vfs), name, n, out);
}
void* VfsDlOpen(sqlite3_vfs* vfs, const char* name) {
  return Base(vfs)->xDlOpen(Base(vfs), name);
}
void VfsDlError(sqlite3_vfs* vfs, int n, char* out) {
  Base(vfs)->xDlError(Base(vfs), n, out);
}
void (*VfsDlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return Base(vfs)->xDlSym(Base(vfs), handle, symbol);
}
void VfsDlClose(sqlite3_vfs* vfs, void* handle) {
  Base(vfs)->xDlClose(Base(vfs), handle);
}
int VfsRandomness(sqlite3_vfs* vfs, int n, char* out) {
  return Base(vfs)->xRandomness(Base(vfs), n, out);
}
int VfsSleep(sqlite3_vfs* vfs, int micros) {
  return Base(vfs)->xSleep(Base(vfs), micros);
}
int VfsCurrentTime(sqlite3_vfs* vfs, double* out) {
  return Base(vfs)->xCurrentTime(Base(vfs), out);
}
int VfsGetLastError(sqlite3_vfs* vfs, int n, char* out) {
  return Base(vfs)->xGetLastError ? Base(vfs)->xGetLastError(Base(vfs), n, out)
                                  : 0;
}
int VfsCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Base(vfs)->xCurrentTimeInt64(Base(vfs), out);
}
int VfsSetSystemCall(sqlite3_vfs* vfs, const char* name,
                     sqlite3_syscall_ptr call) {
  return Base(vfs)->xSetSystemCall(Base(vfs), name, call);
}
sqlite3_syscall_ptr VfsGetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return Base(vfs)->xGetSystemCall(Base(vfs), name);
}
const char* VfsNextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return Base(vfs)->xNextSystemCall(Base(vfs), name);
}

// Registers the VFS `name` over `base`; SQLite's result.
int Register(const char* name, sqlite3_vfs* base) {
  if (base == nullptr) return SQLITE_ERROR;
  // Never freed once registered: SQLite keeps it for the process's life.
  auto* vfs = new (std::nothrow) sqlite3_vfs{};
  if (vfs == nullptr) return SQLITE_NOMEM;
  // Version 1's calls, and 2's and 3's where the base has them.
  vfs->iVersion = std::min(base->iVersion, 3);
  vfs->szOsFile = static_cast<int>(kFileBytes) + base->szOsFile;
  vfs->mxPathname = base->mxPathname;
  vfs->zName = name;
  vfs->pAppData = base;
  vfs->xOpen = VfsOpen;
  vfs->xDelete = VfsDelete;
  vfs->xAccess = VfsAccess;
  vfs->xFullPathname = VfsFullPathname;
  vfs->xDlOpen = VfsDlOpen;
  vfs->xDlError = VfsDlError;
  vfs->xDlSym = VfsDlSym;
  vfs->xDlClose = VfsDlClose;
  vfs->xRandomness = VfsRandomness;
  vfs->xSleep = VfsSleep;
  vfs->xCurrentTime = VfsCurrentTime;
  vfs->xGetLastError = VfsGetLastError;
  if (vfs->iVersion >= 2) vfs->xCurrentTimeInt64 = VfsCurrentTimeInt64;
  if (vfs->iVersion >= 3) {
    vfs->xSetSystemCall = VfsSetSystemCall;
    vfs->xGetSystemCall = VfsGetSystemCall;
    vfs->xNextSystemCall = VfsNextSystemCall;
  }
  int rc = sqlite3_vfs_register(vfs, /*makeDflt=*/0);
  if (rc != SQLITE_OK) delete vfs;
  return rc;
}

}  // namespace

const char* GatheredWalVfs() {
  static const char* name = [] {
    static const char kName[] = "hookwarden-gathered-wal";
    return Register(kName, sqlite3_vfs_find(nullptr)) == SQLITE_OK ? kName
                                                                   : nullptr;
  }();
  return name;
}

}  // namespace hookwarden::sql
