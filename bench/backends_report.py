#!/usr/bin/env python3
"""The summary of `bench/ingest --database postgresql`: SQLite, then
PostgreSQL with one node and with several nodes sharing the load (pg1, pg2,
pg4, ... as --nodes asked), in one run.

  backends_report.py --results FILE --phase NAME=STORED:SMOKE ... [--json FILE]
      [--waits FILE] [--fail-on-miss 0|1] [--setting KEY=VALUE ...]

FILE holds report.py's `record` lines, each with a "phase" (sqlite, pgN) and
a "node"; the lines of one wrk run against several nodes (same phase and
label) are summed. --waits: bench/ingest's samples of pg_stat_activity,
"PHASE|state|wait type|wait event" per server session and sample. Exits 1
when a phase stored a number of events other than it acknowledged, or, with
--fail-on-miss 1, when a goal is missed.
"""

import argparse
import collections
import json
import statistics
import sys

from report import write_json

# The goals of the PostgreSQL backend, against SQLite in the same run.
GOAL_SINGLE_RATIO = 0.6   # PostgreSQL one node, single events/s vs SQLite
GOAL_BATCH_RATIO = 0.5    # PostgreSQL one node, batch events/s vs SQLite


def phase_name(phase):
    if phase == "sqlite":
        return "SQLite, one node"
    nodes = int(phase[2:])
    return f"PostgreSQL, {nodes} node{'s' if nodes > 1 else ''}"


def phase_order(phase):
    return -1 if phase == "sqlite" else int(phase[2:])


def combined(runs):
    """One entry per (phase, label): the nodes' counts summed."""
    out = {}
    for r in runs:
        key = (r["phase"], r["label"])
        c = out.setdefault(key, {"phase": r["phase"], "label": r["label"], "target": r["target"],
                                 "n2xx": 0, "non2xx": 0, "accepted": 0, "unanswered": 0,
                                 "window_s": r["window_s"], "p99_ms": [], "nodes": 0,
                                 "connections": 0})
        for k in ("n2xx", "non2xx", "accepted", "unanswered", "connections"):
            c[k] += r[k]
        c["p99_ms"].append(r["latency_us"]["p99"] / 1000.0)
        c["nodes"] += 1
    return list(out.values())


def wait_class(state, wait_type, wait_event):
    """What a server session was doing in one sample."""
    if state == "idle":
        return "idle"
    if state.startswith("idle in transaction"):
        # Between statements of a transaction: the round trip, or the node
        # computing.
        return "node"
    if wait_type == "Lock":
        return "lock:" + wait_event
    if wait_type in ("", "LWLock", "IO", "IPC") or wait_event.startswith("WAL"):
        return "server"
    if wait_type == "Client":
        return "node"
    return "server"


def waits_by_phase(path):
    """{phase: Counter of classes} over all samples of its sessions."""
    out = collections.defaultdict(collections.Counter)
    if not path:
        return out
    try:
        with open(path) as f:
            for line in f:
                fields = line.rstrip("\n").split("|")
                if len(fields) != 4:
                    continue
                phase, state, wait_type, wait_event = fields
                out[phase][wait_class(state, wait_type, wait_event)] += 1
    except FileNotFoundError:
        pass
    return out


def main():
    p = argparse.ArgumentParser(prog="backends_report.py")
    p.add_argument("--results", required=True)
    p.add_argument("--phase", action="append", default=[])
    p.add_argument("--json", default="")
    p.add_argument("--waits", default="")
    p.add_argument("--fail-on-miss", default="0")
    p.add_argument("--setting", action="append", default=[])
    a = p.parse_args()

    with open(a.results) as f:
        runs = combined(json.loads(line) for line in f if line.strip())
    checks = {}
    for item in a.phase:
        name, counts = item.split("=", 1)
        stored, smoke = counts.split(":")
        checks[name] = (int(stored) if stored else None, int(smoke))
    settings = dict(s.split("=", 1) for s in a.setting)
    waits = waits_by_phase(a.waits)

    lines = ["", "hookwarden ingestion benchmark: SQLite and PostgreSQL"]
    lines += [f"  {k}: {v}" for k, v in settings.items()]
    lines += ["", f"{'phase':<24}{'single events/s':>17}{'vs SQLite':>11}"
                  f"{'batched events/s':>18}{'vs SQLite':>11}{'p99 ms (single)':>17}"
                  f"{'non-2xx':>9}  stored == acknowledged"]
    out = {"settings": settings, "phases": [], "goals": []}
    base = {}
    by_phase = {}
    status = 0
    phases = sorted({r["phase"] for r in runs} | set(checks), key=phase_order)
    for phase in phases:
        single = [r for r in runs if r["phase"] == phase and r["target"] == "hookwarden"]
        batch = [r for r in runs if r["phase"] == phase and r["target"] == "hookwarden-batch"]
        if not single and not batch:
            continue
        single_eps = statistics.median(r["accepted"] / r["window_s"] for r in single) if single else None
        batch_eps = (sum(r["accepted"] for r in batch) / batch[0]["window_s"]) if batch else None
        p99 = statistics.median(max(r["p99_ms"]) for r in single) if single else None
        if phase == "sqlite":
            base = {"single": single_eps, "batch": batch_eps}

        def ratio(value, key):
            return value / base[key] if value is not None and base.get(key) else None

        acked = checks.get(phase, (None, 0))[1] + sum(r["accepted"] for r in single + batch)
        stored = checks.get(phase, (None, 0))[0]
        ok = stored == acked
        if not ok:
            status = 1
        non2xx = sum(r["non2xx"] for r in single + batch)
        entry = {"phase": phase, "nodes": single[0]["nodes"] if single else batch[0]["nodes"],
                 "single_events_per_s": round(single_eps, 1) if single_eps is not None else None,
                 "single_ratio_to_sqlite": ratio(single_eps, "single"),
                 "single_per_run": [round(r["accepted"] / r["window_s"], 1) for r in single],
                 "batch_events_per_s": round(batch_eps, 1) if batch_eps is not None else None,
                 "batch_ratio_to_sqlite": ratio(batch_eps, "batch"),
                 "single_p99_ms_median": p99, "non2xx": non2xx,
                 "stored": stored, "acknowledged": acked, "ok": ok}
        if phase in waits:
            # Idle sessions (the pool's spare connections) are left out: the
            # shares are of the samples of sessions inside a transaction.
            busy = {k: v for k, v in waits[phase].items() if k != "idle"}
            total = sum(busy.values())
            entry["server_sessions"] = {k: round(v / total, 4) for k, v in
                                        sorted(busy.items())} if total else {}
            entry["server_session_samples"] = total
        out["phases"].append(entry)
        by_phase[phase] = entry

        def fmt(value, pattern):
            return format(value, pattern) if value is not None else "-"

        lines.append(
            f"{phase_name(phase):<24}{fmt(single_eps, ',.0f'):>17}"
            f"{fmt(entry['single_ratio_to_sqlite'], '.2f'):>11}{fmt(batch_eps, ',.0f'):>18}"
            f"{fmt(entry['batch_ratio_to_sqlite'], '.2f'):>11}{fmt(p99, '.2f'):>17}{non2xx:>9,}"
            f"  {fmt(stored, ',')} / {acked:,} {'OK' if ok else 'MISMATCH'}")
    lines += ["  (single: median of the runs; with several nodes, their wrk processes summed;",
              "   p99: the slowest node's; stored: SUM(hits + failures) of minute_aggregates)"]

    shown = [e for e in out["phases"] if e.get("server_sessions")]
    if shown:
        lines += ["", "where hookwarden's PostgreSQL sessions spent their transactions (share of"
                      " pg_stat_activity samples, every 100 ms)"]
        for e in shown:
            shares = e["server_sessions"]
            locks = sum(v for k, v in shares.items() if k.startswith("lock:"))
            lock_detail = ", ".join(f"{k[5:]} {v:.0%}" for k, v in shares.items()
                                    if k.startswith("lock:"))
            lines.append(f"  {phase_name(e['phase']):<24} waiting for a lock {locks:>4.0%}"
                         f"{' (' + lock_detail + ')' if lock_detail else ''},"
                         f" running {shares.get('server', 0):.0%},"
                         f" waiting for the node {shares.get('node', 0):.0%}"
                         f" ({e['server_session_samples']:,} samples)")
        lines += ["  (lock: a statement waits for a lock, e.g. advisory: the per-application",
                  "   lock; running: executing or writing WAL; waiting for the node: between",
                  "   the statements of a transaction, for the node's work and the network)"]

    # The goals: (id, goal, target, measured text, value, pass).
    goals = []
    pg1, sqlite = by_phase.get("pg1"), by_phase.get("sqlite")
    if pg1 and sqlite:
        r = pg1["single_ratio_to_sqlite"]
        goals.append(("pg1_single_ratio", "PostgreSQL one node, single events/s vs SQLite",
                      f">= {GOAL_SINGLE_RATIO}", "-" if r is None else f"{r:.2f}",
                      None if r is None else round(r, 4),
                      r is not None and r >= GOAL_SINGLE_RATIO))
        r = pg1["batch_ratio_to_sqlite"]
        goals.append(("pg1_batch_ratio", "PostgreSQL one node, batch events/s vs SQLite",
                      f">= {GOAL_BATCH_RATIO}", "-" if r is None else f"{r:.2f}",
                      None if r is None else round(r, 4),
                      r is not None and r >= GOAL_BATCH_RATIO))
    pg2 = by_phase.get("pg2")
    if pg1 and pg2 and pg1["batch_events_per_s"] and pg2["batch_events_per_s"] is not None:
        r = pg2["batch_events_per_s"] / pg1["batch_events_per_s"]
        goals.append(("pg2_batch_faster", "PostgreSQL two nodes, batch events/s vs one node",
                      "> 1", f"{r:.2f}", round(r, 4), r > 1))
    if out["phases"]:
        bad = [e["phase"] for e in out["phases"] if not e["ok"]]
        goals.append(("stored_equals_acknowledged", "events stored == acknowledged, every phase",
                      "exact", "all phases" if not bad else "not in " + ", ".join(bad),
                      not bad, not bad))
    lines += ["", "goals", f"  {'goal':<52}{'target':>10}{'measured':>14}  result"]
    for key, name, target, text, value, ok in goals:
        lines.append(f"  {name:<52}{target:>10}{text:>14}  {'PASS' if ok else 'MISS'}")
        out["goals"].append({"id": key, "goal": name, "target": target, "measured": text,
                             "value": value, "pass": bool(ok)})
    out["goals_met"] = all(g["pass"] for g in out["goals"])
    if a.fail_on_miss == "1" and not out["goals_met"]:
        status = 1
    lines.append("")
    print("\n".join(lines))
    write_json(a.json, out)
    return status


if __name__ == "__main__":
    sys.exit(main())
