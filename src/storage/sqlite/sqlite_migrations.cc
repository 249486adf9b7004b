#include "storage/sqlite/sqlite_migrations.h"

namespace hookwarden {

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       {
           "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
           "CREATE TABLE users ("
           " id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,"
           " password_hash TEXT NOT NULL, created_at BIGINT NOT NULL)",
           "CREATE TABLE login_sessions ("
           " id_hash TEXT PRIMARY KEY,"
           " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
           " csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at "
           "BIGINT NOT NULL)",
           "CREATE INDEX login_sessions_by_user ON login_sessions(user_id)",
           "CREATE TABLE api_keys ("
           " id TEXT PRIMARY KEY,"
           " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
           " name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, hint TEXT "
           "NOT NULL,"
           " created_at BIGINT NOT NULL, last_used_at BIGINT)",
           "CREATE INDEX api_keys_by_user ON api_keys(user_id)",
           "CREATE TABLE organizations ("
           " id TEXT PRIMARY KEY, name TEXT NOT NULL, slug TEXT NOT NULL "
           "UNIQUE,"
           " created_at BIGINT NOT NULL)",
           "CREATE TABLE memberships ("
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
           " role TEXT NOT NULL, created_at BIGINT NOT NULL,"
           " PRIMARY KEY (organization_id, user_id))",
           "CREATE INDEX memberships_by_user ON memberships(user_id)",
           "CREATE TABLE products ("
           " id TEXT PRIMARY KEY,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " name TEXT NOT NULL, slug TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
           " UNIQUE (organization_id, slug), UNIQUE (organization_id, name))",
           "CREATE TABLE applications ("
           " id TEXT PRIMARY KEY,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " product_id TEXT NOT NULL REFERENCES products(id),"
           " name TEXT NOT NULL, slug TEXT NOT NULL,"
           " failures_to_open BIGINT NOT NULL, hits_to_close BIGINT NOT NULL,"
           " severity TEXT NOT NULL, no_data_timeout_seconds BIGINT NOT NULL,"
           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
           " UNIQUE (organization_id, slug))",
           "CREATE INDEX applications_by_product ON applications(product_id)",
           "CREATE TABLE audit_log ("
           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
           " organization_id TEXT NOT NULL, at BIGINT NOT NULL,"
           " actor_user_id TEXT NOT NULL, actor_username TEXT NOT NULL,"
           " action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT "
           "NOT NULL,"
           " target_name TEXT NOT NULL, address TEXT NOT NULL, details TEXT "
           "NOT NULL)",
           "CREATE INDEX audit_log_by_organization ON "
           "audit_log(organization_id, id)",
       }},
      {2,
       {
           "CREATE TABLE integration_tokens ("
           " id TEXT PRIMARY KEY,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " type TEXT NOT NULL, name TEXT NOT NULL, generation BIGINT NOT "
           "NULL,"
           " created_at BIGINT NOT NULL, created_by TEXT NOT NULL, updated_at "
           "BIGINT NOT NULL,"
           " activated_at BIGINT, activated_from TEXT NOT NULL DEFAULT '',"
           " activated_user_agent TEXT NOT NULL DEFAULT '',"
           " last_used_at BIGINT, last_used_from TEXT NOT NULL DEFAULT '',"
           " use_count BIGINT NOT NULL DEFAULT 0, deleted_at BIGINT)",
           "CREATE UNIQUE INDEX integration_tokens_live_name"
           " ON integration_tokens(organization_id, type, name) WHERE "
           "deleted_at IS NULL",
           "CREATE TABLE issued_tokens ("
           " token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL,"
           " organization_id TEXT NOT NULL,"
           " credential_id TEXT NOT NULL REFERENCES integration_tokens(id) ON "
           "DELETE CASCADE,"
           " application_id TEXT NOT NULL DEFAULT '', generation BIGINT NOT "
           "NULL,"
           " sealed TEXT NOT NULL, hint TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, expires_at BIGINT)",
           "CREATE INDEX issued_tokens_by_credential"
           " ON issued_tokens(credential_id, kind, application_id)",
           "ALTER TABLE applications ADD COLUMN hits_failure_credential_id TEXT"
           " REFERENCES integration_tokens(id)",
           "ALTER TABLE applications ADD COLUMN deploy_credential_id TEXT"
           " REFERENCES integration_tokens(id)",
       }},
      {3,
       {
           "CREATE TABLE events ("
           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
           " organization_id TEXT NOT NULL, application_id TEXT NOT NULL,"
           " failure BIGINT NOT NULL, at BIGINT NOT NULL,"
           " received_at BIGINT NOT NULL, latency_ms DOUBLE PRECISION,"
           " message TEXT)",
           "CREATE INDEX events_by_application ON events(application_id, at)",
           "CREATE TABLE idempotency_keys ("
           " application_id TEXT NOT NULL, key TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, PRIMARY KEY (application_id, key))",
           "CREATE INDEX idempotency_keys_by_age ON "
           "idempotency_keys(created_at)",
           "CREATE TABLE minute_aggregates ("
           " application_id TEXT NOT NULL, minute BIGINT NOT NULL,"
           " hits BIGINT NOT NULL, failures BIGINT NOT NULL,"
           " latency_count BIGINT NOT NULL, latency_sum DOUBLE PRECISION NOT "
           "NULL,"
           " latency_min DOUBLE PRECISION, latency_max DOUBLE PRECISION,"
           " h0 BIGINT NOT NULL DEFAULT 0, h1 BIGINT NOT NULL DEFAULT 0, h2 "
           "BIGINT NOT NULL DEFAULT 0, h3 BIGINT NOT NULL DEFAULT 0, h4 BIGINT "
           "NOT NULL DEFAULT 0, h5 BIGINT NOT NULL DEFAULT 0, h6 BIGINT NOT "
           "NULL DEFAULT 0, h7 BIGINT NOT NULL DEFAULT 0, h8 BIGINT NOT NULL "
           "DEFAULT 0, h9 BIGINT NOT NULL DEFAULT 0, h10 BIGINT NOT NULL "
           "DEFAULT 0, h11 BIGINT NOT NULL DEFAULT 0, h12 BIGINT NOT NULL "
           "DEFAULT 0, h13 BIGINT NOT NULL DEFAULT 0, h14 BIGINT NOT NULL "
           "DEFAULT 0, h15 BIGINT NOT NULL DEFAULT 0,"
           " PRIMARY KEY (application_id, minute))",
           "CREATE TABLE deploys ("
           " application_id TEXT NOT NULL, id TEXT NOT NULL,"
           " organization_id TEXT NOT NULL, version TEXT NOT NULL,"
           " commit_sha TEXT, commit_at BIGINT, description TEXT,"
           " environment TEXT NOT NULL, status TEXT NOT NULL,"
           " started_at BIGINT, finished_at BIGINT,"
           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
           " PRIMARY KEY (application_id, id))",
           "CREATE INDEX deploys_by_time ON deploys(application_id, "
           "created_at)",
           "ALTER TABLE integration_tokens ADD COLUMN throttled_count BIGINT"
           " NOT NULL DEFAULT 0",
       }},
      {4,
       {
           // Trimming hits walks only hits, never the kept failures.
           "CREATE INDEX events_hits_by_application ON events(application_id, "
           "at)"
           " WHERE failure = 0",
       }},
      {5,
       {
           // Incidents, and what the rules remember of each application.
           "CREATE TABLE incidents ("
           " id TEXT PRIMARY KEY, organization_id TEXT NOT NULL,"
           " application_id TEXT NOT NULL, kind TEXT NOT NULL,"
           " severity TEXT NOT NULL, status TEXT NOT NULL, cause TEXT,"
           " opened_at BIGINT NOT NULL, acknowledged_at BIGINT,"
           " acknowledged_by TEXT, resolved_at BIGINT, resolved_by TEXT)",
           "CREATE INDEX incidents_by_application ON"
           " incidents(application_id, opened_at)",
           "CREATE INDEX incidents_by_organization ON"
           " incidents(organization_id, opened_at)",
           "CREATE TABLE application_states ("
           " application_id TEXT PRIMARY KEY, failure_streak BIGINT NOT NULL,"
           " hit_streak BIGINT NOT NULL, quiet_since BIGINT NOT NULL,"
           " open_incident_id TEXT)",
           // Latencies as a fine sparse histogram (see latency_histogram.h)
           // instead of 16 coarse buckets, and hourly sums beside the
           // minutes so that long windows read few rows.
           "ALTER TABLE minute_aggregates DROP COLUMN h0",
           "ALTER TABLE minute_aggregates DROP COLUMN h1",
           "ALTER TABLE minute_aggregates DROP COLUMN h2",
           "ALTER TABLE minute_aggregates DROP COLUMN h3",
           "ALTER TABLE minute_aggregates DROP COLUMN h4",
           "ALTER TABLE minute_aggregates DROP COLUMN h5",
           "ALTER TABLE minute_aggregates DROP COLUMN h6",
           "ALTER TABLE minute_aggregates DROP COLUMN h7",
           "ALTER TABLE minute_aggregates DROP COLUMN h8",
           "ALTER TABLE minute_aggregates DROP COLUMN h9",
           "ALTER TABLE minute_aggregates DROP COLUMN h10",
           "ALTER TABLE minute_aggregates DROP COLUMN h11",
           "ALTER TABLE minute_aggregates DROP COLUMN h12",
           "ALTER TABLE minute_aggregates DROP COLUMN h13",
           "ALTER TABLE minute_aggregates DROP COLUMN h14",
           "ALTER TABLE minute_aggregates DROP COLUMN h15",
           "ALTER TABLE minute_aggregates ADD COLUMN latency_histogram TEXT"
           " NOT NULL DEFAULT ''",
           "CREATE TABLE hour_aggregates ("
           " application_id TEXT NOT NULL, hour BIGINT NOT NULL,"
           " hits BIGINT NOT NULL, failures BIGINT NOT NULL,"
           " latency_count BIGINT NOT NULL,"
           " latency_sum DOUBLE PRECISION NOT NULL,"
           " latency_min DOUBLE PRECISION, latency_max DOUBLE PRECISION,"
           " latency_histogram TEXT NOT NULL DEFAULT '',"
           " PRIMARY KEY (application_id, hour))",
           "INSERT INTO hour_aggregates (application_id, hour, hits, failures,"
           " latency_count, latency_sum, latency_min, latency_max)"
           " SELECT application_id, minute - minute % 3600000, SUM(hits),"
           " SUM(failures), SUM(latency_count), SUM(latency_sum),"
           " MIN(latency_min), MAX(latency_max) FROM minute_aggregates"
           " GROUP BY application_id, minute - minute % 3600000",
           // The time a deploy counts at in the figures.
           "ALTER TABLE deploys ADD COLUMN deployed_at BIGINT",
           "UPDATE deploys SET deployed_at = COALESCE(finished_at, created_at)",
           "CREATE INDEX deploys_by_deployed_at ON"
           " deploys(application_id, deployed_at)",
       }},
      {6,
       {
           "CREATE TABLE secrets ("
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " name TEXT NOT NULL, sealed TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, created_by TEXT NOT NULL,"
           " PRIMARY KEY (organization_id, name))",
       }},
      {7,
       {
           // Notification channels, the secrets their text names, and the
           // outbox of their deliveries with each attempt.
           "CREATE TABLE channels ("
           " id TEXT PRIMARY KEY,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " name TEXT NOT NULL, url TEXT NOT NULL, method TEXT NOT NULL,"
           " headers TEXT NOT NULL, body_template TEXT, events TEXT NOT NULL,"
           " applications TEXT NOT NULL, signing_secret TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, created_by TEXT NOT NULL,"
           " updated_at BIGINT NOT NULL, UNIQUE (organization_id, name))",
           "CREATE TABLE channel_secrets ("
           " channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE "
           "CASCADE,"
           " organization_id TEXT NOT NULL, secret_name TEXT NOT NULL,"
           " PRIMARY KEY (channel_id, secret_name))",
           "CREATE INDEX channel_secrets_by_secret ON"
           " channel_secrets(organization_id, secret_name)",
           "CREATE TABLE outbox ("
           " id TEXT PRIMARY KEY, organization_id TEXT NOT NULL,"
           " channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE "
           "CASCADE,"
           " event_id TEXT NOT NULL, event_type TEXT NOT NULL,"
           " payload TEXT NOT NULL, status TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL,"
           " claimed_until BIGINT NOT NULL DEFAULT 0,"
           " claim TEXT NOT NULL DEFAULT '',"
           " attempt_count BIGINT NOT NULL DEFAULT 0, finished_at BIGINT,"
           // The order rows were queued in, for ties within a millisecond.
           " sequence BIGINT NOT NULL)",
           "CREATE UNIQUE INDEX outbox_by_sequence ON outbox(sequence)",
           "CREATE INDEX outbox_due ON outbox(next_attempt_at, sequence)"
           " WHERE status = 'pending'",
           "CREATE INDEX outbox_by_channel ON outbox(channel_id, created_at)",
           "CREATE INDEX outbox_finished ON outbox(finished_at)",
           "CREATE TABLE outbox_attempts ("
           " delivery_id TEXT NOT NULL REFERENCES outbox(id) ON DELETE "
           "CASCADE,"
           " attempt BIGINT NOT NULL, at BIGINT NOT NULL,"
           " duration_ms BIGINT NOT NULL, status_code BIGINT,"
           " error TEXT NOT NULL, url TEXT NOT NULL, response TEXT NOT NULL,"
           " PRIMARY KEY (delivery_id, attempt))",
       }},
      {8,
       {
           // The newest hits of each application are a ring of slots,
           // overwritten in place; failures keep no slot.
           "ALTER TABLE events ADD COLUMN ring_slot BIGINT",
           "CREATE UNIQUE INDEX events_hit_ring ON events(application_id,"
           " ring_slot) WHERE ring_slot IS NOT NULL",
           "CREATE TABLE hit_rings ("
           " application_id TEXT PRIMARY KEY, next_slot BIGINT NOT NULL)",
       }},
      {9,
       {
           // The ring's hits are overwritten in place; only the hits kept
           // before the ring existed are ever trimmed, so only they are
           // indexed for it.
           "DROP INDEX events_hits_by_application",
           "CREATE INDEX events_unslotted_hits ON events(application_id, at)"
           " WHERE failure = 0 AND ring_slot IS NULL",
       }},
      {10,
       {
           // Usernames name one account whatever their case.
           "CREATE UNIQUE INDEX users_by_username_key ON "
           "users(lower(username))",
           // Invitations to organizations, addressed to a username.
           "CREATE TABLE invitations ("
           " id TEXT PRIMARY KEY,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " username TEXT NOT NULL, username_key TEXT NOT NULL,"
           " role TEXT NOT NULL,"
           // The account that had the username when the invitation was
           // made; NULL when none did (then nobody can accept it).
           " user_id TEXT REFERENCES users(id) ON DELETE CASCADE,"
           " invited_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
           " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
           " UNIQUE (organization_id, username_key))",
           "CREATE INDEX invitations_by_user ON invitations(user_id)",
       },
       CheckUsernamesDifferWithoutCase},
      {11,
       {
           // Each channel's grouping and flapping settings.
           "ALTER TABLE channels ADD COLUMN group_seconds BIGINT NOT NULL"
           " DEFAULT 30",
           "ALTER TABLE channels ADD COLUMN flapping_incidents BIGINT NOT NULL"
           " DEFAULT 5",
           "ALTER TABLE channels ADD COLUMN flapping_minutes BIGINT NOT NULL"
           " DEFAULT 30",
           // Deliveries waiting for their group window, by group.
           "ALTER TABLE outbox ADD COLUMN group_key TEXT NOT NULL DEFAULT ''",
           "CREATE INDEX outbox_by_group ON outbox(channel_id, group_key)"
           " WHERE status = 'pending' AND group_key <> ''",
           // What each channel remembers of each application's incidents.
           "CREATE TABLE channel_flapping ("
           " channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE "
           "CASCADE,"
           " application_id TEXT NOT NULL, organization_id TEXT NOT NULL,"
           " flapping BIGINT NOT NULL, since BIGINT NOT NULL,"
           " incident_open BIGINT NOT NULL, openings TEXT NOT NULL,"
           " PRIMARY KEY (channel_id, application_id))",
           "CREATE INDEX channel_flapping_flapping ON"
           " channel_flapping(application_id) WHERE flapping = 1",
       }},
      {12,
       {
           // Incidents of kind "alert": the alert's key, its integration,
           // its details, and how often it fired while open. One open
           // incident per key and application.
           "ALTER TABLE incidents ADD COLUMN alert_key TEXT",
           "ALTER TABLE incidents ADD COLUMN alert_source TEXT",
           "ALTER TABLE incidents ADD COLUMN alert_details TEXT",
           "ALTER TABLE incidents ADD COLUMN alert_triggers BIGINT",
           "ALTER TABLE incidents ADD COLUMN alert_last_triggered_at BIGINT",
           "CREATE UNIQUE INDEX incidents_open_alerts ON"
           " incidents(application_id, alert_key)"
           " WHERE alert_key IS NOT NULL AND status <> 'resolved'",
       }},
      {13,
       {
           // Schedules: a period or a cron expression in a time zone, with
           // a grace; and each application's last report.
           "ALTER TABLE applications ADD COLUMN schedule_period_seconds"
           " BIGINT NOT NULL DEFAULT 0",
           "ALTER TABLE applications ADD COLUMN schedule_cron TEXT",
           "ALTER TABLE applications ADD COLUMN schedule_timezone TEXT"
           " NOT NULL DEFAULT 'UTC'",
           "ALTER TABLE applications ADD COLUMN grace_seconds BIGINT"
           " NOT NULL DEFAULT 60",
           "ALTER TABLE application_states ADD COLUMN last_report_at BIGINT",
           // A job's end on its events: exit status and captured output.
           "ALTER TABLE events ADD COLUMN exit_code BIGINT",
           "ALTER TABLE events ADD COLUMN output TEXT",
           "ALTER TABLE events ADD COLUMN output_truncated BIGINT NOT NULL"
           " DEFAULT 0",
       }},
      {14,
       {
           // An incident's deliveries, whatever their channel or status.
           "CREATE INDEX outbox_by_group_key ON outbox(organization_id,"
           " group_key, created_at, sequence) WHERE group_key <> ''",
       }},
      {15,
       {
           // Runs of a job: open from its start until a report finishes
           // them; finished ones keep their duration for the figures.
           "CREATE TABLE runs ("
           " id TEXT PRIMARY KEY, organization_id TEXT NOT NULL,"
           " application_id TEXT NOT NULL, run_id TEXT,"
           " started_at BIGINT NOT NULL, finished_at BIGINT,"
           " duration_ms BIGINT, failed BIGINT, exit_code BIGINT,"
           " overdue BIGINT NOT NULL DEFAULT 0)",
           "CREATE INDEX runs_open ON runs(application_id, started_at)"
           " WHERE finished_at IS NULL",
           "CREATE INDEX runs_finished ON runs(application_id, finished_at)"
           " WHERE finished_at IS NOT NULL",
           "CREATE INDEX runs_by_finish ON runs(finished_at)"
           " WHERE finished_at IS NOT NULL",
           // How long a run may take before it opens run_too_long; null:
           // no limit.
           "ALTER TABLE applications ADD COLUMN max_runtime_seconds BIGINT",
           // The duration of the run a report finished.
           "ALTER TABLE events ADD COLUMN duration_ms BIGINT",
       }},
      {16,
       {
           // Maintenance windows and the applications and products they
           // name; whether the channels were told of their start and end.
           "CREATE TABLE maintenance_windows ("
           " id TEXT PRIMARY KEY,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " reason TEXT NOT NULL, starts_at BIGINT NOT NULL,"
           " ends_at BIGINT NOT NULL, created_by TEXT NOT NULL,"
           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
           " started_told BIGINT NOT NULL DEFAULT 0,"
           " ended_told BIGINT NOT NULL DEFAULT 0)",
           "CREATE INDEX maintenance_windows_by_start ON"
           " maintenance_windows(organization_id, starts_at, id)",
           "CREATE INDEX maintenance_windows_to_start ON"
           " maintenance_windows(starts_at) WHERE started_told = 0",
           "CREATE INDEX maintenance_windows_to_end ON"
           " maintenance_windows(ends_at) WHERE ended_told = 0",
           "CREATE TABLE maintenance_applications ("
           " window_id TEXT NOT NULL REFERENCES maintenance_windows(id) ON "
           "DELETE CASCADE,"
           " application_id TEXT NOT NULL REFERENCES applications(id) ON "
           "DELETE CASCADE,"
           " PRIMARY KEY (window_id, application_id))",
           "CREATE INDEX maintenance_applications_by_application ON"
           " maintenance_applications(application_id)",
           "CREATE TABLE maintenance_products ("
           " window_id TEXT NOT NULL REFERENCES maintenance_windows(id) ON "
           "DELETE CASCADE,"
           " product_id TEXT NOT NULL REFERENCES products(id) ON "
           "DELETE CASCADE,"
           " PRIMARY KEY (window_id, product_id))",
           "CREATE INDEX maintenance_products_by_product ON"
           " maintenance_products(product_id)",
           // An application's service level objective.
           "ALTER TABLE applications ADD COLUMN slo_objective_percent"
           " DOUBLE PRECISION",
           "ALTER TABLE applications ADD COLUMN slo_window_days BIGINT",
           "ALTER TABLE applications ADD COLUMN slo_indicator TEXT",
       }},
      {17,
       {
           // The public status page's settings, the products it lists and
           // the organization's badge key (its keyed hash only).
           "CREATE TABLE status_pages ("
           " organization_id TEXT PRIMARY KEY REFERENCES organizations(id)"
           " ON DELETE CASCADE,"
           " enabled BIGINT NOT NULL, title TEXT NOT NULL, description TEXT,"
           " badge_key_hash TEXT UNIQUE, badge_key_hint TEXT,"
           " badge_key_created_at BIGINT, updated_by TEXT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE TABLE status_page_products ("
           " organization_id TEXT NOT NULL REFERENCES"
           " status_pages(organization_id) ON DELETE CASCADE,"
           " product_id TEXT NOT NULL REFERENCES products(id) ON DELETE"
           " CASCADE,"
           " position BIGINT NOT NULL,"
           " PRIMARY KEY (organization_id, product_id))",
           "CREATE INDEX status_page_products_by_product ON"
           " status_page_products(product_id)",
           // What admins publish about an incident on the status page.
           "CREATE TABLE incident_publications ("
           " incident_id TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE"
           " CASCADE,"
           " organization_id TEXT NOT NULL, public_note TEXT,"
           " publish_cause BIGINT NOT NULL, updated_by TEXT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
       }},
      {18,
       {
           // The burn-rate rules of an application's SLO that hold, since
           // when (domain/burn_alerts.h).
           "CREATE TABLE slo_burn_alerts ("
           " application_id TEXT NOT NULL REFERENCES applications(id) ON "
           "DELETE CASCADE,"
           " organization_id TEXT NOT NULL REFERENCES organizations(id) ON "
           "DELETE CASCADE,"
           " rule TEXT NOT NULL, since BIGINT NOT NULL,"
           " PRIMARY KEY (application_id, rule))",
           "CREATE INDEX slo_burn_alerts_by_organization ON"
           " slo_burn_alerts(organization_id)",
       }},
      {19,
       {
           // The ring of each application's newest hits is a table of its
           // own, keyed by slot, so that the events table holds only rows
           // that are never overwritten (PostgreSQL partitions it by time).
           // Its ids come from the events' sequence: one id names one event
           // in either table.
           "CREATE TABLE hit_ring ("
           " application_id TEXT NOT NULL, slot BIGINT NOT NULL,"
           " id INTEGER, organization_id TEXT NOT NULL,"
           " failure BIGINT NOT NULL, at BIGINT NOT NULL,"
           " received_at BIGINT NOT NULL, latency_ms DOUBLE PRECISION,"
           " message TEXT, exit_code BIGINT, output TEXT,"
           " output_truncated BIGINT NOT NULL DEFAULT 0, duration_ms BIGINT,"
           " PRIMARY KEY (application_id, slot))",
           // A hit that takes a new slot takes the next id of events'
           // AUTOINCREMENT; one copied with its id keeps events' ids past it.
           "CREATE TRIGGER hit_ring_ids AFTER INSERT ON hit_ring BEGIN"
           " INSERT INTO sqlite_sequence (name, seq) SELECT 'events',"
           " (SELECT coalesce(max(id), 0) FROM events) WHERE NOT EXISTS"
           " (SELECT 1 FROM sqlite_sequence WHERE name = 'events');"
           " UPDATE sqlite_sequence SET seq = CASE WHEN NEW.id IS NULL"
           " THEN seq + 1 ELSE max(seq, NEW.id) END WHERE name = 'events';"
           " UPDATE hit_ring SET id = (SELECT seq FROM sqlite_sequence"
           " WHERE name = 'events') WHERE NEW.id IS NULL AND"
           " application_id = NEW.application_id AND slot = NEW.slot;"
           " END",
           "INSERT INTO hit_ring (application_id, slot, id, organization_id,"
           " failure, at, received_at, latency_ms, message, exit_code,"
           " output, output_truncated, duration_ms)"
           " SELECT application_id, ring_slot, id, organization_id, failure,"
           " at, received_at, latency_ms, message, exit_code, output,"
           " output_truncated, duration_ms FROM events"
           " WHERE ring_slot IS NOT NULL",
           "DELETE FROM events WHERE ring_slot IS NOT NULL",
           "DROP INDEX events_hit_ring",
           "DROP INDEX events_unslotted_hits",
           "ALTER TABLE events DROP COLUMN ring_slot",
           // What is left of hits in events was kept before the ring
           // existed: only they are ever trimmed.
           "CREATE INDEX events_unslotted_hits ON events(application_id, at)"
           " WHERE failure = 0",
       }},
      {20,
       {
           // PostgreSQL partitions events by day here; SQLite's table
           // stays as it is.
       }},
      {21,
       {
           // PostgreSQL leaves room for updates in place here; SQLite
           // updates its pages in place anyway.
       }},
      {22,
       {
           // An application's oldest open alert, read by every group
           // commit's lock read, found without walking its resolved
           // incidents (incidents_by_application would, in time order).
           "CREATE INDEX incidents_open_alerts_by_time ON"
           " incidents(application_id, opened_at, id) WHERE alert_key IS"
           " NOT NULL AND status <> 'resolved'",
       }},
      {23,
       {
           // Each application's ring has a number (given when the
           // application is made), and each slot a key of its own, the
           // ring's number times 1024 plus the slot: the row's rowid, so
           // that the overwrite of a slot finds its row in one b-tree
           // instead of an index and then the table.
           "CREATE TABLE hit_rings_numbered ("
           " ring INTEGER PRIMARY KEY, application_id TEXT NOT NULL UNIQUE,"
           " next_slot BIGINT NOT NULL)",
           "INSERT INTO hit_rings_numbered (application_id, next_slot)"
           " SELECT application_id, next_slot FROM hit_rings"
           " ORDER BY application_id",
           // A ring without its row goes on after its newest hit.
           "INSERT INTO hit_rings_numbered (application_id, next_slot)"
           " SELECT h.application_id, (SELECT (n.slot + 1) % 1000 FROM"
           " hit_ring n WHERE n.application_id = h.application_id"
           " ORDER BY n.at DESC, n.id DESC LIMIT 1) FROM hit_ring h"
           " WHERE h.application_id NOT IN"
           " (SELECT application_id FROM hit_rings_numbered)"
           " GROUP BY h.application_id ORDER BY h.application_id",
           "INSERT INTO hit_rings_numbered (application_id, next_slot)"
           " SELECT id, 0 FROM applications WHERE id NOT IN"
           " (SELECT application_id FROM hit_rings_numbered) ORDER BY id",
           "DROP TABLE hit_rings",
           "ALTER TABLE hit_rings_numbered RENAME TO hit_rings",
           "CREATE TABLE hit_ring_keyed ("
           " slot_id INTEGER PRIMARY KEY,"
           " application_id TEXT NOT NULL, slot BIGINT NOT NULL,"
           " id INTEGER, organization_id TEXT NOT NULL,"
           " failure BIGINT NOT NULL, at BIGINT NOT NULL,"
           " received_at BIGINT NOT NULL, latency_ms DOUBLE PRECISION,"
           " message TEXT, exit_code BIGINT, output TEXT,"
           " output_truncated BIGINT NOT NULL DEFAULT 0, duration_ms BIGINT)",
           "INSERT INTO hit_ring_keyed (slot_id, application_id, slot, id,"
           " organization_id, failure, at, received_at, latency_ms, message,"
           " exit_code, output, output_truncated, duration_ms)"
           " SELECT r.ring * 1024 + h.slot, h.application_id, h.slot, h.id,"
           " h.organization_id, h.failure, h.at, h.received_at, h.latency_ms,"
           " h.message, h.exit_code, h.output, h.output_truncated,"
           " h.duration_ms FROM hit_ring h"
           " JOIN hit_rings r ON r.application_id = h.application_id",
           // The table goes, and its trigger with it: a trigger on the
           // ring would cost every overwrite of a slot.
           "DROP TABLE hit_ring",
           "ALTER TABLE hit_ring_keyed RENAME TO hit_ring",
           "CREATE UNIQUE INDEX hit_ring_slots ON hit_ring(application_id,"
           " slot)",
           // A slot filled for the first time is written through this view,
           // which gives its hit the next id of events' AUTOINCREMENT (as
           // PostgreSQL's view takes the column's default).
           "CREATE VIEW new_hits AS SELECT slot_id, application_id, slot,"
           " organization_id, failure, at, received_at, latency_ms, message,"
           " exit_code, output, output_truncated, duration_ms FROM hit_ring",
           "CREATE TRIGGER new_hits_ids INSTEAD OF INSERT ON new_hits BEGIN"
           " INSERT INTO sqlite_sequence (name, seq) SELECT 'events',"
           " (SELECT coalesce(max(id), 0) FROM events) WHERE NOT EXISTS"
           " (SELECT 1 FROM sqlite_sequence WHERE name = 'events');"
           " UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'events';"
           " INSERT INTO hit_ring (slot_id, application_id, slot, id,"
           " organization_id, failure, at, received_at, latency_ms, message,"
           " exit_code, output, output_truncated, duration_ms) VALUES"
           " (NEW.slot_id, NEW.application_id, NEW.slot,"
           " (SELECT seq FROM sqlite_sequence WHERE name = 'events'),"
           " NEW.organization_id, NEW.failure, NEW.at, NEW.received_at,"
           " NEW.latency_ms, NEW.message, NEW.exit_code, NEW.output,"
           " coalesce(NEW.output_truncated, 0), NEW.duration_ms);"
           " END",
       }},
      {24,
       {
           // A slot holds only what its hit brought: its application, its
           // organization and its slot follow from its key (the ring's
           // number names the application in hit_rings), and a hit is no
           // failure. Each overwrite writes four values fewer.
           "DROP VIEW new_hits",
           // Nothing but hits ever took a slot; were one a failure, it
           // would move to events, with its id.
           "INSERT INTO events (id, organization_id, application_id,"
           " failure, at, received_at, latency_ms, message, exit_code,"
           " output, output_truncated, duration_ms)"
           " SELECT id, organization_id, application_id, failure, at,"
           " received_at, latency_ms, message, exit_code, output,"
           " output_truncated, duration_ms FROM hit_ring WHERE failure <> 0",
           "CREATE TABLE hit_ring_lean ("
           " slot_id INTEGER PRIMARY KEY, id INTEGER,"
           " at BIGINT NOT NULL, received_at BIGINT NOT NULL,"
           " latency_ms DOUBLE PRECISION, message TEXT, exit_code BIGINT,"
           " output TEXT, output_truncated BIGINT NOT NULL DEFAULT 0,"
           " duration_ms BIGINT)",
           "INSERT INTO hit_ring_lean (slot_id, id, at, received_at,"
           " latency_ms, message, exit_code, output, output_truncated,"
           " duration_ms) SELECT slot_id, id, at, received_at, latency_ms,"
           " message, exit_code, output, output_truncated, duration_ms"
           " FROM hit_ring WHERE failure = 0",
           "DROP TABLE hit_ring",
           "ALTER TABLE hit_ring_lean RENAME TO hit_ring",
           // The ring's hits as events: what readers read.
           "CREATE VIEW ring_hits AS SELECT h.slot_id, r.application_id,"
           " h.slot_id - r.ring * 1024 AS slot, h.id, a.organization_id,"
           " 0 AS failure, h.at, h.received_at, h.latency_ms, h.message,"
           " h.exit_code, h.output, h.output_truncated, h.duration_ms"
           " FROM hit_rings r JOIN applications a ON a.id = r.application_id"
           " JOIN hit_ring h ON h.slot_id >= r.ring * 1024"
           " AND h.slot_id < r.ring * 1024 + 1024",
           "CREATE VIEW new_hits AS SELECT slot_id, at, received_at,"
           " latency_ms, message, exit_code, output, output_truncated,"
           " duration_ms FROM hit_ring",
           "CREATE TRIGGER new_hits_ids INSTEAD OF INSERT ON new_hits BEGIN"
           " INSERT INTO sqlite_sequence (name, seq) SELECT 'events',"
           " (SELECT coalesce(max(id), 0) FROM events) WHERE NOT EXISTS"
           " (SELECT 1 FROM sqlite_sequence WHERE name = 'events');"
           " UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'events';"
           " INSERT INTO hit_ring (slot_id, id, at, received_at, latency_ms,"
           " message, exit_code, output, output_truncated, duration_ms)"
           " VALUES (NEW.slot_id,"
           " (SELECT seq FROM sqlite_sequence WHERE name = 'events'),"
           " NEW.at, NEW.received_at, NEW.latency_ms, NEW.message,"
           " NEW.exit_code, NEW.output, coalesce(NEW.output_truncated, 0),"
           " NEW.duration_ms);"
           " END",
       }},
  };
  return migrations;
}

}  // namespace hookwarden
