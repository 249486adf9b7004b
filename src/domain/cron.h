// A five-field cron expression (minute, hour, day of month, month, day of
// week), read as Vixie cron reads it, and the times it fires in a time zone.
//
// Each field is `*` or a comma-separated list of values and ranges (`1-5`),
// each with an optional step (`*/15`, `0-30/10`, `5/20` for 5 to the end in
// steps of 20). Months take jan..dec and days of the week sun..sat (either
// case); day 7 is Sunday, like 0. When both the day of month and the day of
// the week are restricted (neither starts with `*`), a day matching either
// fires, as in cron.
//
// Daylight-saving changes are handled as cron does: a local time skipped by
// a change forward fires at the moment of the jump, unless the minute or
// the hour field starts with `*` (a "wildcard" job in cron's words, which
// cron simply runs at the times that exist); a local time that occurs twice
// (a change back) fires once, at its first occurrence.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace date {
class time_zone;
}

namespace hookwarden {

class CronExpression {
 public:
  // Parses `text`; Invalid (naming `field`) with what is wrong otherwise,
  // including an expression that never fires (`0 0 30 2 *`).
  static Result<CronExpression> Parse(std::string_view text,
                                      const std::string& field);

  // The first time strictly after `after` (epoch millis) at which it fires
  // in `zone`, in epoch millis (whole minutes, or a daylight-saving jump).
  // nullopt only when it does not fire within the next eight years.
  std::optional<int64_t> NextAfter(int64_t after,
                                   const date::time_zone& zone) const;

 private:
  CronExpression() = default;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;      // 1..31
  std::bitset<13> months_;    // 1..12
  std::bitset<7> weekdays_;   // 0 (Sunday)..6
  bool any_day_ = false;      // The day of month field starts with `*`.
  bool any_weekday_ = false;  // The day of week field starts with `*`.
  bool wildcard_ = false;     // The minute or the hour field starts with `*`.
};

// The IANA time zone `name` (from the system's tzdata), or nullptr when
// there is no such zone. Thread-safe.
const date::time_zone* FindTimeZone(std::string_view name);

}  // namespace hookwarden
