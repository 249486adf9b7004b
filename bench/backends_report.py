#!/usr/bin/env python3
"""The summary of `bench/ingest --database postgresql`: SQLite, PostgreSQL
with one node and PostgreSQL with two nodes sharing the load, in one run.

  backends_report.py --results FILE --phase NAME=STORED:SMOKE ... [--json FILE]
      [--setting KEY=VALUE ...]

FILE holds report.py's `record` lines, each with a "phase" (sqlite, pg1, pg2)
and a "node"; the lines of one wrk run against several nodes (same phase and
label) are summed. Exits 1 when a phase stored a number of events other
than it acknowledged.
"""

import argparse
import json
import statistics
import sys

from report import write_json

PHASE_NAMES = {"sqlite": "SQLite, one node", "pg1": "PostgreSQL, one node",
               "pg2": "PostgreSQL, two nodes"}


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


def main():
    p = argparse.ArgumentParser(prog="backends_report.py")
    p.add_argument("--results", required=True)
    p.add_argument("--phase", action="append", default=[])
    p.add_argument("--json", default="")
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

    lines = ["", "hookwarden ingestion benchmark: SQLite and PostgreSQL"]
    lines += [f"  {k}: {v}" for k, v in settings.items()]
    lines += ["", f"{'phase':<24}{'single events/s':>17}{'vs SQLite':>11}"
                  f"{'batched events/s':>18}{'vs SQLite':>11}{'p99 ms (single)':>17}"
                  f"{'non-2xx':>9}  stored == acknowledged"]
    out = {"settings": settings, "phases": []}
    base = {}
    status = 0
    for phase in ("sqlite", "pg1", "pg2"):
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
        out["phases"].append(entry)

        def fmt(value, pattern):
            return format(value, pattern) if value is not None else "-"

        lines.append(
            f"{PHASE_NAMES[phase]:<24}{fmt(single_eps, ',.0f'):>17}"
            f"{fmt(entry['single_ratio_to_sqlite'], '.2f'):>11}{fmt(batch_eps, ',.0f'):>18}"
            f"{fmt(entry['batch_ratio_to_sqlite'], '.2f'):>11}{fmt(p99, '.2f'):>17}{non2xx:>9,}"
            f"  {fmt(stored, ',')} / {acked:,} {'OK' if ok else 'MISMATCH'}")
    lines += ["  (single: median of the runs; with two nodes, both wrk processes summed;",
              "   p99: the slower node's; stored: SUM(hits + failures) of minute_aggregates)", ""]
    print("\n".join(lines))
    write_json(a.json, out)
    return status


if __name__ == "__main__":
    sys.exit(main())
