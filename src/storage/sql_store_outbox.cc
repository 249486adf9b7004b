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

// The organization's deliveries whose `column` (channel_id or group_key)
// is `value`, newest first, after `before` in that order.
Result<std::vector<Delivery>> DeliveriesWhere(
    Connection& c, std::string_view org_id, const char* column,
    const std::string& value, int limit,
    const std::optional<OutboxStore::DeliveryPosition>& before) {
  const std::string where = std::string(column) + " = ?";
  std::string sql = "SELECT " + S(kDeliveryColumns) +
                    " FROM outbox o WHERE o.organization_id = ? AND o." + where;
  sql::Params params = {S(org_id), value};
  // An incident's deliveries are read through a partial index, which holds
  // only the rows with a group key; the query names its condition to use it.
  if (std::string_view(column) == "group_key") sql += " AND o.group_key <> ''";
  if (before) {
    sql +=
        " AND (o.created_at < ? OR (o.created_at = ? AND o.sequence <"
        " (SELECT p.sequence FROM outbox p WHERE p.id = ? AND"
        " p.organization_id = ? AND p." +
        where + ")))";
    // The cursor's delivery is looked up in this list only: an id of another
    // organization's tells nothing.
    params.insert(params.end(), {before->first, before->first, before->second,
                                 S(org_id), value});
  }
  sql += " ORDER BY o.created_at DESC, o.sequence DESC LIMIT ?";
  params.emplace_back(int64_t{limit});
  auto deliveries = QueryAll<Delivery>(c, sql, params, ToDelivery);
  if (!deliveries.ok()) return deliveries;
  for (Delivery& d : *deliveries) HW_RETURN_IF_ERROR(FillAttempts(c, d));
  return deliveries;
}

}  // namespace

Status InsertDelivery(Connection& c, const Delivery& d) {
  // The next sequence number is read and taken in one step only while no
  // other writer does the same: SQLite serializes writers anyway, other
  // databases need the lock.
  HW_RETURN_IF_ERROR(c.Lock("outbox-sequence"));
  return c.Send(
      "INSERT INTO outbox (id, organization_id, channel_id, event_id,"
      " event_type, payload, status, created_at, next_attempt_at, group_key,"
      " sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      " (SELECT COALESCE(MAX(sequence), 0) + 1 FROM outbox))",
      {d.id, d.organization_id, d.channel_id, d.event_id, d.event_type,
       d.payload, d.status, d.created_at, d.next_attempt_at, d.group_key});
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
      "SELECT id, events, applications, group_seconds, flapping_incidents,"
      " flapping_minutes FROM channels WHERE organization_id = ? ORDER BY id",
      {org_id});
  if (!rows.ok()) return rows.status();
  std::vector<ChannelRoute> routes;
  for (const Row& r : *rows) {
    routes.push_back({r.Text(0), JsonStrings(r.Text(1)), JsonStrings(r.Text(2)),
                      NoticeSettings{r.Int(3), r.Int(4), r.Int(5)}});
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

Status SqlOutboxWriter::BeforeWrite() {
  return before_write_ ? before_write_() : Status::Ok();
}

Status SqlOutboxWriter::Enqueue(const std::vector<Delivery>& deliveries) {
  if (!deliveries.empty()) HW_RETURN_IF_ERROR(BeforeWrite());
  for (const Delivery& d : deliveries) {
    HW_RETURN_IF_ERROR(InsertDelivery(c_, d));
  }
  return Status::Ok();
}

Result<bool> SqlOutboxWriter::Regroup(const std::string& channel_id,
                                      const std::string& group_key,
                                      const std::string& event_id,
                                      std::string_view type,
                                      const std::string& payload, int64_t now) {
  HW_RETURN_IF_ERROR(BeforeWrite());
  auto changed = c_.Execute(
      "UPDATE outbox SET event_id = ?, event_type = ?, payload = ?"
      " WHERE channel_id = ? AND group_key = ? AND status = 'pending' AND"
      " attempt_count = 0 AND next_attempt_at > ? AND claimed_until <= ?",
      {event_id, S(type), payload, channel_id, group_key, now, now});
  if (!changed.ok()) return changed.status();
  return *changed > 0;
}

namespace {

std::string OpeningsJson(const std::vector<int64_t>& openings) {
  std::string out = "[";
  for (size_t i = 0; i < openings.size(); ++i) {
    if (i) out += ",";
    out += std::to_string(openings[i]);
  }
  return out + "]";
}

std::vector<int64_t> ParseOpenings(const std::string& text) {
  std::vector<int64_t> out;
  int64_t value = 0;
  bool in_number = false;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      value = value * 10 + (ch - '0');
      in_number = true;
    } else if (in_number) {
      out.push_back(value);
      value = 0;
      in_number = false;
    }
  }
  if (in_number) out.push_back(value);
  return out;
}

FlapState ToFlapState(const Row& r, int first) {
  FlapState s;
  s.flapping = r.Int(first) != 0;
  s.since = r.Int(first + 1);
  s.incident_open = r.Int(first + 2) != 0;
  s.openings = ParseOpenings(r.Text(first + 3));
  return s;
}

}  // namespace

Result<FlapState> SqlOutboxWriter::FlapStateOf(
    const std::string& channel_id, const std::string& application_id) {
  auto rows = c_.Query(
      "SELECT flapping, since, incident_open, openings FROM channel_flapping"
      " WHERE channel_id = ? AND application_id = ?",
      {channel_id, application_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return FlapState{};
  return ToFlapState(rows->front(), 0);
}

Status SqlOutboxWriter::SaveFlapState(const std::string& org_id,
                                      const std::string& channel_id,
                                      const std::string& application_id,
                                      const FlapState& s) {
  HW_RETURN_IF_ERROR(BeforeWrite());
  return Done(c_.Execute(
      "INSERT INTO channel_flapping (channel_id, application_id,"
      " organization_id, flapping, since, incident_open, openings)"
      " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, application_id)"
      " DO UPDATE SET flapping = excluded.flapping, since = excluded.since,"
      " incident_open = excluded.incident_open, openings = excluded.openings",
      {channel_id, application_id, org_id, int64_t{s.flapping}, s.since,
       int64_t{s.incident_open}, OpeningsJson(s.openings)}));
}

Result<std::vector<ChannelFlapState>> SqlOutboxWriter::FlappingFor(
    const std::string& application_id) {
  return QueryAll<ChannelFlapState>(
      c_,
      "SELECT channel_id, organization_id, flapping, since, incident_open,"
      " openings FROM channel_flapping WHERE application_id = ? AND"
      " flapping = 1 ORDER BY channel_id",
      {application_id}, [](const Row& r) {
        return ChannelFlapState{r.Text(0), r.Text(1), ToFlapState(r, 2)};
      });
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
        d.id = auth::NewOrderedId("dlv");
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
        return DeliveriesWhere(c, org_id, "channel_id", channel->id, limit,
                               before);
      });
}

Result<std::vector<Delivery>> SqlStore::ListGroupDeliveries(
    std::string_view org_id, std::string_view group_key, int limit,
    const std::optional<DeliveryPosition>& before) {
  if (group_key.empty()) return std::vector<Delivery>();
  return InTransaction<std::vector<Delivery>>(*db_, false, [&](Connection& c) {
    return DeliveriesWhere(c, org_id, "group_key", S(group_key), limit, before);
  });
}

Result<std::vector<ClaimedDelivery>> SqlStore::ClaimDeliveries(
    int64_t now, int64_t claimed_until, std::string_view claim, int limit,
    const ClaimFilter& filter) {
  std::string due =
      "SELECT o.id, o.organization_id, o.channel_id FROM outbox o WHERE"
      " o.status = 'pending' AND o.next_attempt_at <= ? AND"
      " o.claimed_until <= ?";
  sql::Params params = {now, now};
  auto skip = [&](const char* column, const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    due += std::string(" AND ") + column + " NOT IN (";
    for (size_t i = 0; i < ids.size(); ++i) {
      due += i ? ", ?" : "?";
      params.emplace_back(ids[i]);
    }
    due += ")";
  };
  skip("o.organization_id", filter.skip_organizations);
  skip("o.channel_id", filter.skip_channels);
  due += " ORDER BY o.next_attempt_at, o.sequence LIMIT ?";
  // Candidates beyond `limit`, for those the filter leaves.
  const int64_t candidates =
      filter.admit ? std::min<int64_t>(int64_t{limit} * 8 + 64, 512) : limit;
  // A look first, in a read transaction: most polls find nothing, and then
  // take no write lock from the ingestion path.
  auto any = InTransaction<bool>(*db_, false, [&](Connection& c) {
    Status error;
    sql::Params one = params;
    one.emplace_back(int64_t{1});
    bool found = Exists(c, due, one, &error);
    if (!error.ok()) return Result<bool>(error);
    return Result<bool>(found);
  });
  if (!any.ok()) return any.status();
  if (!*any) return std::vector<ClaimedDelivery>();
  params.emplace_back(candidates);
  struct Candidate {
    std::string id, organization_id, channel_id;
  };
  return InTransaction<std::vector<ClaimedDelivery>>(
      *db_, true, [&](Connection& c) -> Result<std::vector<ClaimedDelivery>> {
        auto found = QueryAll<Candidate>(c, due, params, [](const Row& r) {
          return Candidate{r.Text(0), r.Text(1), r.Text(2)};
        });
        if (!found.ok()) return found.status();
        std::vector<ClaimedDelivery> out;
        for (const Candidate& candidate : *found) {
          if (out.size() >= static_cast<size_t>(limit)) break;
          if (filter.admit &&
              !filter.admit(candidate.organization_id, candidate.channel_id)) {
            continue;
          }
          const std::string& id = candidate.id;
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
