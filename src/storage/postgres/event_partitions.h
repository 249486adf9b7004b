// PostgreSQL's events table (failures, log messages and the hits kept
// before the hit ring existed) is partitioned by RANGE (at), `at` being
// milliseconds since the epoch: one partition per UTC day, named
// events_pYYYYMMDD, holding [day start, next day start), and a DEFAULT
// partition, events_default. Indexes are declared on the parent, so that
// each partition has them locally. The hit ring (table hit_ring) is not
// partitioned: its rows are overwritten in place.
//
// Where a row goes: into its day's partition when that exists, else into
// events_default, so that no event is ever refused for its time. The server
// creates the partitions from yesterday to 7 days ahead (kDaysBehind,
// kDaysAhead) when it opens the database and at each retention pass, which
// covers every time the API accepts (at most 24 hours back, 5 minutes
// ahead); the default partition takes the rest (a store copy, a clock far
// off, a server down for a week). Creating a day's partition moves the rows
// the default partition holds for that day into it first, under an
// exclusive lock on the default partition (held until the transaction
// ends), so that none lands there in between.
//
// Retention drops a day's partition whole once the day ends at or before the
// cutoff; the rows of the day that straddles the cutoff, and those of the
// default partition, are deleted row by row as on SQLite.
//
// Every function here runs inside the caller's transaction on a PostgreSQL
// connection, and serializes with the others (on this node and on any
// other) through the lock "event_partitions".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/sql.h"

namespace hookwarden::sql {

inline constexpr int64_t kDayMillis = 24LL * 3600 * 1000;
inline constexpr int kDaysBehind = 1;
inline constexpr int kDaysAhead = 7;

// The UTC day (days since 1970-01-01, negative before) that holds `at`.
int64_t DayOf(int64_t at_millis);
// "events_pYYYYMMDD" for a day from 1970 to 9999; empty outside (such days
// have no partition: their rows stay in the default partition).
std::string DayPartitionName(int64_t day);
// The day named by a DayPartitionName, or nullopt for any other name.
std::optional<int64_t> DayOfPartition(const std::string& name);

// Creates the partition of `day`, moving there the rows the default
// partition holds for it. Does nothing when it exists or the day has no
// name.
Status CreateDayPartition(Connection& c, int64_t day);
// The partitions of the days from kDaysBehind before `now_millis`'s day to
// kDaysAhead after it.
Status CreateEventPartitions(Connection& c, int64_t now_millis);
// The day partitions whose day ends at or before `cutoff_millis`.
Result<std::vector<std::string>> ExpiredEventPartitions(Connection& c,
                                                        int64_t cutoff_millis);
// Drops one day's partition; returns how many rows it held.
Result<int64_t> DropEventPartition(Connection& c, const std::string& name);

// Migration 20: the rows of events_unpartitioned go into the partitioned
// events (partitions created for the newest kMigratedDays days that hold
// rows; older rows go to the default partition, where retention deletes
// them), and the old table is dropped. Fails on any row not copied.
inline constexpr int kMigratedDays = 100;
Status MoveEventsIntoDayPartitions(Connection& c);

}  // namespace hookwarden::sql
