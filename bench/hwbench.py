"""What bench/overload and bench/soak share: a hookwarden server of their own
(a free port on 127.0.0.1, a fresh data directory, every other HOOKWARDEN_*
variable cleared), set up through its HTTP API as a user would, its memory
read from /proc while it runs, and the events it stored counted in its SQLite
file once it has stopped. Python's standard library only."""

import http.client
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(message):
    print(f"== {message}", file=sys.stderr, flush=True)


def die(message):
    log(message)
    sys.exit(2)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_open_files():
    """The soft limit of open files up to the hard one, for this process and
    the server it starts (thousands of clients need as many descriptors)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Server:
    """One `hookwarden serve` with `args` (and the variables of `env`), in a
    temporary directory that is removed at close() unless `keep`. It may be
    stopped and started again on the same data."""

    def __init__(self, binary, args=(), keep=False, env=None):
        self.binary = binary
        self.args = list(args)
        self.extra_env = dict(env or {})
        self.keep = keep
        self.dir = tempfile.mkdtemp(prefix="hookwarden-bench.")
        self.data = os.path.join(self.dir, "data")
        self.log_path = os.path.join(self.dir, "server.log")
        self.password = secrets.token_urlsafe(24)
        self.process = None
        self.port = 0
        self.api_key = ""
        self.api_token = ""
        self.app = ""

    def start(self):
        if not os.access(self.binary, os.X_OK):
            die(f"no hookwarden binary at {self.binary} (make build, or set HOOKWARDEN_BIN)")
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKWARDEN_")}
        env["HOOKWARDEN_ADMIN_PASSWORD"] = self.password
        env.update(self.extra_env)
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                [self.binary, "serve", "--listen", f"127.0.0.1:{self.port}",
                 "--data", self.data, *self.args],
                stdout=out, stderr=out, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/readyz")[0] == 200:
                    log(f"hookwarden on 127.0.0.1:{self.port}, pid {self.process.pid}, "
                        f"args {' '.join(self.args) or '(defaults)'}")
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        die(f"hookwarden did not become ready (see {self.log_path})")

    def request(self, method, path, body=None, headers=None, token=None, timeout=30):
        """(status, headers as a dict with lowercase names, body as bytes),
        on a connection of its own."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            head = dict(headers or {})
            if token:
                head["Authorization"] = f"Bearer {token}"
            if body is not None and not isinstance(body, (bytes, str)):
                body = json.dumps(body)
                head["Content-Type"] = "application/json"
            conn.request(method, path, body=body, headers=head)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def api(self, method, path, body=None, token=None, headers=None):
        status, _, answer = self.request(method, path, body, headers,
                                         token if token is not None else self.api_key)
        if status // 100 != 2:
            die(f"{method} {path} answered {status}: {answer[:300]!r}")
        return json.loads(answer) if answer else {}

    def setup(self, slug="bench-api"):
        """An API key, product "bench", a hits/failure credential, application
        `slug` reporting with it, and its API token (activated)."""
        status, head, answer = self.request(
            "POST", "/api/v1/session", {"username": "admin", "password": self.password})
        if status != 200:
            die(f"login answered {status}: {answer[:300]!r}")
        cookie = head["set-cookie"].split(";", 1)[0]
        csrf = json.loads(answer)["csrf_token"]
        self.api_key = self.api("POST", "/api/v1/api-keys", {"name": "bench"}, token="",
                                headers={"Cookie": cookie, "X-CSRF-Token": csrf})["key"]
        self.api("POST", "/api/v1/orgs/default/products", {"name": "Bench", "slug": "bench"})
        credential = self.api("POST", "/api/v1/orgs/default/integration-tokens",
                              {"type": "hits_failure", "name": "bench"})["token"]
        self.app = self.api("POST", "/api/v1/orgs/default/applications",
                            {"product": "bench", "name": "Bench API", "slug": slug,
                             "hits_failure_credential": "bench"})["slug"]
        self.api_token = self.api("POST", "/api/v1/activate", token=credential)["api_token"]

    def memory_kib(self, field="VmRSS"):
        """VmRSS (now) or VmHWM (the peak so far) of the server, in KiB."""
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        """SIGTERM, at most 30 s, then SIGKILL. Returns the exit status."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def stored_events(self):
        """Events committed (hits and failures), from the minute aggregates
        of the stopped server's SQLite file."""
        db = sqlite3.connect(os.path.join(self.data, "hookwarden.db"))
        try:
            return db.execute(
                "SELECT coalesce(sum(hits + failures), 0) FROM minute_aggregates").fetchone()[0]
        finally:
            db.close()

    def close(self):
        self.stop()
        if self.keep:
            log(f"kept {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


class Sampler(threading.Thread):
    """Calls `read` every `interval` seconds until stop(); keeps
    (seconds since start, value)."""

    def __init__(self, read, interval):
        super().__init__(daemon=True)
        self.read, self.interval = read, interval
        self.samples = []
        self._halt = threading.Event()
        self._start = time.monotonic()

    def run(self):
        while not self._halt.is_set():
            self.samples.append((time.monotonic() - self._start, self.read()))
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()
        return self.samples


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def goals_table(rows):
    """rows: (goal, target, measured, passed). Prints them; True when all
    passed."""
    print("\ngoals")
    print(f"  {'goal':58} {'target':>14} {'measured':>22}  result")
    for goal, target, measured, passed in rows:
        print(f"  {goal:58} {target:>14} {measured:>22}  {'PASS' if passed else 'MISS'}")
    return all(r[3] for r in rows)
