#include "storage/store_copy.h"

#include <algorithm>

namespace hookwarden {
namespace {

std::string Join(const std::vector<std::string>& items,
                 const std::string& separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string Placeholders(size_t n) {
  return Join(std::vector<std::string>(n, "?"), ", ");
}

// The table's columns followed by its key's, for reading a page.
std::string PageQuery(const CopiedTable& t, bool after_key) {
  std::string key = Join(t.key, ", ");
  std::string sql = "SELECT " + Join(t.columns, ", ") + " FROM " + t.name;
  // Keyset paging: rows after the last one read, in key order.
  if (after_key) {
    sql += " WHERE (" + key + ") > (" + Placeholders(t.key.size()) + ")";
  }
  return sql + " ORDER BY " + key + " LIMIT ?";
}

Result<int64_t> Count(sql::Connection& c, const std::string& table) {
  auto rows = c.Query("SELECT COUNT(*) FROM " + table);
  if (!rows.ok()) return rows.status();
  return rows->front().Int(0);
}

// Positions of the key's columns among the table's columns.
std::vector<size_t> KeyPositions(const CopiedTable& t) {
  std::vector<size_t> positions;
  for (const std::string& k : t.key) {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (t.columns[i] == k) positions.push_back(i);
    }
  }
  return positions;
}

// Copies one table, page by page, inside the source's read transaction.
Result<int64_t> CopyTable(sql::Connection& source, sql::Database& to,
                          const CopiedTable& t, int64_t batch) {
  const std::string insert = "INSERT INTO " + t.name + " (" +
                             Join(t.columns, ", ") + ") VALUES (" +
                             Placeholders(t.columns.size()) + ")";
  const std::vector<size_t> key = KeyPositions(t);
  int64_t copied = 0;
  sql::Params last;
  while (true) {
    sql::Params params = last;
    params.emplace_back(batch);
    auto rows = source.Query(PageQuery(t, !last.empty()), params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) break;
    HW_RETURN_IF_ERROR(to.Write([&](sql::Connection& target) -> Status {
      for (const sql::Row& row : *rows) {
        sql::Params values;
        values.reserve(row.size());
        for (size_t i = 0; i < row.size(); ++i) {
          values.push_back(row.Get(i));
        }
        auto inserted = target.Execute(insert, values);
        if (!inserted.ok()) return inserted.status();
      }
      return Status::Ok();
    }));
    copied += static_cast<int64_t>(rows->size());
    last.clear();
    for (size_t k : key) last.push_back(rows->back().Get(k));
    if (static_cast<int64_t>(rows->size()) < batch) break;
  }
  return copied;
}

}  // namespace

const std::vector<CopiedTable>& CopiedTables() {
  static const std::vector<CopiedTable> tables = {
      {"settings", {"key", "value"}, {"key"}},
      {"users", {"id", "username", "password_hash", "created_at"}, {"id"}},
      {"login_sessions",
       {"id_hash", "user_id", "csrf_token", "created_at", "expires_at"},
       {"id_hash"}},
      {"api_keys",
       {"id", "user_id", "name", "token_hash", "hint", "created_at",
        "last_used_at"},
       {"id"}},
      {"organizations", {"id", "name", "slug", "created_at"}, {"id"}},
      {"memberships",
       {"organization_id", "user_id", "role", "created_at"},
       {"organization_id", "user_id"}},
      {"invitations",
       {"id", "organization_id", "username", "username_key", "role", "user_id",
        "invited_by", "created_at", "expires_at"},
       {"id"}},
      {"products",
       {"id", "organization_id", "name", "slug", "created_at", "updated_at"},
       {"id"}},
      {"integration_tokens",
       {"id", "organization_id", "type", "name", "generation", "created_at",
        "created_by", "updated_at", "activated_at", "activated_from",
        "activated_user_agent", "last_used_at", "last_used_from", "use_count",
        "deleted_at", "throttled_count"},
       {"id"}},
      {"applications",
       {"id",
        "organization_id",
        "product_id",
        "name",
        "slug",
        "failures_to_open",
        "hits_to_close",
        "severity",
        "no_data_timeout_seconds",
        "created_at",
        "updated_at",
        "hits_failure_credential_id",
        "deploy_credential_id",
        "schedule_period_seconds",
        "schedule_cron",
        "schedule_timezone",
        "grace_seconds",
        "max_runtime_seconds",
        "slo_objective_percent",
        "slo_window_days",
        "slo_indicator"},
       {"id"}},
      {"issued_tokens",
       {"token_hash", "kind", "organization_id", "credential_id",
        "application_id", "generation", "sealed", "hint", "created_at",
        "expires_at"},
       {"token_hash"}},
      {"secrets",
       {"organization_id", "name", "sealed", "created_at", "created_by"},
       {"organization_id", "name"}},
      {"audit_log",
       {"id", "organization_id", "at", "actor_user_id", "actor_username",
        "action", "target_type", "target_id", "target_name", "address",
        "details"},
       {"id"}},
      {"events",
       {"id", "organization_id", "application_id", "failure", "at",
        "received_at", "latency_ms", "message", "exit_code", "output",
        "output_truncated", "duration_ms"},
       {"id"}},
      {"hit_ring",
       {"slot_id", "id", "at", "received_at", "latency_ms", "message",
        "exit_code", "output", "output_truncated", "duration_ms"},
       {"slot_id"}},
      {"runs",
       {"id", "organization_id", "application_id", "run_id", "started_at",
        "finished_at", "duration_ms", "failed", "exit_code", "overdue"},
       {"id"}},
      {"hit_rings", {"ring", "application_id", "next_slot"}, {"ring"}},
      {"idempotency_keys",
       {"application_id", "key", "created_at"},
       {"application_id", "key"}},
      {"minute_aggregates",
       {"application_id", "minute", "hits", "failures", "latency_count",
        "latency_sum", "latency_min", "latency_max", "latency_histogram"},
       {"application_id", "minute"}},
      {"hour_aggregates",
       {"application_id", "hour", "hits", "failures", "latency_count",
        "latency_sum", "latency_min", "latency_max", "latency_histogram"},
       {"application_id", "hour"}},
      {"deploys",
       {"application_id", "id", "organization_id", "version", "commit_sha",
        "commit_at", "description", "environment", "status", "started_at",
        "finished_at", "created_at", "updated_at", "deployed_at"},
       {"application_id", "id"}},
      {"incidents",
       {"id", "organization_id", "application_id", "kind", "severity", "status",
        "cause", "opened_at", "acknowledged_at", "acknowledged_by",
        "resolved_at", "resolved_by", "alert_key", "alert_source",
        "alert_details", "alert_triggers", "alert_last_triggered_at"},
       {"id"}},
      {"application_states",
       {"application_id", "failure_streak", "hit_streak", "quiet_since",
        "open_incident_id", "last_report_at"},
       {"application_id"}},
      {"channels",
       {"id", "organization_id", "name", "url", "method", "headers",
        "body_template", "events", "applications", "signing_secret",
        "created_at", "created_by", "updated_at", "group_seconds",
        "flapping_incidents", "flapping_minutes"},
       {"id"}},
      {"channel_secrets",
       {"channel_id", "organization_id", "secret_name"},
       {"channel_id", "secret_name"}},
      {"outbox",
       {"id", "organization_id", "channel_id", "event_id", "event_type",
        "payload", "status", "created_at", "next_attempt_at", "claimed_until",
        "claim", "attempt_count", "finished_at", "sequence", "group_key"},
       {"id"}},
      {"channel_flapping",
       {"channel_id", "application_id", "organization_id", "flapping", "since",
        "incident_open", "openings"},
       {"channel_id", "application_id"}},
      {"outbox_attempts",
       {"delivery_id", "attempt", "at", "duration_ms", "status_code", "error",
        "url", "response"},
       {"delivery_id", "attempt"}},
      {"maintenance_windows",
       {"id", "organization_id", "reason", "starts_at", "ends_at", "created_by",
        "created_at", "updated_at", "started_told", "ended_told"},
       {"id"}},
      {"maintenance_applications",
       {"window_id", "application_id"},
       {"window_id", "application_id"}},
      {"maintenance_products",
       {"window_id", "product_id"},
       {"window_id", "product_id"}},
      {"status_pages",
       {"organization_id", "enabled", "title", "description", "badge_key_hash",
        "badge_key_hint", "badge_key_created_at", "updated_by", "updated_at"},
       {"organization_id"}},
      {"status_page_products",
       {"organization_id", "product_id", "position"},
       {"organization_id", "product_id"}},
      {"incident_publications",
       {"incident_id", "organization_id", "public_note", "publish_cause",
        "updated_by", "updated_at"},
       {"incident_id"}},
      {"slo_burn_alerts",
       {"application_id", "organization_id", "rule", "since"},
       {"application_id", "rule"}},
  };
  return tables;
}

Result<std::vector<CopiedCount>> CopyDatabase(sql::Database& from,
                                              sql::Database& to,
                                              const CopyOptions& options) {
  const int64_t batch = std::max<int64_t>(1, options.rows_per_batch);
  HW_RETURN_IF_ERROR(to.Read([&](sql::Connection& c) -> Status {
    for (const CopiedTable& t : CopiedTables()) {
      auto rows = c.Query("SELECT 1 FROM " + t.name + " LIMIT 1");
      if (!rows.ok()) return rows.status();
      if (!rows->empty()) {
        return Status::Conflict("the target database is not empty (table " +
                                t.name + " has rows)");
      }
    }
    return Status::Ok();
  }));

  std::vector<CopiedCount> counts;
  HW_RETURN_IF_ERROR(from.Read([&](sql::Connection& source) -> Status {
    counts.clear();
    for (const CopiedTable& t : CopiedTables()) {
      auto copied = CopyTable(source, to, t, batch);
      if (!copied.ok()) return copied.status();
      auto expected = Count(source, t.name);
      if (!expected.ok()) return expected.status();
      if (*copied != *expected) {
        return Status::Internal("copied " + std::to_string(*copied) +
                                " rows of " + t.name + " but it has " +
                                std::to_string(*expected));
      }
      counts.push_back({t.name, *copied});
      if (options.progress) options.progress(t.name, *copied);
    }
    return Status::Ok();
  }));

  HW_RETURN_IF_ERROR(to.Write([&](sql::Connection& c) -> Status {
    if (options.target_is_postgres) {
      // New audit entries, rings and events get ids after the copied ones
      // (events and the hit ring share one sequence).
      auto audit = c.Query(
          "SELECT setval(pg_get_serial_sequence('audit_log', 'id'),"
          " (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log), false)");
      if (!audit.ok()) return audit.status();
      auto rings = c.Query(
          "SELECT setval(pg_get_serial_sequence('hit_rings', 'ring'),"
          " (SELECT COALESCE(MAX(ring), 0) + 1 FROM hit_rings), false)");
      if (!rings.ok()) return rings.status();
      auto events = c.Query(
          "SELECT setval('event_ids', (SELECT COALESCE(MAX(id), 0) + 1 FROM"
          " (SELECT id FROM events UNION ALL SELECT id FROM hit_ring) AS e),"
          " false)");
      if (!events.ok()) return events.status();
    } else {
      // The hit ring's ids come from events' AUTOINCREMENT (the view
      // new_hits): it goes on past the copied ones.
      for (const char* sql :
           {"INSERT INTO sqlite_sequence (name, seq) SELECT 'events', 0"
            " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence"
            " WHERE name = 'events')",
            "UPDATE sqlite_sequence SET seq = max(seq, (SELECT"
            " coalesce(max(id), 0) FROM events), (SELECT coalesce(max(id), 0)"
            " FROM hit_ring)) WHERE name = 'events'"}) {
        auto done = c.Execute(sql);
        if (!done.ok()) return done.status();
      }
    }
    for (const CopiedCount& count : counts) {
      auto rows = Count(c, count.table);
      if (!rows.ok()) return rows.status();
      if (*rows != count.rows) {
        return Status::Internal(count.table + " has " + std::to_string(*rows) +
                                " rows after the copy, not " +
                                std::to_string(count.rows));
      }
    }
    return Status::Ok();
  }));
  return counts;
}

}  // namespace hookwarden
