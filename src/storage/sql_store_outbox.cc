// SqlStore: the outbox of notification deliveries: queuing them, claiming
// them for a worker, recording attempts.
#include "storage/sql_store_outbox.h"

#include <algorithm>

#include "auth/random.h"
#include "storage/sql_store.h"
#include "storage/sql_store_channels.h"

namespace hookwarden {
namespace sql_store_internal {
namespace {

constexpr const char* kDeliveryColumns =
    "o.id, o.organization_id, o.channel_id, o.event_id, o.event_type,"
    " o.payload, o.status, o.created_at, o.next_attempt_at, o.finished_at,"
    " o.attempt_count";

Delivery ToDelivery(const Row& r) {
  Delivery d;
  d.id = r.Text(0);
  d.organization_id = r.Text(1);
  d.channel_id = r.Text(2);
  d.event_id = r.Text(3);
  d.event_type = r.Text(4);
  d.payload = r.Text(5);
  d.status = r.Text(6);
  d.created_at = r.Int(7);
  d.next_attempt_at = r.Int(8);
  if (!r.IsNull(9)) d.finished_at = r.Int(9);
  d.attempt_count = r.Int(10);
  return d;
}

DeliveryAttempt ToAttempt(const Row& r) {
  DeliveryAttempt a;
  a.at = r.Int(0);
  a.duration_ms = r.Int(1);
  if (!r.IsNull(2)) a.status_code = r.Int(2);
  a.error = r.Text(3);
  a.url = r.Text(4);
  a.response = r.Text(5);
  return a;
}

Status FillAttempts(Connection& c, Delivery& d) {
  auto attempts = QueryAll<DeliveryAttempt>(
      c,
      "SELECT at, duration_ms, status_code, error, url, response FROM"
      " outbox_attempts WHERE delivery_id = ? ORDER BY attempt",
      {d.id}, ToAttempt);
  if (!attempts.ok()) return attempts.status();
  d.attempts = std::move(attempts.value());
  return Status::Ok();
}

}  // namespace

Status InsertDelivery(Connection& c, const Delivery& d) {
  // The next sequence number is read and taken in one step only while no
  // other writer does the same: SQLite serializes writers anyway, other
  // databases need the lock.
  HW_RETURN_IF_ERROR(c.Lock("outbox-sequence"));
  return Done(c.Execute(
      "INSERT INTO outbox (id, organization_id, channel_id, event_id,"
      " event_type, payload, status, created_at, next_attempt_at, sequence)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
      " (SELECT COALESCE(MAX(sequence), 0) + 1 FROM outbox))",
      {d.id, d.organization_id, d.channel_id, d.event_id, d.event_type,
       d.payload, d.status, d.created_at, d.next_attempt_at}));
}

Result<Organization> LoadOrganization(Connection& c, const std::string& id) {
  return QueryOne<Organization>(
      c, "SELECT id, name, slug, created_at FROM organizations WHERE id = ?",
      {id},
      [](const Row& r) {
        return Organization{r.Text(0), r.Text(1), r.Text(2), r.Int(3)};
      },
      "organization");
}

Result<EventApplication> LoadEventApplication(
    Connection& c, const std::string& application_id) {
  return QueryOne<EventApplication>(
      c,
      "SELECT a.id, a.slug, a.name, p.slug FROM applications a"
      " JOIN products p ON p.id = a.product_id WHERE a.id = ?",
      {application_id},
      [](const Row& r) {
        return EventApplication{r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
      },
      "application");
}

Result<std::vector<ChannelRoute>> SqlOutboxWriter::ChannelRoutes(
    const std::string& org_id) {
  auto known = routes_.find(org_id);
  if (known != routes_.end()) return known->second;
  auto rows = c_.Query(
      "SELECT id, events, applications FROM channels"
      " WHERE organization_id = ? ORDER BY id",
      {org_id});
  if (!rows.ok()) return rows.status();
  std::vector<ChannelRoute> routes;
  for (const Row& r : *rows) {
    routes.push_back(
        {r.Text(0), JsonStrings(r.Text(1)), JsonStrings(r.Text(2))});
  }
  return routes_.insert_or_assign(org_id, std::move(routes)).first->second;
}

Result<Organization> SqlOutboxWriter::OrganizationById(
    const std::string& org_id) {
  return LoadOrganization(c_, org_id);
}

Result<EventApplication> SqlOutboxWriter::EventApplicationById(
    const std::string& application_id) {
  return LoadEventApplication(c_, application_id);
}

Status SqlOutboxWriter::Enqueue(const std::vector<Delivery>& deliveries) {
  for (const Delivery& d : deliveries) {
    HW_RETURN_IF_ERROR(InsertDelivery(c_, d));
  }
  return Status::Ok();
}

}  // namespace sql_store_internal

using namespace sql_store_internal;  // NOLINT

Result<Delivery> SqlStore::EnqueueDelivery(std::string_view org_id,
                                           std::string_view channel_id,
                                           std::string_view event_id,
                                           std::string_view event_type,
                                           std::string_view payload,
                                           int64_t now) {
  return InTransaction<Delivery>(
      *db_, true, [&](Connection& c) -> Result<Delivery> {
        auto channel = LoadChannel(c, org_id, channel_id);
        if (!channel.ok()) return channel.status();
        Delivery d;
        d.id = auth::NewId("dlv");
        d.organization_id = S(org_id);
        d.channel_id = channel->id;
        d.event_id = S(event_id);
        d.event_type = S(event_type);
        d.payload = S(payload);
        d.created_at = d.next_attempt_at = now;
        HW_RETURN_IF_ERROR(InsertDelivery(c, d));
        return d;
      });
}

Result<std::vector<Delivery>> SqlStore::ListDeliveries(
    std::string_view org_id, std::string_view channel_id, int limit,
    const std::optional<DeliveryPosition>& before) {
  return InTransaction<std::vector<Delivery>>(
      *db_, false, [&](Connection& c) -> Result<std::vector<Delivery>> {
        auto channel = LoadChannel(c, org_id, channel_id);
        if (!channel.ok()) return channel.status();
        std::string sql = "SELECT " + S(kDeliveryColumns) +
                          " FROM outbox o WHERE o.organization_id = ? AND"
                          " o.channel_id = ?";
        sql::Params params = {S(org_id), channel->id};
        if (before) {
          sql +=
              " AND (o.created_at < ? OR (o.created_at = ? AND o.sequence <"
              " (SELECT p.sequence FROM outbox p WHERE p.id = ? AND"
              " p.organization_id = ? AND p.channel_id = ?)))";
          // The cursor's delivery is looked up in this channel only: an id
          // of another organization's tells nothing.
          params.insert(params.end(), {before->first, before->first,
                                       before->second, S(org_id), channel->id});
        }
        sql += " ORDER BY o.created_at DESC, o.sequence DESC LIMIT ?";
        params.emplace_back(int64_t{limit});
        auto deliveries = QueryAll<Delivery>(c, sql, params, ToDelivery);
        if (!deliveries.ok()) return deliveries;
        for (Delivery& d : *deliveries) HW_RETURN_IF_ERROR(FillAttempts(c, d));
        return deliveries;
      });
}

Result<std::vector<ClaimedDelivery>> SqlStore::ClaimDeliveries(
    int64_t now, int64_t claimed_until, std::string_view claim, int limit) {
  const std::string due =
      "SELECT o.id FROM outbox o WHERE o.status = 'pending' AND"
      " o.next_attempt_at <= ? AND o.claimed_until <= ?"
      " ORDER BY o.next_attempt_at, o.sequence LIMIT ?";
  // A look first, in a read transaction: most polls find nothing, and then
  // take no write lock from the ingestion path.
  auto any = InTransaction<bool>(*db_, false, [&](Connection& c) {
    Status error;
    bool found = Exists(c, due, {now, now, int64_t{1}}, &error);
    if (!error.ok()) return Result<bool>(error);
    return Result<bool>(found);
  });
  if (!any.ok()) return any.status();
  if (!*any) return std::vector<ClaimedDelivery>();
  return InTransaction<std::vector<ClaimedDelivery>>(
      *db_, true, [&](Connection& c) -> Result<std::vector<ClaimedDelivery>> {
        auto ids =
            QueryAll<std::string>(c, due, {now, now, int64_t{limit}},
                                  [](const Row& r) { return r.Text(0); });
        if (!ids.ok()) return ids.status();
        std::vector<ClaimedDelivery> out;
        for (const std::string& id : *ids) {
          // Taken only while still free: another worker may have won it.
          auto taken = c.Execute(
              "UPDATE outbox SET claimed_until = ?, claim = ? WHERE id = ?"
              " AND status = 'pending' AND claimed_until <= ?",
              {claimed_until, S(claim), id, now});
          if (!taken.ok()) return taken.status();
          if (*taken == 0) continue;
          auto delivery = QueryOne<Delivery>(
              c,
              "SELECT " + S(kDeliveryColumns) + " FROM outbox o WHERE o.id = ?",
              {id}, ToDelivery, "delivery");
          if (!delivery.ok()) return delivery.status();
          auto channel =
              LoadChannel(c, delivery->organization_id, delivery->channel_id);
          if (!channel.ok()) return channel.status();
          out.push_back(ClaimedDelivery{std::move(delivery.value()),
                                        std::move(channel.value()), S(claim)});
        }
        return out;
      });
}

Status SqlStore::RecordDeliveryAttempt(const DeliveryOutcome& o) {
  return db_->Write([&](Connection& c) -> Status {
    bool finished = o.status != kDeliveryPending;
    HW_RETURN_IF_ERROR(ExecuteOne(
        c,
        "UPDATE outbox SET status = ?, next_attempt_at = ?,"
        " attempt_count = attempt_count + 1, claimed_until = 0, claim = '',"
        " finished_at = ? WHERE id = ? AND claim = ?",
        {o.status, o.next_attempt_at,
         finished ? sql::Value(o.attempt.at) : sql::Value(), o.delivery_id,
         o.claim},
        "claimed delivery"));
    const DeliveryAttempt& a = o.attempt;
    return Done(c.Execute(
        "INSERT INTO outbox_attempts (delivery_id, attempt, at, duration_ms,"
        " status_code, error, url, response) SELECT id, attempt_count, ?, ?,"
        " ?, ?, ?, ? FROM outbox WHERE id = ?",
        {a.at, a.duration_ms,
         a.status_code ? sql::Value(*a.status_code) : sql::Value(), a.error,
         a.url, a.response, o.delivery_id}));
  });
}

}  // namespace hookwarden
