#include "notify/test_send_limits.h"

#include <string>

namespace hookwarden::notify {

TestSendLimits::TestSendLimits(const Clock& clock, TestSendQuota quota)
    : quota_(quota),
      per_channel_(clock, quota.per_channel_per_minute / 60.0,
                   quota.per_channel_per_minute),
      per_organization_(clock, quota.per_organization_per_minute / 60.0,
                        quota.per_organization_per_minute) {}

Status TestSendLimits::Take(std::string_view org_id,
                            std::string_view channel_id) {
  if (int wait = per_organization_.Take(org_id)) {
    return Status::RateLimited(
        "the organization sent " +
            std::to_string(quota_.per_organization_per_minute) +
            " test events within a minute; try again in " +
            std::to_string(wait) + " s",
        wait);
  }
  if (int wait = per_channel_.Take(channel_id)) {
    return Status::RateLimited(
        "this channel sent " + std::to_string(quota_.per_channel_per_minute) +
            " test events within a minute; try again in " +
            std::to_string(wait) + " s",
        wait);
  }
  return Status::Ok();
}

}  // namespace hookwarden::notify
