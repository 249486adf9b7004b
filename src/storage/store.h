// The Store: everything hookwarden keeps, behind one interface so that the
// embedded SQLite backend and a PostgreSQL backend serve the same callers.
//
// Contracts shared by every method:
// - Thread-safe; calls may block on the disk, so the network threads never
//   call them (the HTTP server runs handlers on its worker pool).
// - Each method is one transaction: it happens entirely or not at all. A
//   method that takes an AuditEntry writes it in the same transaction as the
//   change it describes.
// - Organization-scoped reads and writes take the organization's id and never
//   see rows of another organization: a row of another organization is
//   NotFound, exactly like a row that does not exist.
// - Failures: NotFound, Conflict (with the offending field), Unavailable
//   when the database cannot be reached, Internal otherwise.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/api_key.h"
#include "domain/application.h"
#include "domain/audit_entry.h"
#include "domain/channel.h"
#include "domain/deploy.h"
#include "domain/event.h"
#include "domain/event_counts.h"
#include "domain/incident.h"
#include "domain/integration_token.h"
#include "domain/login_session.h"
#include "domain/organization.h"
#include "domain/product.h"
#include "domain/secret.h"
#include "domain/user.h"

namespace hookwarden {

// What the store made of one appended event.
struct EventOutcome {
  bool duplicate = false;
  // The application's open incident just after the event, or null while it
  // is operational. The events of one application in one call share it.
  std::shared_ptr<const Incident> open_incident;
};

class Store {
 public:
  virtual ~Store() = default;

  // Ok when the database answers a trivial query.
  virtual Status Ping() = 0;

  // --- Server settings: small values the server keeps for itself.
  // Returns the value stored under `key`, storing `value` first when there
  // was none (the first writer wins, also across several servers).
  virtual Result<std::string> GetOrInsertSetting(std::string_view key,
                                                 std::string_view value) = 0;

  // --- Users.
  virtual Result<int64_t> CountUsers() = 0;
  // Conflict (field "username") when the username is taken.
  virtual Status CreateUser(const User& user) = 0;
  virtual Result<User> FindUserByUsername(std::string_view username) = 0;
  virtual Result<User> GetUser(std::string_view user_id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Sets a new password hash and ends every session of the user.
  virtual Status SetPasswordHash(std::string_view user_id,
                                 std::string_view password_hash) = 0;

  // --- Login sessions (looked up by the keyed hash of the cookie value).
  virtual Status CreateLoginSession(const LoginSession& session) = 0;
  // NotFound when absent or expired at `now`.
  virtual Result<LoginSession> FindLoginSession(std::string_view id_hash,
                                                int64_t now) = 0;
  virtual Status DeleteLoginSession(std::string_view id_hash) = 0;
  // Removes sessions that expired before `now`; returns how many.
  virtual Result<int64_t> DeleteExpiredLoginSessions(int64_t now) = 0;

  // --- Personal API keys (looked up by the keyed hash of their value).
  virtual Status CreateApiKey(const ApiKey& key) = 0;
  virtual Result<ApiKey> FindApiKeyByHash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiKey>> ListApiKeys(std::string_view user_id) = 0;
  // NotFound unless the key exists and belongs to `user_id`.
  virtual Status DeleteApiKey(std::string_view user_id,
                              std::string_view key_id) = 0;
  virtual Status TouchApiKey(std::string_view key_id, int64_t at) = 0;

  // --- Organizations and memberships.
  // Creates the organization with `owner_user_id` as its owner. Conflict
  // (field "slug") when the slug is taken.
  virtual Status CreateOrganization(const Organization& org,
                                    std::string_view owner_user_id,
                                    const AuditEntry& audit) = 0;
  // The organization named by `org_ref` (slug or id) with the user's role in
  // it; NotFound when it does not exist or the user is not a member.
  virtual Result<Membership> FindMembership(std::string_view user_id,
                                            std::string_view org_ref) = 0;
  // The organization with this id, for callers that are not users (a token
  // holder). NotFound when absent.
  virtual Result<Organization> GetOrganization(std::string_view org_id) = 0;
  // The user's organizations, ordered by slug.
  virtual Result<std::vector<Membership>> ListMemberships(
      std::string_view user_id) = 0;

  // --- Members of an organization, ordered by username.
  virtual Result<std::vector<Member>> ListMembers(std::string_view org_id) = 0;
  // Adds `user_id` with `role`. When `new_user` is set, creates that user in
  // the same transaction (Conflict on "username" if the name was taken
  // meanwhile). Conflict when already a member.
  virtual Result<Member> AddMember(std::string_view org_id,
                                   const User* new_user,
                                   std::string_view user_id, Role role,
                                   int64_t at, const AuditEntry& audit) = 0;
  // NotFound when not a member; Conflict when it would leave no owner. An
  // empty audit.target_id is filled with the member's user id.
  virtual Result<Member> UpdateMemberRole(std::string_view org_id,
                                          std::string_view username, Role role,
                                          const AuditEntry& audit) = 0;
  virtual Status RemoveMember(std::string_view org_id,
                              std::string_view username,
                              const AuditEntry& audit) = 0;

  // --- Products, ordered by name.
  virtual Result<std::vector<Product>> ListProducts(
      std::string_view org_id) = 0;
  virtual Result<Product> GetProduct(std::string_view org_id,
                                     std::string_view product_ref) = 0;
  // Stores `product`. With `slug_is_explicit` false the slug is a base that
  // gets "-2", "-3", ... when taken; otherwise a taken slug is a Conflict.
  // A taken name is a Conflict (field "name"). Returns what was stored.
  virtual Result<Product> CreateProduct(Product product, bool slug_is_explicit,
                                        const AuditEntry& audit) = 0;
  // Writes name, slug and updated_at of the product with `product.id`.
  virtual Result<Product> UpdateProduct(const Product& product,
                                        const AuditEntry& audit) = 0;
  // Conflict while the product has applications.
  virtual Status DeleteProduct(std::string_view org_id,
                               std::string_view product_id,
                               const AuditEntry& audit) = 0;

  // --- Applications, ordered by name.
  // With `product_id` set, only that product's applications.
  virtual Result<std::vector<Application>> ListApplications(
      std::string_view org_id, std::optional<std::string_view> product_id) = 0;
  virtual Result<Application> GetApplication(std::string_view org_id,
                                             std::string_view app_ref) = 0;
  // As CreateProduct (names need not be unique). The credential links are
  // written by id (the caller checked that they are live credentials of the
  // organization and of the right type); with a deploy credential, `mint`
  // makes the application's deploy token in the same transaction.
  virtual Result<Application> CreateApplication(Application app,
                                                bool slug_is_explicit,
                                                const TokenMinter& mint,
                                                const AuditEntry& audit) = 0;
  // Writes every mutable field of the application with `app.id`. When the
  // deploy credential changes, the old deploy token stops working at once
  // and `mint` makes a new one under the new credential.
  virtual Result<Application> UpdateApplication(const Application& app,
                                                const TokenMinter& mint,
                                                const AuditEntry& audit) = 0;
  // Also removes its deploy token and everything it reported: events,
  // aggregates, deploys, incidents.
  virtual Status DeleteApplication(std::string_view org_id,
                                   std::string_view app_id,
                                   const AuditEntry& audit) = 0;

  // --- Integration tokens (webhook credentials). A deleted credential is
  // NotFound everywhere, and no token issued under it is found.
  // Stores a new credential and, for hits/failure, its first integration
  // token. Conflict (field "name") when a credential of the same type in the
  // organization has the name.
  virtual Status CreateIntegrationToken(const IntegrationToken& credential,
                                        const std::optional<IssuedToken>& token,
                                        const AuditEntry& audit) = 0;
  // Ordered by type, then name; `hint` is the current integration token's.
  virtual Result<std::vector<IntegrationToken>> ListIntegrationTokens(
      std::string_view org_id) = 0;
  virtual Result<IntegrationToken> GetIntegrationToken(
      std::string_view org_id, std::string_view credential_id) = 0;
  // The applications that name the credential, ordered by name.
  virtual Result<std::vector<ApplicationSummary>> ApplicationsUsingCredential(
      std::string_view org_id, std::string_view credential_id) = 0;
  // Starts the credential's next generation: renames it when `new_name` is
  // set (Conflict as on create), makes every live token of earlier
  // generations expire at `old_valid_until` (an earlier expiry stays; at
  // `now` they stop at once), and mints the new generation's integration
  // token (hits/failure) or a new deploy token for every application that
  // uses it (deploy). Returns the credential as it is after.
  virtual Result<IntegrationToken> RegenerateIntegrationToken(
      std::string_view org_id, std::string_view credential_id,
      const std::optional<std::string>& new_name, int64_t now,
      int64_t old_valid_until, const TokenMinter& mint,
      const AuditEntry& audit) = 0;
  // Marks the credential deleted and removes every token issued under it.
  // Returns the applications that used it; they keep the link, shown as
  // deleted.
  virtual Result<std::vector<ApplicationSummary>> DeleteIntegrationToken(
      std::string_view org_id, std::string_view credential_id, int64_t now,
      const AuditEntry& audit) = 0;

  // --- Secrets variables. Ordered by name; `used_by` lists the channels
  // whose text names the secret, ordered by name.
  // Stores a new secret. Conflict (field "name") when the organization has a
  // secret of that name.
  virtual Status CreateSecret(const Secret& secret,
                              const AuditEntry& audit) = 0;
  virtual Result<std::vector<Secret>> ListSecrets(std::string_view org_id) = 0;
  // With its sealed value. NotFound when the organization has no such secret.
  virtual Result<Secret> GetSecret(std::string_view org_id,
                                   std::string_view name) = 0;
  // NotFound when absent. Unless `force`, Conflict (field "name", naming
  // them) while channels use the secret.
  virtual Status DeleteSecret(std::string_view org_id, std::string_view name,
                              bool force, const AuditEntry& audit) = 0;

  // --- Notification channels and their outbox.
  // Channels are ordered by name. A channel's `secret_names` are the
  // secrets its text names (the caller computes them); its
  // `application_ids` are ids of the organization's applications. Reads fill
  // `applications` (a deleted one stays listed, marked deleted).
  // Stores a new channel. Conflict (field "name") when the organization has
  // a channel of that name; Invalid (field "secrets", naming it) when a
  // secret it names does not exist (any more); Invalid (field
  // "applications") when an application is not one of the organization's.
  virtual Status CreateChannel(const Channel& channel,
                               const AuditEntry& audit) = 0;
  virtual Result<std::vector<Channel>> ListChannels(
      std::string_view org_id) = 0;
  virtual Result<Channel> GetChannel(std::string_view org_id,
                                     std::string_view channel_id) = 0;
  // Writes name, url, method, headers, body_template, events,
  // application_ids, secret_names and updated_at of the channel with
  // `channel.id`, checked as CreateChannel except for its applications
  // (the caller resolved any new ones; those it kept may have been deleted
  // since). Returns it as stored.
  virtual Result<Channel> UpdateChannel(const Channel& channel,
                                        const AuditEntry& audit) = 0;
  // Also removes its deliveries, sent or not.
  virtual Status DeleteChannel(std::string_view org_id,
                               std::string_view channel_id,
                               const AuditEntry& audit) = 0;
  // Replaces the channel's sealed signing secret.
  virtual Status SetChannelSigningSecret(std::string_view org_id,
                                         std::string_view channel_id,
                                         std::string_view sealed, int64_t now,
                                         const AuditEntry& audit) = 0;
  // Queues one delivery of `payload` (an envelope of `event_type` with id
  // `event_id`) to this channel alone, due at `now`: the test event.
  virtual Result<Delivery> EnqueueDelivery(std::string_view org_id,
                                           std::string_view channel_id,
                                           std::string_view event_id,
                                           std::string_view event_type,
                                           std::string_view payload,
                                           int64_t now) = 0;
  // The channel's deliveries with their attempts, newest first; with
  // `before` ({created_at, id} of the previous page's last one), only those
  // after it in that order.
  using DeliveryPosition = std::pair<int64_t, std::string>;
  virtual Result<std::vector<Delivery>> ListDeliveries(
      std::string_view org_id, std::string_view channel_id, int limit,
      const std::optional<DeliveryPosition>& before = std::nullopt) = 0;
  // Claims up to `limit` pending deliveries due at `now` that nobody holds
  // (or whose hold ran out), for `claim` until `claimed_until`, each with its
  // channel as it is now; the earliest due first, then in the order they
  // were queued (deliveries of one channel go out in the order of their
  // events, unless retries reorder them). The events that cause
  // deliveries queue them in their own transactions (an incident opened or
  // changed, a deploy created, a credential regenerated). Safe with several
  // workers on several servers: a row is held by one claim at a time.
  virtual Result<std::vector<ClaimedDelivery>> ClaimDeliveries(
      int64_t now, int64_t claimed_until, std::string_view claim,
      int limit) = 0;
  // Records the attempt and the delivery's new status, and releases it.
  // NotFound (and nothing changes) unless `outcome.claim` still holds it.
  virtual Status RecordDeliveryAttempt(const DeliveryOutcome& outcome) = 0;

  // --- Re-sealing under a new master key (admin rotate-master-key). Each
  // lister returns up to `limit` rows whose sealed value does not start
  // with `prefix` (the new key's prefix), without `used_by`: call again
  // until none is left.
  virtual Result<std::vector<Secret>> SecretsSealedOtherwise(
      std::string_view prefix, int limit) = 0;
  virtual Result<std::vector<IssuedToken>> IssuedTokensSealedOtherwise(
      std::string_view prefix, int limit) = 0;
  // Channels (without `applications`) whose signing secret is sealed so.
  virtual Result<std::vector<Channel>> ChannelsSealedOtherwise(
      std::string_view prefix, int limit) = 0;
  // The setting's value; NotFound when there is none.
  virtual Result<std::string> GetSetting(std::string_view key) = 0;
  // Where a sealed value is kept.
  enum class SealedPlace {
    kSecret,
    kIssuedToken,
    kSetting,
    kChannelSigningSecret
  };
  // One sealed value to replace: `key` names the row within the organization
  // (a secret's name, an issued token's hash, a setting's key with an empty
  // organization id, a channel's id). The row changes only while its value is
  // still `from`.
  struct Reseal {
    std::string organization_id;
    std::string key;
    std::string from;
    std::string to;
  };
  // Replaces the sealed values in one transaction; returns how many rows
  // changed (a row changed or removed meanwhile is left alone).
  virtual Result<int64_t> ReplaceSealed(SealedPlace place,
                                        const std::vector<Reseal>& changes) = 0;

  // --- Tokens issued under credentials, looked up by keyed hash.
  // The token with this hash if it is live at `now`: not expired, and its
  // credential not deleted. NotFound otherwise.
  virtual Result<IssuedToken> FindIssuedToken(std::string_view token_hash,
                                              int64_t now) = 0;
  // The newest live token of `kind` under the credential (and, for deploy
  // tokens, of the application; else pass "").
  virtual Result<IssuedToken> CurrentIssuedToken(
      std::string_view credential_id, auth::TokenKind kind,
      std::string_view application_id, int64_t now) = 0;
  // Activates the API with a live integration token: returns the live
  // activation token of the same credential and generation, minting it
  // first when there is none, and records the activation (time, address,
  // user agent) and one use of the credential, with `audit`.
  virtual Result<IssuedToken> Activate(const IssuedToken& integration,
                                       const TokenMinter& mint, int64_t now,
                                       std::string_view from,
                                       std::string_view user_agent,
                                       const AuditEntry& audit) = 0;
  // Counts one use of the credential at `at` from address `from`.
  virtual Status RecordCredentialUse(std::string_view credential_id, int64_t at,
                                     std::string_view from) = 0;

  // A number that changes whenever a token may have stopped working or an
  // application changed its credentials (regenerate, rename, delete, revoke,
  // application changes), so that caches of "which token may do
  // what" know to forget. Thread-safe, never blocks.
  virtual uint64_t CredentialsEpoch() const = 0;

  // --- Events and deploys (the data plane).
  // Appends `events` in one transaction, with the usage counts of the
  // credentials that sent them. An event whose idempotency key was seen for
  // its application within the kept window is a duplicate: neither stored
  // nor counted. Every accepted event is counted in its per-minute and
  // per-hour aggregates; as a row, every failure is kept, and of the hits
  // only as many as kKeptEventsPerApplication allows (the newest of this
  // call). In the same transaction, each accepted event goes through its
  // application's incident rules (domain/incident_tracker.h), in the order of
  // `events`, opening and resolving incidents. Returns one outcome per event.
  virtual Result<std::vector<EventOutcome>> AppendEvents(
      const std::vector<Event>& events,
      const std::vector<CredentialUse>& uses) = 0;
  struct EventQuery {
    std::optional<bool> failure;
    std::optional<int64_t> from, to;  // [from, to) on the event's time.
    int limit = 100;
    // Where the previous page ended: only the events before this one
    // (earlier, or at the same time with a smaller id).
    std::optional<std::pair<int64_t, int64_t>> before;  // {at, id}
  };
  // When each application of the organization last reported (the time of
  // its newest kept event), by application id; an application without kept
  // events is absent.
  virtual Result<std::map<std::string, int64_t>> LastEventTimes(
      std::string_view org_id) = 0;
  // The application's kept events, newest first.
  virtual Result<std::vector<Event>> ListEvents(std::string_view org_id,
                                                std::string_view app_id,
                                                const EventQuery& query) = 0;
  // Stores the deploy, or updates the one with the same application and id.
  // Returns it as stored, and whether it was created.
  virtual Result<std::pair<Deploy, bool>> UpsertDeploy(
      const Deploy& deploy) = 0;
  // The application's deploys created in [from, to), newest first.
  virtual Result<std::vector<Deploy>> ListDeploys(std::string_view org_id,
                                                  std::string_view app_id,
                                                  std::optional<int64_t> from,
                                                  std::optional<int64_t> to,
                                                  int limit) = 0;
  struct Retention {
    int64_t now = 0;
    int64_t failures_millis = 30LL * 24 * 3600 * 1000;
    int64_t aggregates_millis = 400LL * 24 * 3600 * 1000;
    int64_t idempotency_millis = 24LL * 3600 * 1000;
    int keep_events = 1000;  // Hits per application (failures all stay).
    int max_rows = 5000;     // At most this many rows go per table and call.
  };
  // Removes what is past its retention, in short transactions. Returns how
  // many rows went; call again while it returns max_rows or more.
  virtual Result<int64_t> PruneEvents(const Retention& retention) = 0;

  // --- Incidents.
  struct IncidentQuery {
    std::optional<std::string> application_id;
    // "alarmed", "acknowledged", "resolved", or "open" (either of the first
    // two).
    std::optional<std::string> status;
    // Incidents open at some time in [from, to): opened before `to`, and not
    // resolved before `from`.
    std::optional<int64_t> from, to;
    int limit = 100;
    // Open incidents (alarmed or acknowledged) before resolved ones.
    bool open_first = false;
    // Where the previous page ended: only the incidents after this one in
    // the list's order. `resolved` counts only with open_first.
    struct Position {
      bool resolved = false;
      int64_t opened_at = 0;
      std::string id;
    };
    std::optional<Position> after;
  };
  // Newest first (by opened_at, then id); with open_first, the open ones
  // first, each group newest first.
  virtual Result<std::vector<Incident>> ListIncidents(
      std::string_view org_id, const IncidentQuery& query) = 0;
  // How many incidents the query's filters match (its limit and `after`
  // aside).
  virtual Result<int64_t> CountIncidents(std::string_view org_id,
                                         const IncidentQuery& query) = 0;
  virtual Result<Incident> GetIncident(std::string_view org_id,
                                       std::string_view incident_id) = 0;
  // Acknowledges an alarmed incident at `now` by `username`. An
  // acknowledged incident comes back unchanged (and no audit entry is
  // written); a resolved one is a Conflict.
  virtual Result<Incident> AcknowledgeIncident(std::string_view org_id,
                                               std::string_view incident_id,
                                               std::string_view username,
                                               int64_t now,
                                               const AuditEntry& audit) = 0;
  // Resolves an open incident at `now` by `username`. The application's
  // counts of consecutive failures and hits start again from zero and its
  // no-data watch restarts at `now`, so only new failures open a new
  // incident. A resolved incident comes back unchanged (no audit entry).
  virtual Result<Incident> ResolveIncident(std::string_view org_id,
                                           std::string_view incident_id,
                                           std::string_view username,
                                           int64_t now,
                                           const AuditEntry& audit) = 0;
  // Opens, in one transaction, every no-data incident due at `now` (see
  // IncidentTracker::CheckNoData) and returns them. Safe to call from
  // several servers at once: each incident opens once.
  virtual Result<std::vector<Incident>> OpenNoDataIncidents(int64_t now) = 0;

  // --- Inputs of the reliability figures (metrics/figures.h).
  struct ReliabilityQuery {
    std::string application_id;
    int64_t from = 0, to = 0;  // Whole minutes.
    // Only minute slices; otherwise whole UTC hours inside [from, to) come
    // as hour slices, and the minutes around them as minute slices.
    bool minutes_only = false;
    // Incidents that open up to here are read too (for change failures).
    int64_t incidents_opened_before = 0;
  };
  struct ReliabilityData {
    std::vector<AggregateSlice> aggregates;  // In [from, to), by start.
    // Incidents opened before incidents_opened_before and not resolved
    // before `from`, by opened_at.
    std::vector<Incident> incidents;
    std::vector<Deploy> deploys;            // Deployed in [from, to).
    std::optional<int64_t> next_deploy_at;  // The first deploy at or after to.
  };
  // One application's data for the figures, read in one snapshot.
  virtual Result<ReliabilityData> ReadReliabilityData(
      const ReliabilityQuery& query) = 0;

  // Writes an audit entry that goes with no change (a token value shown).
  virtual Status RecordAuditEntry(const AuditEntry& audit) = 0;
  // --- Audit log, newest first: at most `limit` entries with id < `before`.
  virtual Result<std::vector<AuditEntry>> ListAuditEntries(
      std::string_view org_id, int limit, std::optional<int64_t> before) = 0;
};

}  // namespace hookwarden
