#!/usr/bin/env python3
"""Bookkeeping for bench/ingest.

  report.py record LABEL TARGET RUN THREADS CONNECTIONS CPU_BEFORE CPU_AFTER WAITED RESULT
                   [CLIENT_CPU]
      Adds the run's context to wrk's BENCH_RESULT (RESULT, JSON), prints it as
      one JSON line on stdout and a progress line on stderr. CLIENT_CPU: wrk's
      own CPU seconds in the run.
  report.py summary --results FILE [--stored N] ...
      Prints the final table, the profiles' top symbols (--profile NAME=FILE)
      and the goals, writes the JSON summary (--json FILE), and exits 0, or 1
      when the stored events differ from the acknowledged ones (or, with
      --fail-on-miss 1, when a goal is missed).

Targets of the runs: nginx and hookwarden (single events, in pairs),
hookwarden-batch, and with --profile hookwarden+perf and
hookwarden-batch+perf (perf attached: shown and counted as acknowledged, but
not in the goals).
"""

import argparse
import json
import os
import statistics
import sys

# The goals of the data plane (issue 12), each judged in one run on one machine.
GOAL_CPU_RATIO = 2.0        # hookwarden CPU per acknowledged single event / nginx CPU per
                            # answered request, median of the pairs: at most
GOAL_RATIO = 0.75           # requests/s hookwarden/nginx, single events, median of the pairs
GOAL_P99_MS = 5.0           # hookwarden's p99 in the single-event runs (median of the runs)
GOAL_BATCH_EPS = 1_000_000  # accepted events per second in batches of 1,000
PROFILE_SHOWN = 15          # symbols of each profile printed in the summary


def rate(run):
    """2xx answers per second of the sending window."""
    return run["n2xx"] / run["window_s"]


def p99_ms(run):
    return run["latency_us"]["p99"] / 1000.0


def cpu_us_per_request(run):
    """Server CPU time (user + system) per answered request, in µs."""
    answered = run["n2xx"] + run["non2xx"]
    return run["server_cpu_s"] * 1e6 / answered if answered else None


def cpu_us_per_event(run):
    """Server CPU time per acknowledged event (2xx single events, or the
    `accepted` items of 2xx batches), in µs."""
    return run["server_cpu_s"] * 1e6 / run["accepted"] if run["accepted"] else None


def client_cpu_us_per_request(run):
    """The client's (wrk's) CPU time per answered request, in µs."""
    answered = run["n2xx"] + run["non2xx"]
    client = run.get("client_cpu_s")
    return client * 1e6 / answered if client is not None and answered else None


def us(value):
    return "-" if value is None else f"{value:.1f}"


def record(args):
    (label, target, run, threads, connections, before, after, waited, result) = args[:9]
    client = float(args[9]) if len(args) > 9 and args[9] else None
    r = json.loads(result)
    # bench/ingest --database postgresql: which backend and node (see
    # backends_report.py).
    r.update(phase=os.environ.get("BENCH_PHASE", "sqlite"),
             node=int(os.environ.get("BENCH_NODE", "1")))
    r.update(label=label, target=target, run=int(run), threads=int(threads),
             connections=int(connections),
             server_cpu_s=round(float(after) - float(before), 3),
             client_cpu_s=client,
             waited_for_quiet_s=float(waited))
    print(json.dumps(r))
    line = (f"== {label:<13} {rate(r):>11,.0f} 2xx/s  p99 {p99_ms(r):6.2f} ms"
            f"  2xx {r['n2xx']:,}  non-2xx {r['non2xx']:,}  unanswered {r['unanswered']}")
    if target == "hookwarden-batch":
        line += f"  = {r['accepted'] / r['window_s']:,.0f} events/s"
    line += f"  server CPU {r['server_cpu_s'] / r['window_s'] * 100:.0f}%"
    if target == "nginx":
        line += f" = {us(cpu_us_per_request(r))} µs/request"
    else:
        line += f" = {us(cpu_us_per_event(r))} µs/event"
    if client is not None:
        line += f"  client CPU {us(client_cpu_us_per_request(r))} µs/request"
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
    p.add_argument("--profile-event", default="")
    p.add_argument("--profile", action="append", default=[])
    p.add_argument("--setting", action="append", default=[])
    a = p.parse_args(argv)

    with open(a.results) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    nginx = [r for r in runs if r["target"] == "nginx"]
    hw = [r for r in runs if r["target"] == "hookwarden"]
    batch = [r for r in runs if r["target"] == "hookwarden-batch"]
    settings = dict(s.split("=", 1) for s in a.setting)

    out = {"settings": settings, "runs": [], "single": {}, "batch": None,
           "check": None, "profile": None, "goals": [], "goals_met": None}
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
            "server_cpu_s": r["server_cpu_s"],
            "server_cpu_percent": round(r["server_cpu_s"] / r["window_s"] * 100, 1),
            "cpu_us_per_request": rounded(cpu_us_per_request(r)),
            "cpu_us_per_acknowledged_event":
                None if r["target"] == "nginx" else rounded(cpu_us_per_event(r)),
            "client_cpu_s": r.get("client_cpu_s"),
            "client_cpu_us_per_request": rounded(client_cpu_us_per_request(r)),
        })

    lines = []
    w = lines.append
    w("")
    w("hookwarden ingestion benchmark")
    for k, v in settings.items():
        w(f"  {k}: {v}")
    w("")
    w(f"{'run':<15}{'target':<23}{'requests/s':>11}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}"
      f"{'non-2xx':>8}{'server CPU':>11}{'µs/request':>11}{'µs/event':>9}")
    for r in out["runs"]:
        w(f"{r['label']:<15}{r['target']:<23}{r['requests_per_s']:>11,.0f}{r['p50_ms']:>8.2f}"
          f"{r['p99_ms']:>8.2f}{r['max_ms']:>8.1f}{r['non2xx']:>8,}{r['server_cpu_percent']:>10.0f}%"
          f"{us(r['cpu_us_per_request']):>11}{us(r['cpu_us_per_acknowledged_event']):>9}")
    w("  requests/s: 2xx answers per second of sending. server CPU: user + system time of the")
    w("  server's processes during the run, 100% = one core; per answered request (µs/request)")
    w("  and per acknowledged event (µs/event).")
    if any(r["target"].endswith("+perf") for r in runs):
        w("  +perf: perf record attached (its sampling costs the server time): not in the goals.")
    w("")

    ratio = p99_median = cpu_ratio = None
    if nginx:
        out["single"].update(
            nginx_median_requests_per_s=round(statistics.median(map(rate, nginx)), 1),
            nginx_median_cpu_us_per_request=rounded(median_of(map(cpu_us_per_request, nginx))))
    if hw:
        pairs = list(zip(nginx, hw))
        ratios = [rate(h) / rate(n) for n, h in pairs]
        cpu_ratios = [cpu_us_per_event(h) / cpu_us_per_request(n) for n, h in pairs
                      if cpu_us_per_event(h) and cpu_us_per_request(n)]
        ratio = statistics.median(ratios)
        cpu_ratio = statistics.median(cpu_ratios) if cpu_ratios else None
        p99_median = statistics.median(map(p99_ms, hw))
        nginx_p99 = statistics.median(map(p99_ms, nginx))
        hw_cpu = median_of(map(cpu_us_per_event, hw))
        out["single"].update(
            hookwarden_median_requests_per_s=round(statistics.median(map(rate, hw)), 1),
            ratios=[round(x, 4) for x in ratios], median_ratio=round(ratio, 4),
            hookwarden_median_cpu_us_per_event=rounded(hw_cpu),
            cpu_ratios=[round(x, 4) for x in cpu_ratios], median_cpu_ratio=rounded(cpu_ratio, 4),
            nginx_median_p99_ms=nginx_p99,
            hookwarden_p99_ms=[p99_ms(h) for h in hw], hookwarden_median_p99_ms=p99_median)
        single = out["single"]
        w(f"{'single events, side by side':<38}{'nginx':>12}{'hookwarden':>14}"
          f"{'hookwarden/nginx':>20}")
        w(f"  {'requests/s (median)':<36}{single['nginx_median_requests_per_s']:>12,.0f}"
          f"{single['hookwarden_median_requests_per_s']:>14,.0f}{ratio:>20.3f}")
        w(f"  {'server CPU µs per request (median)':<36}{us(single['nginx_median_cpu_us_per_request']):>12}"
          f"{us(hw_cpu):>14}{'-' if cpu_ratio is None else f'{cpu_ratio:.2f}':>20}")
        w(f"  {'p99 ms (median)':<36}{nginx_p99:>12.2f}{p99_median:>14.2f}")
        w("  (hookwarden's CPU is per acknowledged event, nginx's per answered request;")
        w("   the ratios are the medians of the ratios of each adjacent pair of runs)")
        w(f"  requests/s ratio per pair: " + ", ".join(f"{x:.3f}" for x in ratios))
        w(f"  CPU per event ratio per pair: " + ", ".join(f"{x:.2f}" for x in cpu_ratios))
        w(f"  hookwarden p99 per run: " + ", ".join(f"{p99_ms(h):.2f}" for h in hw) + " ms")
        bound_lines(out["single"], nginx, hw, w)
    elif nginx:
        w(f"nginx median: {out['single']['nginx_median_requests_per_s']:,.0f} requests/s,"
          f" {us(out['single']['nginx_median_cpu_us_per_request'])} µs server CPU per request")

    eps = None
    if batch:
        b = batch[0]
        items = b["accepted"]
        eps = items / b["window_s"]
        out["batch"] = {"events_per_s": round(eps, 1), "requests_per_s": round(rate(b), 1),
                        "accepted_events": items, "n2xx": b["n2xx"], "non2xx": b["non2xx"],
                        "cpu_us_per_acknowledged_event": rounded(cpu_us_per_event(b)),
                        "server_cpu_percent": round(b["server_cpu_s"] / b["window_s"] * 100, 1),
                        "p99_ms": p99_ms(b), "wrk": f"-t{b['threads']} -c{b['connections']}"}
        w("")
        w(f"batches ({out['batch']['wrk']}): {eps:,.0f} events/s accepted"
          f" ({b['n2xx']:,} 2xx answers, {items:,} events, p99 {p99_ms(b):.2f} ms),"
          f" server CPU {us(cpu_us_per_event(b))} µs per acknowledged event")
        if b["n2xx"] and items % b["n2xx"] != 0:
            w("  note: not every item of every batch was accepted (see the answers' 'rejected')")

    status = 0
    check_ok = None
    hw_runs = [r for r in runs if r["target"] != "nginx"]
    if hw_runs:
        single_acked = sum(r["accepted"] for r in hw_runs if "batch" not in r["target"])
        batch_acked = sum(r["accepted"] for r in hw_runs if "batch" in r["target"])
        acked = a.smoke_events + single_acked + batch_acked
        unanswered = sum(r["unanswered"] for r in hw_runs)
        stored = int(a.stored) if a.stored else None
        check_ok = stored == acked
        out["check"] = {"stored": stored, "acknowledged": acked,
                        "acknowledged_single": single_acked, "acknowledged_batch": batch_acked,
                        "acknowledged_smoke_test": a.smoke_events, "unanswered_requests": unanswered,
                        "hookwarden_exit_status": a.hookwarden_exit, "ok": check_ok}
        w("")
        stored_text = f"{stored:,}" if stored is not None else "?"
        w(f"stored vs acknowledged: {stored_text} events in minute_aggregates;"
          f" {acked:,} acknowledged (single 2xx {single_acked:,} + batch {batch_acked:,}"
          f" + smoke test {a.smoke_events})  -> {'OK' if check_ok else 'MISMATCH'}")
        if unanswered:
            w(f"  note: {unanswered} requests were still unanswered when wrk stopped;"
              " the server may have stored them")
        if a.hookwarden_exit not in ("", "0"):
            w(f"  note: hookwarden exited with status {a.hookwarden_exit} after SIGTERM")
        if not check_ok:
            status = 1

    if a.profile:
        out["profile"] = {"event": a.profile_event, "runs": {}}
        w("")
        w(f"profiles: perf record -g, event {a.profile_event}")
        for item in a.profile:
            name, path = item.split("=", 1)
            with open(path) as f:
                top = [line.rstrip() for line in f if line.strip() and not line.startswith("#")]
            threads = thread_shares(path)
            out["profile"]["runs"][name] = {"report": path, "top": top, "threads": threads}
            w(f"  {name}: top {PROFILE_SHOWN} symbols by own time (perf report --no-children;"
              f" {len(top)} in {path})")
            if threads:
                w("    by thread: " + ", ".join(f"{t} {share}" for t, share in threads.items()))
            for line in top[:PROFILE_SHOWN]:
                w(f"  {line}")

    # (goal, target, measured text, value, pass); "pass" None: not measured.
    goals = []
    if hw:
        goals.append(("cpu_ratio", "server CPU per acknowledged single event, hookwarden/nginx",
                      f"<= {GOAL_CPU_RATIO}",
                      "-" if cpu_ratio is None else f"{cpu_ratio:.2f}",
                      rounded(cpu_ratio, 4),
                      None if cpu_ratio is None else cpu_ratio <= GOAL_CPU_RATIO))
        goals.append(("requests_ratio", "single-event requests/s, hookwarden/nginx",
                      f">= {GOAL_RATIO}", f"{ratio:.3f}", round(ratio, 4), ratio >= GOAL_RATIO))
        goals.append(("p99_ms", "hookwarden p99, single events (median of runs)",
                      f"< {GOAL_P99_MS:g} ms", f"{p99_median:.2f} ms", p99_median,
                      p99_median < GOAL_P99_MS))
    if eps is not None:
        goals.append(("batch_events_per_s", "batch events/s (the batches of batch_wrk above)",
                      f">= {GOAL_BATCH_EPS:,}", f"{eps:,.0f}", round(eps, 1), eps >= GOAL_BATCH_EPS))
    if out["check"] is not None:
        c = out["check"]
        stored_text = "?" if c["stored"] is None else f"{c['stored']:,}"
        goals.append(("stored_equals_acknowledged", "events stored == events acknowledged",
                      "exact", f"{stored_text} / {c['acknowledged']:,}", c["stored"], check_ok))
    if goals:
        w("")
        w("goals")
        w(f"  {'goal':<58}{'target':>14}{'measured':>24}  result")
        for key, name, target, text, value, ok in goals:
            w(f"  {name:<58}{target:>14}{text:>24}  {'PASS' if ok else 'MISS'}")
            out["goals"].append({"id": key, "goal": name, "target": target, "measured": text,
                                 "value": value, "pass": bool(ok)})
        out["goals_met"] = all(g["pass"] for g in out["goals"])
        if a.fail_on_miss and not out["goals_met"]:
            status = 1
    w("")
    print("\n".join(lines))

    write_json(a.json, out)
    return status


def bound_lines(single, nginx, hw, w):
    """What the machine allows: the client (wrk) runs on the same cores as
    the server, so with C cores no server answers more than
    C / (server + client CPU per request) requests per second, however its
    work overlaps. Adds the bounds to `single` and prints them."""
    cores = len(os.sched_getaffinity(0))
    n_client = median_of(map(client_cpu_us_per_request, nginx))
    h_client = median_of(map(client_cpu_us_per_request, hw))
    n_server = median_of(map(cpu_us_per_request, nginx))
    h_server = median_of(map(cpu_us_per_request, hw))
    if None in (n_client, h_client, n_server, h_server):
        return
    h_bound = cores * 1e6 / (h_server + h_client)
    busy = [(r["server_cpu_s"] + r["client_cpu_s"]) / r["window_s"] / cores
            for r in hw if r.get("client_cpu_s") is not None]
    single.update(nginx_median_client_cpu_us_per_request=rounded(n_client),
                  hookwarden_median_client_cpu_us_per_request=rounded(h_client),
                  cores=cores, hookwarden_requests_per_s_bound=round(h_bound, 1),
                  hookwarden_bound_ratio=round(h_bound / single["nginx_median_requests_per_s"], 4))
    w(f"  {'client (wrk) CPU µs per request':<36}{us(n_client):>12}{us(h_client):>14}")
    w(f"  the client shares the {cores} cores: hookwarden cannot pass {cores} / (server + client CPU"
      f" per request) = {h_bound:,.0f} requests/s,")
    w(f"  {h_bound / single['nginx_median_requests_per_s']:.3f} of nginx's; its runs kept"
      f" {', '.join(f'{b:.0%}' for b in busy)} of the cores busy (server + client CPU over the window)")


def thread_shares(report_path):
    """The profile's time by thread name from NAME-threads.txt beside
    NAME.txt (bench/ingest's perf_report): {"hw-io": "60.8%", ...}."""
    path = report_path[:-len(".txt")] + "-threads.txt"
    if not os.path.exists(path):
        return {}
    shares = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 2 and not line.startswith("#") and fields[0].endswith("%"):
                shares[fields[1]] = fields[0]
    return shares


def rounded(value, digits=2):
    return None if value is None else round(value, digits)


def median_of(values):
    """The median of the values that are not None (None when there are none)."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


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
