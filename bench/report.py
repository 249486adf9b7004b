#!/usr/bin/env python3
"""Bookkeeping for bench/ingest.

  report.py record LABEL TARGET RUN THREADS CONNECTIONS CPU_BEFORE CPU_AFTER WAITED RESULT
      Adds the run's context to wrk's BENCH_RESULT (RESULT, JSON), prints it as
      one JSON line on stdout and a progress line on stderr.
  report.py summary --results FILE [--stored N] ...
      Prints the final table, writes the JSON summary (--json FILE), and exits
      0, or 1 when the stored events differ from the acknowledged ones (or, with
      --fail-on-miss 1, when a goal is missed).
"""

import argparse
import json
import os
import statistics
import sys

GOAL_RATIO = 0.5          # hookwarden/nginx, single events, median of the pairs
GOAL_P99_MS = 5.0         # hookwarden's p99 in the single-event runs (median of the runs)
GOAL_BATCH_EPS = 500_000  # accepted events per second in batches


def rate(run):
    """2xx answers per second of the sending window."""
    return run["n2xx"] / run["window_s"]


def p99_ms(run):
    return run["latency_us"]["p99"] / 1000.0


def record(args):
    (label, target, run, threads, connections, before, after, waited, result) = args
    r = json.loads(result)
    # bench/ingest --database postgresql: which backend and node (see
    # backends_report.py).
    r.update(phase=os.environ.get("BENCH_PHASE", "sqlite"),
             node=int(os.environ.get("BENCH_NODE", "1")))
    r.update(label=label, target=target, run=int(run), threads=int(threads),
             connections=int(connections),
             server_cpu_s=round(float(after) - float(before), 3),
             waited_for_quiet_s=float(waited))
    print(json.dumps(r))
    line = (f"== {label:<13} {rate(r):>11,.0f} 2xx/s  p99 {p99_ms(r):6.2f} ms"
            f"  2xx {r['n2xx']:,}  non-2xx {r['non2xx']:,}  unanswered {r['unanswered']}")
    if target == "hookwarden-batch":
        line += f"  = {r['accepted'] / r['window_s']:,.0f} events/s"
    line += f"  server CPU {r['server_cpu_s'] / r['window_s'] * 100:.0f}%"
    if r["waited_for_quiet_s"] >= 1:
        line += f"  (waited {r['waited_for_quiet_s']:.1f}s for hookwarden to go idle first)"
    print(line, file=sys.stderr)


def summary(argv):
    p = argparse.ArgumentParser(prog="report.py summary")
    p.add_argument("--results", required=True)
    p.add_argument("--stored", default="")
    p.add_argument("--smoke-events", type=int, default=0)
    p.add_argument("--hookwarden-exit", default="")
    p.add_argument("--json", default="")
    p.add_argument("--fail-on-miss", type=int, default=0)
    p.add_argument("--setting", action="append", default=[])
    a = p.parse_args(argv)

    with open(a.results) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    nginx = [r for r in runs if r["target"] == "nginx"]
    hw = [r for r in runs if r["target"] == "hookwarden"]
    batch = [r for r in runs if r["target"] == "hookwarden-batch"]
    settings = dict(s.split("=", 1) for s in a.setting)

    out = {"settings": settings, "runs": [], "single": {}, "batch": None,
           "check": None, "goals": []}
    for r in runs:
        out["runs"].append({
            "label": r["label"], "target": r["target"], "run": r["run"],
            "requests_per_s": round(rate(r), 1),
            "p50_ms": r["latency_us"]["p50"] / 1000.0, "p99_ms": p99_ms(r),
            "p999_ms": r["latency_us"]["p999"] / 1000.0, "max_ms": r["latency_us"]["max"] / 1000.0,
            "n2xx": r["n2xx"], "non2xx": r["non2xx"], "statuses": r["statuses"],
            "unanswered": r["unanswered"], "accepted_events": r["accepted"],
            "window_s": r["window_s"], "wrk": f"-t{r['threads']} -c{r['connections']}",
            "socket_errors": r["socket_errors"],
            "server_cpu_percent": round(r["server_cpu_s"] / r["window_s"] * 100, 1),
        })

    lines = []
    w = lines.append
    w("")
    w("hookwarden ingestion benchmark")
    for k, v in settings.items():
        w(f"  {k}: {v}")
    w("")
    w(f"{'run':<16}{'target':<18}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
      f"{'non-2xx':>9}{'server CPU':>12}")
    for r in out["runs"]:
        w(f"{r['label']:<16}{r['target']:<18}{r['requests_per_s']:>12,.0f}{r['p50_ms']:>9.2f}"
          f"{r['p99_ms']:>9.2f}{r['max_ms']:>9.1f}{r['non2xx']:>9,}{r['server_cpu_percent']:>11.0f}%")
    w("  (requests/s: 2xx answers per second of sending; server CPU: 100% = one core)")
    w("")

    ratio = p99_median = None
    if nginx:
        out["single"]["nginx_median_requests_per_s"] = round(statistics.median(map(rate, nginx)), 1)
    if hw:
        ratios = [rate(h) / rate(n) for n, h in zip(nginx, hw)]
        ratio = statistics.median(ratios)
        p99_median = statistics.median(map(p99_ms, hw))
        out["single"].update(
            hookwarden_median_requests_per_s=round(statistics.median(map(rate, hw)), 1),
            ratios=[round(x, 4) for x in ratios], median_ratio=round(ratio, 4),
            hookwarden_p99_ms=[p99_ms(h) for h in hw], hookwarden_median_p99_ms=p99_median)
        w(f"single events, ratio hookwarden/nginx per pair: "
          + ", ".join(f"{x:.3f}" for x in ratios) + f"  -> median {ratio:.3f}")
        w(f"single events, hookwarden p99 per run: "
          + ", ".join(f"{p99_ms(h):.2f}" for h in hw) + f" ms  -> median {p99_median:.2f} ms")
    elif nginx:
        w(f"nginx median: {out['single']['nginx_median_requests_per_s']:,.0f} requests/s")

    eps = None
    if batch:
        b = batch[0]
        items = b["accepted"]
        eps = items / b["window_s"]
        out["batch"] = {"events_per_s": round(eps, 1), "requests_per_s": round(rate(b), 1),
                        "accepted_events": items, "n2xx": b["n2xx"], "non2xx": b["non2xx"],
                        "p99_ms": p99_ms(b), "wrk": f"-t{b['threads']} -c{b['connections']}"}
        w(f"batches ({out['batch']['wrk']}): {eps:,.0f} events/s accepted"
          f" ({b['n2xx']:,} 2xx answers, {items:,} events, p99 {p99_ms(b):.2f} ms)")
        if b["n2xx"] and items % b["n2xx"] != 0:
            w("  note: not every item of every batch was accepted (see the answers' 'rejected')")

    status = 0
    if hw or batch:
        single_acked = sum(r["accepted"] for r in hw)
        batch_acked = sum(r["accepted"] for r in batch)
        acked = a.smoke_events + single_acked + batch_acked
        unanswered = sum(r["unanswered"] for r in hw + batch)
        stored = int(a.stored) if a.stored else None
        ok = stored == acked
        out["check"] = {"stored": stored, "acknowledged": acked,
                        "acknowledged_single": single_acked, "acknowledged_batch": batch_acked,
                        "acknowledged_smoke_test": a.smoke_events, "unanswered_requests": unanswered,
                        "hookwarden_exit_status": a.hookwarden_exit, "ok": ok}
        w("")
        stored_text = f"{stored:,}" if stored is not None else "?"
        w(f"stored vs acknowledged: {stored_text} events in minute_aggregates;"
          f" {acked:,} acknowledged (single 2xx {single_acked:,} + batch {batch_acked:,}"
          f" + smoke test {a.smoke_events})  -> {'OK' if ok else 'MISMATCH'}")
        if unanswered:
            w(f"  note: {unanswered} requests were still unanswered when wrk stopped;"
              " the server may have stored them")
        if a.hookwarden_exit not in ("", "0"):
            w(f"  note: hookwarden exited with status {a.hookwarden_exit} after SIGTERM")
        if not ok:
            status = 1

    goals = []
    if ratio is not None:
        goals.append(("single-event ratio hookwarden/nginx (median)", f">= {GOAL_RATIO}",
                      f"{ratio:.3f}", ratio >= GOAL_RATIO))
        goals.append(("hookwarden p99, single events (median of runs)", f"< {GOAL_P99_MS} ms",
                      f"{p99_median:.2f} ms", p99_median < GOAL_P99_MS))
    if eps is not None:
        goals.append(("batch events/s", f">= {GOAL_BATCH_EPS:,}", f"{eps:,.0f}", eps >= GOAL_BATCH_EPS))
    if goals:
        w("")
        w(f"{'goal':<50}{'target':>12}{'measured':>14}  result")
        for name, target, value, ok in goals:
            w(f"{name:<50}{target:>12}{value:>14}  {'PASS' if ok else 'MISS'}")
            out["goals"].append({"goal": name, "target": target, "measured": value, "pass": ok})
        if a.fail_on_miss and not all(g[3] for g in goals):
            status = 1
    w("")
    print("\n".join(lines))

    write_json(a.json, out)
    return status


def write_json(path, summary):
    """Writes `summary` to `path` (nothing when empty) and says so."""
    if path:
        with open(path, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
        print(f"summary written to {path}")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "record":
        record(sys.argv[2:])
        return 0
    if len(sys.argv) >= 2 and sys.argv[1] == "summary":
        return summary(sys.argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
