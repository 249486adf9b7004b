// A SQLite VFS that writes each commit's write-ahead-log frames in one
// system call instead of two per page.
//
// SQLite writes a frame of its log as two writes (the frame's 24-byte
// header, then the page), so a commit that changes N pages costs 2N `pwrite`
// calls. This VFS sits over another one (the platform's default, "unix")
// and, for the log files only, gathers the writes that follow each other in
// the file into one buffer, written with one call:
//
// - at the end of a commit (after the page of the frame that marks the
//   commit; its error, if any, fails the commit as the write's would have),
// - before anything else is done with the log (read, sync, size, truncate,
//   close, a file control),
// - before the connection touches the shared-memory index of its database
//   (a lock taken or released, a barrier, a region mapped): the index is
//   how other connections learn of new frames, so none learns of a frame
//   before its bytes are in the file, and no bytes are left waiting once
//   the log's write lock is released,
// - when a write does not follow the buffer, or the buffer would pass
//   kMaxGatheredBytes.
//
// The writes reach the file in the order they were made; none is moved
// before a read, a sync or a lock that SQLite made after it. What the file
// holds at each point another connection or process can see it is what the
// underlying VFS would have left: the same file, the same guarantees (a
// process killed after a commit returned leaves the commit in the file;
// `synchronous` syncs as before, after the buffer is written).
//
// Every other file (the database, rollback journals, temporary files)
// passes through to the underlying VFS unchanged.
#pragma once

#include <cstddef>

struct sqlite3_vfs;

namespace hookwarden::sql {

// The most bytes a log file's buffer holds before it is written: the most
// the unix VFS writes in one call (it keeps 17 bits of a write's length).
inline constexpr size_t kMaxGatheredBytes = (1 << 17) - 1;

// Registers (once per process; thread-safe) and returns the name of the
// VFS over SQLite's default VFS, for sqlite3_open_v2. Never the default.
const char* GatheredWalVfs();

// Registers a VFS named `name` over `base` (for tests that watch what
// reaches the base). Returns SQLITE_OK or SQLite's error. `name` and
// `base` must outlive the process's use of the VFS.
int RegisterGatheredWalVfs(const char* name, sqlite3_vfs* base);

}  // namespace hookwarden::sql
