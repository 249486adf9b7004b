// A SQLite VFS that writes each commit's write-ahead-log frames in one
// system call instead of two per page.
//
// SQLite writes a frame of its log as two writes (the frame's 24-byte
// header, then the page), so a commit that changes N pages costs 2N `pwrite`
// calls. This VFS sits over SQLite's default one ("unix") and, for the log
// files only, gathers the writes that follow each other in the file into one
// buffer, written with one call:
//
// - at the commit: from the header of the frame that ends a commit on,
//   every write of that commit (its page, the headers SQLite writes again
//   with new checksums, the frames that pad it to a sector) is made at once,
//   its error returned to SQLite, which then fails the commit: no commit
//   returns, and none is published in the shared index, with a byte of it
//   unwritten;
// - before anything else is done with the log (read, sync, size, truncate,
//   close, a file control);
// - before the connection's database touches its shared-memory index (a
//   lock taken or released, a barrier, a region mapped or unmapped): no
//   bytes wait once the log's write lock is released. Those calls reach the
//   underlying file whatever the write gave;
// - when a write does not follow the buffer, or the buffer would pass
//   kMaxGatheredBytes.
//
// A write that fails outside a commit (of frames spilled from the cache,
// which SQLite names in the shared index as it spills them) fails every
// later use of the log, the commit included, until the transaction ends
// (the log's write lock is released): no commit follows frames that are
// not in the file.
//
// The writes reach the file in the order they were made, and none after a
// read, a sync or a commit's return that SQLite made after it: what the file
// holds when another connection or process can see it is what the
// underlying VFS would have left (a process killed after a commit returned
// leaves the commit in the file; `synchronous` syncs as before, after the
// buffer is written). In exclusive locking mode with the index in the
// connection's own memory (no shared index), a commit is written as above
// and nothing is gathered after the first; the write lock is then never
// released, so a failed write outside a commit fails every use of the log
// until it is closed (hookwarden's connections share their index).
//
// A log is gathered only when it opens after its database, on the same
// connection (as SQLite opens them). Every other file (the database,
// rollback journals, temporary files) passes through unchanged.
#pragma once

#include <cstddef>

namespace hookwarden::sql {

// The most bytes a log file's buffer holds before it is written: the most
// the unix VFS writes in one call (it keeps 17 bits of a write's length).
inline constexpr size_t kMaxGatheredBytes = (1 << 17) - 1;

// Registers the VFS over SQLite's default VFS (once per process;
// thread-safe) and returns its name, for sqlite3_open_v2; null when SQLite
// refused it. Never the default VFS.
const char* GatheredWalVfs();

}  // namespace hookwarden::sql
