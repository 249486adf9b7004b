// The Store implemented once, in portable SQL, over any sql::Database.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/sql.h"
#include "storage/sql_unit_of_work.h"
#include "storage/store.h"

namespace hookwarden {

class SqlStore final : public Store {
 public:
  // Takes ownership of `db`, whose schema must be migrated already.
  // Watches `db` for credentials changed by other nodes sharing it: each
  // moves CredentialsEpoch on, as the changes made through this store do.
  explicit SqlStore(std::unique_ptr<sql::Database> db)
      : db_(std::move(db)),
        watch_(db_->WatchCredentials([this] { ++epoch_; })) {}

  Status Ping() override;
  Result<std::string> GetOrInsertSetting(std::string_view key,
                                         std::string_view value) override;

  Result<int64_t> CountUsers() override;
  Status CreateUser(const User& user) override;
  Result<User> FindUserByUsername(std::string_view username) override;
  Result<User> GetUser(std::string_view user_id) override;
  Result<std::vector<User>> ListUsers() override;
  Status SetPasswordHash(std::string_view user_id,
                         std::string_view password_hash) override;

  Status CreateLoginSession(const LoginSession& session) override;
  Result<LoginSession> FindLoginSession(std::string_view id_hash,
                                        int64_t now) override;
  Status DeleteLoginSession(std::string_view id_hash) override;
  Result<int64_t> DeleteExpiredLoginSessions(int64_t now) override;

  Status CreateApiKey(const ApiKey& key) override;
  Result<ApiKey> FindApiKeyByHash(std::string_view token_hash) override;
  Result<std::vector<ApiKey>> ListApiKeys(std::string_view user_id) override;
  Status DeleteApiKey(std::string_view user_id,
                      std::string_view key_id) override;
  Status TouchApiKey(std::string_view key_id, int64_t at) override;

  Status CreateOrganization(const Organization& org,
                            std::string_view owner_user_id,
                            const AuditEntry& audit) override;
  Result<Membership> FindMembership(std::string_view user_id,
                                    std::string_view org_ref) override;
  Result<Organization> GetOrganization(std::string_view org_id) override;
  Result<std::vector<Membership>> ListMemberships(
      std::string_view user_id) override;

  Result<std::vector<Member>> ListMembers(std::string_view org_id) override;
  Result<Member> UpdateMemberRole(std::string_view org_id,
                                  std::string_view username, Role role,
                                  const AuditEntry& audit) override;
  Status RemoveMember(std::string_view org_id, std::string_view username,
                      const AuditEntry& audit) override;

  Result<Invitation> CreateInvitation(const Invitation& invitation,
                                      const User* new_user, int64_t max_pending,
                                      const AuditEntry& audit) override;
  Result<std::vector<Invitation>> ListOrganizationInvitations(
      std::string_view org_id, int64_t now) override;
  Status CancelInvitation(std::string_view org_id,
                          std::string_view invitation_id, int64_t now,
                          const AuditEntry& audit) override;
  Result<std::vector<ReceivedInvitation>> ListReceivedInvitations(
      std::string_view user_id, int64_t now) override;
  Result<Membership> AcceptInvitation(const User& user,
                                      std::string_view invitation_id,
                                      int64_t now,
                                      const AuditEntry& audit) override;
  Status DeclineInvitation(const User& user, std::string_view invitation_id,
                           int64_t now, const AuditEntry& audit) override;

  Result<std::vector<Product>> ListProducts(std::string_view org_id) override;
  Result<Product> GetProduct(std::string_view org_id,
                             std::string_view product_ref) override;
  Result<Product> CreateProduct(Product product, bool slug_is_explicit,
                                const AuditEntry& audit) override;
  Result<Product> UpdateProduct(const Product& product,
                                const AuditEntry& audit) override;
  Status DeleteProduct(std::string_view org_id, std::string_view product_id,
                       const AuditEntry& audit) override;

  Result<std::vector<Application>> ListApplications(
      std::string_view org_id,
      std::optional<std::string_view> product_id) override;
  Result<Application> GetApplication(std::string_view org_id,
                                     std::string_view app_ref) override;
  Result<Application> CreateApplication(Application app, bool slug_is_explicit,
                                        const TokenMinter& mint,
                                        const AuditEntry& audit) override;
  Result<Application> UpdateApplication(const Application& app,
                                        const TokenMinter& mint,
                                        const AuditEntry& audit) override;
  Status DeleteApplication(std::string_view org_id, std::string_view app_id,
                           const AuditEntry& audit) override;

  Status CreateIntegrationToken(const IntegrationToken& credential,
                                const std::vector<IssuedToken>& tokens,
                                const AuditEntry& audit) override;
  Result<std::vector<IntegrationToken>> ListIntegrationTokens(
      std::string_view org_id) override;
  Result<IntegrationToken> GetIntegrationToken(
      std::string_view org_id, std::string_view credential_id) override;
  Result<std::vector<ApplicationSummary>> ApplicationsUsingCredential(
      std::string_view org_id, std::string_view credential_id) override;
  Result<IntegrationToken> RegenerateIntegrationToken(
      std::string_view org_id, std::string_view credential_id,
      const std::optional<std::string>& new_name, int64_t now,
      int64_t old_valid_until, const TokenMinter& mint, const AuditEntry& audit,
      const AfterRegenerate& after) override;
  Result<std::vector<ApplicationSummary>> DeleteIntegrationToken(
      std::string_view org_id, std::string_view credential_id, int64_t now,
      const AuditEntry& audit) override;

  Status CreateSecret(const Secret& secret, const AuditEntry& audit) override;
  Result<std::vector<Secret>> ListSecrets(std::string_view org_id) override;
  Result<Secret> GetSecret(std::string_view org_id,
                           std::string_view name) override;
  Status DeleteSecret(std::string_view org_id, std::string_view name,
                      bool force, const AuditEntry& audit) override;

  Status CreateChannel(const Channel& channel,
                       const AuditEntry& audit) override;
  Result<std::vector<Channel>> ListChannels(std::string_view org_id) override;
  Result<Channel> GetChannel(std::string_view org_id,
                             std::string_view channel_id) override;
  Result<Channel> UpdateChannel(const Channel& channel,
                                const AuditEntry& audit) override;
  Status DeleteChannel(std::string_view org_id, std::string_view channel_id,
                       const AuditEntry& audit) override;
  Status SetChannelSigningSecret(std::string_view org_id,
                                 std::string_view channel_id,
                                 std::string_view sealed, int64_t now,
                                 const AuditEntry& audit) override;
  Result<Delivery> EnqueueDelivery(std::string_view org_id,
                                   std::string_view channel_id,
                                   std::string_view event_id,
                                   std::string_view event_type,
                                   std::string_view payload,
                                   int64_t now) override;
  Result<std::vector<Delivery>> ListDeliveries(
      std::string_view org_id, std::string_view channel_id, int limit,
      const std::optional<DeliveryPosition>& before) override;
  Result<std::vector<Delivery>> ListGroupDeliveries(
      std::string_view org_id, std::string_view group_key, int limit,
      const std::optional<DeliveryPosition>& before) override;
  Result<std::vector<ClaimedDelivery>> ClaimDeliveries(
      int64_t now, int64_t claimed_until, std::string_view claim, int limit,
      const ClaimFilter& filter = {}) override;
  Status RecordDeliveryAttempt(const DeliveryOutcome& outcome) override;

  Result<std::vector<Secret>> SecretsSealedOtherwise(std::string_view prefix,
                                                     int limit) override;
  Result<std::vector<Channel>> ChannelsSealedOtherwise(std::string_view prefix,
                                                       int limit) override;
  Result<std::vector<IssuedToken>> IssuedTokensSealedOtherwise(
      std::string_view prefix, int limit) override;
  Result<std::string> GetSetting(std::string_view key) override;
  Result<int64_t> ReplaceSealed(SealedPlace place,
                                const std::vector<Reseal>& changes) override;

  Result<IssuedToken> FindIssuedToken(std::string_view token_hash,
                                      int64_t now) override;
  Result<IssuedToken> CurrentIssuedToken(std::string_view credential_id,
                                         auth::TokenKind kind,
                                         std::string_view application_id,
                                         int64_t now) override;
  Result<Activation> Activate(const IssuedToken& integration,
                              const TokenMinter& mint, int64_t now,
                              std::string_view from,
                              std::string_view user_agent,
                              const AuditEntry& audit) override;
  Status RecordCredentialUse(std::string_view credential_id, int64_t at,
                             std::string_view from) override;

  uint64_t CredentialsEpoch() const override { return epoch_.load(); }
  Result<std::map<std::string, int64_t>> LastEventTimes(
      std::string_view org_id) override;
  Result<std::vector<Event>> ListEvents(std::string_view org_id,
                                        std::string_view app_id,
                                        const EventQuery& query) override;
  Result<std::vector<Deploy>> ListDeploys(
      std::string_view org_id, std::string_view app_id,
      std::optional<int64_t> from, std::optional<int64_t> to, int limit,
      const std::optional<DeployPosition>& before) override;
  Result<int64_t> PruneEvents(const Retention& retention) override;

  Result<std::vector<Incident>> ListIncidents(
      std::string_view org_id, const IncidentQuery& query) override;
  Result<int64_t> CountIncidents(std::string_view org_id,
                                 const IncidentQuery& query) override;
  Result<Incident> GetIncident(std::string_view org_id,
                               std::string_view incident_id) override;
  Result<ReliabilityData> ReadReliabilityData(
      const ReliabilityQuery& query) override;
  Status ReadOrganizationReliabilityData(
      std::string_view org_id, const ReliabilityQuery& query,
      const EachReliabilityData& each) override;

  Status RecordAuditEntry(const AuditEntry& audit) override;

  Result<MaintenanceWindow> CreateMaintenanceWindow(
      const MaintenanceWindow& window, const AuditEntry& audit) override;
  Result<std::vector<MaintenanceWindow>> ListMaintenanceWindows(
      std::string_view org_id, const MaintenanceQuery& query) override;
  Result<MaintenanceWindow> GetMaintenanceWindow(
      std::string_view org_id, std::string_view window_id) override;
  Result<MaintenanceWindow> UpdateMaintenanceWindow(
      const MaintenanceWindow& window, int64_t now,
      const AuditEntry& audit) override;
  Status DeleteMaintenanceWindow(std::string_view org_id,
                                 std::string_view window_id,
                                 const AuditEntry& audit) override;
  Result<std::set<std::string>> ApplicationsInMaintenance(
      std::string_view org_id, int64_t at) override;
  Result<std::vector<MaintenanceNotice>> DueMaintenanceNotices(
      int64_t now, int limit) override;
  Result<std::vector<SloCandidate>> SloCandidates(const std::string& after,
                                                  int limit) override;
  Result<std::map<std::string, std::vector<BurnFiring>>> BurnFiringIn(
      std::string_view org_id) override;

  Result<StatusPage> GetStatusPage(std::string_view org_id) override;
  Result<StatusPage> PutStatusPage(const StatusPage& page,
                                   const AuditEntry& audit) override;
  Result<StatusPage> ReplaceBadgeKey(std::string_view org_id,
                                     std::string_view key_hash,
                                     std::string_view hint, int64_t now,
                                     const AuditEntry& audit) override;
  Result<StatusPage> FindStatusPage(std::string_view org_slug) override;
  Result<StatusPage> FindStatusPageByBadgeKey(
      std::string_view key_hash) override;
  Status PublishIncident(std::string_view org_id, std::string_view incident_id,
                         const IncidentPublication& publication,
                         const AuditEntry& audit) override;
  Result<std::map<std::string, IncidentPublication>> IncidentPublications(
      std::string_view org_id,
      const std::vector<std::string>& incident_ids) override;

  Status InUnitOfWork(const UnitWork& work) override;
  Result<bool> InUnitOfWorkWithoutWaiting(const UnitWork& work) override;
  Status WithIncident(
      std::string_view org_id, std::string_view incident_id,
      const std::function<Status(UnitOfWork&, Incident&)>& work) override;
  Result<std::vector<std::string>> NoDataCandidates(int64_t now) override;
  Result<std::vector<TrackedApplication>> ScheduledApplications() override;
  Result<std::vector<std::string>> OverdueRunCandidates(int64_t now) override;
  Result<std::vector<std::string>> FlappingApplications() override;
  Result<std::vector<AuditEntry>> ListAuditEntries(
      std::string_view org_id, int limit,
      std::optional<int64_t> before) override;

 private:
  // Returns `r` after moving the credentials epoch on when it is ok. The
  // transaction that made `r` also called db_->NotifyCredentialsChanged, so
  // that the other nodes move theirs on too.
  template <class R>
  R Bump(R r) {
    if (r.ok()) ++epoch_;
    return r;
  }

  std::unique_ptr<sql::Database> db_;
  std::atomic<uint64_t> epoch_{1};
  // Declared after epoch_, which its callback moves on: destroyed first.
  std::unique_ptr<sql::Database::Watch> watch_;
};

}  // namespace hookwarden
