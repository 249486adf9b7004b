// SqlStore: notification channels, and which of them use each secret.
#include "storage/sql_store_channels.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/sql_store.h"

namespace hookwarden {
namespace sql_store_internal {
namespace {

namespace json = boost::json;

constexpr const char* kChannelColumns =
    "id, organization_id, name, url, method, headers, body_template, events,"
    " applications, signing_secret, created_at, created_by, updated_at,"
    " group_seconds, flapping_incidents, flapping_minutes";

std::string StringsJson(const std::vector<std::string>& items) {
  json::array a;
  for (const std::string& s : items) a.emplace_back(s);
  return json::serialize(a);
}

std::string HeadersJson(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  json::object o;
  for (const auto& [name, value] : headers) o[name] = value;
  return json::serialize(o);
}

Channel ToChannel(const Row& r) {
  Channel ch;
  ch.id = r.Text(0);
  ch.organization_id = r.Text(1);
  ch.name = r.Text(2);
  ch.url = r.Text(3);
  ch.method = r.Text(4);
  boost::system::error_code ec;
  json::value headers = json::parse(r.Text(5), ec);
  if (!ec && headers.is_object()) {
    for (const auto& h : headers.get_object()) {
      if (h.value().is_string())
        ch.headers.emplace_back(h.key(), h.value().get_string());
    }
  }
  if (!r.IsNull(6)) ch.body_template = r.Text(6);
  ch.events = JsonStrings(r.Text(7));
  ch.application_ids = JsonStrings(r.Text(8));
  ch.signing_secret_sealed = r.Text(9);
  ch.created_at = r.Int(10);
  ch.created_by = r.Text(11);
  ch.updated_at = r.Int(12);
  ch.notices = {r.Int(13), r.Int(14), r.Int(15)};
  return ch;
}

// Fills the secrets its text names and its applications.
Status Complete(Connection& c, Channel& ch) {
  auto secrets = QueryAll<std::string>(
      c,
      "SELECT secret_name FROM channel_secrets WHERE channel_id = ?"
      " ORDER BY secret_name",
      {ch.id}, [](const Row& r) { return r.Text(0); });
  if (!secrets.ok()) return secrets.status();
  ch.secret_names = std::move(secrets.value());
  ch.applications.clear();
  for (const std::string& id : ch.application_ids) {
    auto rows = c.Query(
        "SELECT slug, name FROM applications WHERE id = ? AND"
        " organization_id = ?",
        {id, ch.organization_id});
    if (!rows.ok()) return rows.status();
    ChannelApplication app{id, "", "", rows->empty()};
    if (!rows->empty()) {
      app.slug = rows->front().Text(0);
      app.name = rows->front().Text(1);
    }
    ch.applications.push_back(std::move(app));
  }
  return Status::Ok();
}

// What a write must find true: the secrets it names are the
// organization's, and so are its applications when `check_applications`
// (an update keeps those it had, deleted or not).
Status CheckReferences(Connection& c, const Channel& ch,
                       bool check_applications) {
  for (const std::string& name : ch.secret_names) {
    Status error;
    bool found = Exists(
        c, "SELECT 1 FROM secrets WHERE organization_id = ? AND name = ?",
        {ch.organization_id, name}, &error);
    if (!error.ok()) return error;
    if (!found) {
      return Status::Invalid("secrets",
                             "unknown secret " + name + ": create it first");
    }
  }
  for (const std::string& id : ch.application_ids) {
    if (!check_applications) break;
    Status error;
    bool found = Exists(
        c, "SELECT 1 FROM applications WHERE organization_id = ? AND id = ?",
        {ch.organization_id, id}, &error);
    if (!error.ok()) return error;
    if (!found) {
      return Status::Invalid("applications", "unknown application " + id);
    }
  }
  return Status::Ok();
}

Status WriteSecretNames(Connection& c, const Channel& ch) {
  HW_RETURN_IF_ERROR(Done(
      c.Execute("DELETE FROM channel_secrets WHERE channel_id = ?", {ch.id})));
  for (const std::string& name : ch.secret_names) {
    HW_RETURN_IF_ERROR(Done(
        c.Execute("INSERT INTO channel_secrets (channel_id, organization_id,"
                  " secret_name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                  {ch.id, ch.organization_id, name})));
  }
  return Status::Ok();
}

Status NameTaken(const Channel& ch) {
  return Status::Conflict("a channel named " + ch.name + " exists", "name");
}

}  // namespace

std::vector<std::string> JsonStrings(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.get_array()) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

Result<Channel> LoadChannel(Connection& c, std::string_view org_id,
                            std::string_view channel_id) {
  auto ch = QueryOne<Channel>(c,
                              "SELECT " + S(kChannelColumns) +
                                  " FROM channels WHERE organization_id = ?"
                                  " AND id = ?",
                              {S(org_id), S(channel_id)}, ToChannel, "channel");
  if (!ch.ok()) return ch;
  HW_RETURN_IF_ERROR(Complete(c, *ch));
  return ch;
}

Result<std::vector<ChannelSummary>> ChannelsUsingSecret(Connection& c,
                                                        std::string_view org_id,
                                                        std::string_view name) {
  return QueryAll<ChannelSummary>(
      c,
      "SELECT ch.id, ch.name FROM channel_secrets cs JOIN channels ch ON"
      " ch.id = cs.channel_id WHERE cs.organization_id = ? AND"
      " cs.secret_name = ? ORDER BY ch.name",
      {S(org_id), S(name)}, [](const Row& r) {
        return ChannelSummary{r.Text(0), r.Text(1)};
      });
}

}  // namespace sql_store_internal

using namespace sql_store_internal;  // NOLINT

Status SqlStore::CreateChannel(const Channel& ch, const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(CheckReferences(c, ch, true));
    auto inserted = c.Execute(
        "INSERT INTO channels (" + S(kChannelColumns) +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {ch.id, ch.organization_id, ch.name, ch.url, ch.method,
         HeadersJson(ch.headers),
         ch.body_template ? sql::Value(*ch.body_template) : sql::Value(),
         StringsJson(ch.events), StringsJson(ch.application_ids),
         ch.signing_secret_sealed, ch.created_at, ch.created_by, ch.updated_at,
         ch.notices.group_seconds, ch.notices.flapping_incidents,
         ch.notices.flapping_minutes});
    if (!inserted.ok()) {
      if (inserted.status().code() == ErrorCode::kConflict)
        return NameTaken(ch);
      return inserted.status();
    }
    HW_RETURN_IF_ERROR(WriteSecretNames(c, ch));
    return InsertAudit(c, audit);
  });
}

Result<std::vector<Channel>> SqlStore::ListChannels(std::string_view org_id) {
  return InTransaction<std::vector<Channel>>(
      *db_, false, [&](Connection& c) -> Result<std::vector<Channel>> {
        auto channels = QueryAll<Channel>(
            c,
            "SELECT " + S(kChannelColumns) +
                " FROM channels WHERE organization_id = ? ORDER BY name, id",
            {S(org_id)}, ToChannel);
        if (!channels.ok()) return channels;
        for (Channel& ch : *channels) HW_RETURN_IF_ERROR(Complete(c, ch));
        return channels;
      });
}

Result<Channel> SqlStore::GetChannel(std::string_view org_id,
                                     std::string_view channel_id) {
  return InTransaction<Channel>(*db_, false, [&](Connection& c) {
    return LoadChannel(c, org_id, channel_id);
  });
}

Result<Channel> SqlStore::UpdateChannel(const Channel& ch,
                                        const AuditEntry& audit) {
  return InTransaction<Channel>(
      *db_, true, [&](Connection& c) -> Result<Channel> {
        HW_RETURN_IF_ERROR(CheckReferences(c, ch, false));
        auto changed = c.Execute(
            "UPDATE channels SET name = ?, url = ?, method = ?, headers = ?,"
            " body_template = ?, events = ?, applications = ?,"
            " updated_at = ?, group_seconds = ?, flapping_incidents = ?,"
            " flapping_minutes = ? WHERE organization_id = ? AND id = ?",
            {ch.name, ch.url, ch.method, HeadersJson(ch.headers),
             ch.body_template ? sql::Value(*ch.body_template) : sql::Value(),
             StringsJson(ch.events), StringsJson(ch.application_ids),
             ch.updated_at, ch.notices.group_seconds,
             ch.notices.flapping_incidents, ch.notices.flapping_minutes,
             ch.organization_id, ch.id});
        if (!changed.ok()) {
          if (changed.status().code() == ErrorCode::kConflict)
            return NameTaken(ch);
          return changed.status();
        }
        if (*changed == 0) return Status::NotFound("channel not found");
        HW_RETURN_IF_ERROR(WriteSecretNames(c, ch));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return LoadChannel(c, ch.organization_id, ch.id);
      });
}

Status SqlStore::DeleteChannel(std::string_view org_id,
                               std::string_view channel_id,
                               const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto ch = LoadChannel(c, org_id, channel_id);
    if (!ch.ok()) return ch.status();
    // Children first: the backends need not cascade.
    HW_RETURN_IF_ERROR(
        Done(c.Execute("DELETE FROM outbox_attempts WHERE delivery_id IN"
                       " (SELECT id FROM outbox WHERE channel_id = ?)",
                       {ch->id})));
    HW_RETURN_IF_ERROR(
        Done(c.Execute("DELETE FROM outbox WHERE channel_id = ?", {ch->id})));
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "DELETE FROM channel_secrets WHERE channel_id = ?", {ch->id})));
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "DELETE FROM channel_flapping WHERE channel_id = ?", {ch->id})));
    HW_RETURN_IF_ERROR(ExecuteOne(c, "DELETE FROM channels WHERE id = ?",
                                  {ch->id}, "channel"));
    return InsertAudit(c, audit);
  });
}

Status SqlStore::SetChannelSigningSecret(std::string_view org_id,
                                         std::string_view channel_id,
                                         std::string_view sealed, int64_t now,
                                         const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(
        ExecuteOne(c,
                   "UPDATE channels SET signing_secret = ?, updated_at = ?"
                   " WHERE organization_id = ? AND id = ?",
                   {S(sealed), now, S(org_id), S(channel_id)}, "channel"));
    return InsertAudit(c, audit);
  });
}

Result<std::vector<Channel>> SqlStore::ChannelsSealedOtherwise(
    std::string_view prefix, int limit) {
  return InTransaction<std::vector<Channel>>(*db_, false, [&](Connection& c) {
    return QueryAll<Channel>(
        c,
        "SELECT " + S(kChannelColumns) + " FROM channels WHERE " +
            NotStartingWith("signing_secret", prefix) + " ORDER BY id LIMIT ?",
        {S(prefix), int64_t{limit}}, ToChannel);
  });
}

}  // namespace hookwarden
