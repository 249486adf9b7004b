// The outbox's rows, shared by the SqlStore files that queue deliveries with
// the changes that cause them. Internal to src/storage.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/channel.h"
#include "domain/envelope.h"
#include "domain/organization.h"
#include "storage/sql_helpers.h"
#include "storage/unit_of_work.h"

namespace hookwarden::sql_store_internal {

// Inserts one pending delivery, after every delivery queued before it.
Status InsertDelivery(Connection& c, const Delivery& d);

// NotFound when absent.
Result<Organization> LoadOrganization(Connection& c, const std::string& id);

// The application as events name it; NotFound when it is gone.
Result<EventApplication> LoadEventApplication(
    Connection& c, const std::string& application_id);

// The outbox inside a transaction on `c`, which must outlive it.
class SqlOutboxWriter final : public OutboxWriter {
 public:
  // `before_write`, when set, runs before each row this writer adds to or
  // changes in the outbox (its failure is the write's).
  explicit SqlOutboxWriter(Connection& c,
                           std::function<Status()> before_write = nullptr)
      : c_(c), before_write_(std::move(before_write)) {}
  Result<std::vector<ChannelRoute>> ChannelRoutes(
      const std::string& org_id) override;
  Result<Organization> OrganizationById(const std::string& org_id) override;
  Result<EventApplication> EventApplicationById(
      const std::string& application_id) override;
  Status Enqueue(const std::vector<Delivery>& deliveries) override;
  Result<bool> Regroup(const std::string& channel_id,
                       const std::string& group_key,
                       const std::string& event_id, std::string_view type,
                       const std::string& payload, int64_t now) override;
  Result<FlapState> FlapStateOf(const std::string& channel_id,
                                const std::string& application_id) override;
  Status SaveFlapState(const std::string& org_id, const std::string& channel_id,
                       const std::string& application_id,
                       const FlapState& state) override;
  Result<std::vector<ChannelFlapState>> FlappingFor(
      const std::string& application_id) override;

 private:
  Status BeforeWrite();

  Connection& c_;
  std::function<Status()> before_write_;
  // Each organization's channels, as read in this transaction.
  std::unordered_map<std::string, std::vector<ChannelRoute>> routes_;
};

}  // namespace hookwarden::sql_store_internal
