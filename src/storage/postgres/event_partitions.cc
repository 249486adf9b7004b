#include "storage/postgres/event_partitions.h"

#include <chrono>
#include <cstdio>

namespace hookwarden::sql {
namespace {

constexpr std::string_view kPrefix = "events_p";
constexpr const char* kLock = "event_partitions";
// Days with a partition name: 1970-01-01 to 9999-12-31.
constexpr int64_t kLastNamedDay = 2932896;

Status Run(Connection& c, const std::string& statement) {
  auto done = c.Execute(statement);
  return done.ok() ? Status::Ok() : done.status();
}

}  // namespace

int64_t DayOf(int64_t at_millis) {
  return at_millis / kDayMillis - (at_millis % kDayMillis < 0 ? 1 : 0);
}

std::string DayPartitionName(int64_t day) {
  if (day < 0 || day > kLastNamedDay) return "";
  std::chrono::year_month_day date{
      std::chrono::sys_days{std::chrono::days{day}}};
  char name[32];
  std::snprintf(
      name, sizeof name, "events_p%04d%02u%02u", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return name;
}

std::optional<int64_t> DayOfPartition(const std::string& name) {
  if (name.size() != kPrefix.size() + 8 ||
      name.compare(0, kPrefix.size(), kPrefix) != 0) {
    return std::nullopt;
  }
  int digits[8];
  for (size_t i = 0; i < 8; ++i) {
    char ch = name[kPrefix.size() + i];
    if (ch < '0' || ch > '9') return std::nullopt;
    digits[i] = ch - '0';
  }
  int y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  unsigned m = static_cast<unsigned>(digits[4] * 10 + digits[5]);
  unsigned d = static_cast<unsigned>(digits[6] * 10 + digits[7]);
  std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                   std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  int64_t day = std::chrono::sys_days{date}.time_since_epoch().count();
  if (DayPartitionName(day) != name) return std::nullopt;
  return day;
}

Status CreateDayPartition(Connection& c, int64_t day) {
  const std::string name = DayPartitionName(day);
  if (name.empty()) return Status::Ok();
  HW_RETURN_IF_ERROR(c.Lock(kLock));
  auto exists = c.Query("SELECT to_regclass(?) IS NOT NULL", {name});
  if (!exists.ok()) return exists.status();
  if (exists->front().Int(0) != 0) return Status::Ok();
  const std::string from = std::to_string(day * kDayMillis);
  const std::string to = std::to_string((day + 1) * kDayMillis);
  const std::string range = "at >= " + from + " AND at < " + to;
  // Nothing may land in the default partition for this day until the new
  // partition holds it: attaching refuses a default partition with such rows.
  HW_RETURN_IF_ERROR(
      Run(c, "LOCK TABLE events_default IN ACCESS EXCLUSIVE MODE"));
  HW_RETURN_IF_ERROR(
      Run(c, "CREATE TABLE " + name + " (LIKE events INCLUDING DEFAULTS)"));
  HW_RETURN_IF_ERROR(Run(
      c,
      "INSERT INTO " + name + " SELECT * FROM events_default WHERE " + range));
  HW_RETURN_IF_ERROR(Run(c, "DELETE FROM events_default WHERE " + range));
  // Attaching builds the partition's copies of the parent's indexes.
  return Run(c, "ALTER TABLE events ATTACH PARTITION " + name +
                    " FOR VALUES FROM (" + from + ") TO (" + to + ")");
}

Status CreateEventPartitions(Connection& c, int64_t now_millis) {
  const int64_t today = DayOf(now_millis);
  for (int64_t day = today - kDaysBehind; day <= today + kDaysAhead; ++day) {
    HW_RETURN_IF_ERROR(CreateDayPartition(c, day));
  }
  return Status::Ok();
}

Result<std::vector<std::string>> ExpiredEventPartitions(Connection& c,
                                                        int64_t cutoff_millis) {
  auto rows = c.Query(
      "SELECT p.relname FROM pg_inherits i"
      " JOIN pg_class p ON p.oid = i.inhrelid"
      " WHERE i.inhparent = 'events'::regclass ORDER BY p.relname");
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (const Row& r : *rows) {
    std::string name = r.Text(0);
    auto day = DayOfPartition(name);
    if (day && (*day + 1) * kDayMillis <= cutoff_millis) {
      out.push_back(std::move(name));
    }
  }
  return out;
}

Result<int64_t> DropEventPartition(Connection& c, const std::string& name) {
  if (!DayOfPartition(name)) {
    return Status::Internal("not a day partition of events: " + name);
  }
  HW_RETURN_IF_ERROR(c.Lock(kLock));
  auto exists = c.Query("SELECT to_regclass(?) IS NOT NULL", {name});
  if (!exists.ok()) return exists.status();
  if (exists->front().Int(0) == 0) return int64_t{0};  // Another node's.
  auto count = c.Query("SELECT count(*) FROM " + name);
  if (!count.ok()) return count.status();
  // Dropping a partition locks all of events: waiting long for it would
  // hold every write and read of events behind this one. Refused soon, the
  // drop is tried again at the next retention pass.
  HW_RETURN_IF_ERROR(Run(c, "SET LOCAL lock_timeout = '500ms'"));
  HW_RETURN_IF_ERROR(Run(c, "DROP TABLE " + name));
  return count->front().Int(0);
}

Status MoveEventsIntoDayPartitions(Connection& c) {
  auto days = c.Query(
      "SELECT DISTINCT floor(at / 86400000.0)::BIGINT AS day"
      " FROM events_unpartitioned ORDER BY day DESC LIMIT ?",
      {int64_t{kMigratedDays}});
  if (!days.ok()) return days.status();
  for (const Row& r : *days) {
    HW_RETURN_IF_ERROR(CreateDayPartition(c, r.Int(0)));
  }
  const std::string columns =
      "id, organization_id, application_id, failure, at, received_at,"
      " latency_ms, message, exit_code, output, output_truncated, duration_ms";
  auto moved = c.Execute("INSERT INTO events (" + columns + ") SELECT " +
                         columns + " FROM events_unpartitioned");
  if (!moved.ok()) return moved.status();
  auto count = c.Query("SELECT count(*) FROM events_unpartitioned");
  if (!count.ok()) return count.status();
  if (*moved != count->front().Int(0)) {
    return Status::Internal("moved " + std::to_string(*moved) + " events of " +
                            std::to_string(count->front().Int(0)));
  }
  return Run(c, "DROP TABLE events_unpartitioned");
}

}  // namespace hookwarden::sql
