// Reading notification channels inside a transaction, shared by the
// SqlStore files. Internal to src/storage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/channel.h"
#include "domain/secret.h"
#include "storage/sql_helpers.h"

namespace hookwarden::sql_store_internal {

// The organization's channel with its applications; NotFound when absent
// or another organization's.
Result<Channel> LoadChannel(Connection& c, std::string_view org_id,
                            std::string_view channel_id);

// The strings of a JSON array kept in a column (a channel's events or
// applications); none when it does not parse.
std::vector<std::string> JsonStrings(const std::string& text);

// The channels whose text names the organization's secret `name`, by name.
Result<std::vector<ChannelSummary>> ChannelsUsingSecret(Connection& c,
                                                        std::string_view org_id,
                                                        std::string_view name);

}  // namespace hookwarden::sql_store_internal
