#!/usr/bin/env bash
# The package's unit as systemd runs it, on a machine whose PID 1 need not be
# systemd: a container (systemd-nspawn) boots this machine's own system, seen
# through a throwaway overlay (this machine's root below, a tmpfs above, so
# nothing it does reaches the machine), with a network of its own. Inside,
# the package is installed with dpkg -i and `systemctl start hookwarden`
# starts it: it answers /readyz and a login with the password its
# /etc/default/hookwarden sets, runs as the user hookwarden with the unit's
# sandbox (no capabilities, no new privileges, a seccomp filter, a read-only
# system, no home directories, a /tmp of its own), keeps its data in
# /var/lib/hookwarden, and stops cleanly with `systemctl stop`.
#
#   tests/package/under_systemd.sh DEB
# Needs root and systemd-nspawn (Debian: systemd-container).
set -euo pipefail
deb=$(realpath "$1")

fail() { echo "FAIL $*" >&2; exit 1; }
ok() { echo "ok   $*"; }
[ "$(id -u)" -eq 0 ] || fail "booting a container needs root"
command -v systemd-nspawn >/dev/null ||
  fail "systemd-nspawn is not installed (make deps installs systemd-container)"

box=$(mktemp -d)
nspawn_pid=""
init=""
cleanup() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    # Killing the container's PID 1 ends every process of the container.
    if [ -n "$init" ]; then kill -KILL "$init" 2>/dev/null || true; fi
    kill -TERM "$nspawn_pid" 2>/dev/null || true
    wait "$nspawn_pid" 2>/dev/null || true
  fi
  umount "$box/root" 2>/dev/null || true
  umount "$box" 2>/dev/null || true
  rmdir "$box" 2>/dev/null || true
}
trap cleanup EXIT

# The overlay: the upper layer on a tmpfs of its own, outside the lower one.
mount -t tmpfs -o size=1g,mode=0700 hookwarden-box "$box"
mkdir -p "$box/upper/etc/systemd/system" "$box/upper/root" "$box/work" "$box/root"
cp "$deb" "$box/upper/root/hookwarden.deb"
# This machine's own services stay off: the container boots to basic.target
# (sockets, timers and the system's initialization), which starts none of
# them. The package's unit is then started by hand.
mount -t overlay overlay \
  -o "lowerdir=/,upperdir=$box/upper,workdir=$box/work" "$box/root"

# No machined and no bus on the host: the container registers nowhere and
# runs in the caller's cgroup.
systemd-nspawn --quiet --directory="$box/root" --machine="hookwarden-$$" \
  --register=no --keep-unit --link-journal=no --private-network \
  --boot -- --unit=basic.target > "$box/console.log" 2>&1 < /dev/null &
nspawn_pid=$!

# The container's PID 1: systemd, a child of systemd-nspawn.
for _ in $(seq 1 100); do
  child=$(ps -o pid= --ppid "$nspawn_pid" | tr -d ' ' | head -1 || true)
  if [ -n "$child" ] && [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ]; then
    init=$child
    break
  fi
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$box/console.log"; fail "systemd-nspawn ended"; }
  sleep 0.1
done
[ -n "$init" ] || fail "no systemd in the container within 10 s"
inside() { nsenter --target "$init" --mount --uts --ipc --net --pid -- "$@"; }
# Until systemd listens on its socket, systemctl cannot reach it.
for _ in $(seq 1 300); do
  inside test -S /run/systemd/private && break
  sleep 0.1
done
state=$(timeout 60 nsenter --target "$init" --mount --uts --ipc --net --pid -- \
  systemctl is-system-running --wait 2>&1 || true)
case "$state" in
  running | degraded) ;;
  *)
    { inside systemctl --failed --no-pager || true; } 2>&1 | tail -5
    fail "the container's system is $state"
    ;;
esac
ok "systemd booted in a container on an overlay of this machine ($state)"

inside dpkg -i /root/hookwarden.deb > "$box/install.log" 2>&1 ||
  { cat "$box/install.log"; fail "dpkg -i in the container"; }
password="Unit-Pa55word-$RANDOM$RANDOM"
inside sh -c "echo HOOKWARDEN_ADMIN_PASSWORD=$password >> /etc/default/hookwarden"
inside systemctl start hookwarden ||
  { inside journalctl -u hookwarden --no-pager | tail -20; fail "systemctl start hookwarden"; }
ready=""
for _ in $(seq 1 200); do
  ready=$(inside curl -s http://127.0.0.1:8080/readyz || true)
  [ "$ready" = '{"status":"ready"}' ] && break
  [ "$(inside systemctl show -P ActiveState hookwarden)" = active ] ||
    { inside journalctl -u hookwarden --no-pager | tail -20; fail "hookwarden.service is not active"; }
  sleep 0.1
done
[ "$ready" = '{"status":"ready"}' ] ||
  { inside journalctl -u hookwarden --no-pager | tail -20; fail "/readyz under the unit: $ready"; }
code=$(inside curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" http://127.0.0.1:8080/api/v1/session)
[ "$code" = 200 ] || fail "logging in under the unit answered $code"
ok "systemctl start hookwarden: ready, and the password of /etc/default/hookwarden logs in"

main=$(inside systemctl show -P MainPID hookwarden)
[ "$main" -gt 0 ] || fail "hookwarden.service has no main process"
status() { inside grep "^$1:" "/proc/$main/status" | awk '{print $2}'; }
[ "$(status Uid)" = "$(inside id -u hookwarden)" ] || fail "the service runs as uid $(status Uid)"
[ "$(status NoNewPrivs)" = 1 ] || fail "the service may gain privileges"
[ "$(status Seccomp)" = 2 ] || fail "the service has no system call filter"
[ "$(status CapEff)" = 0000000000000000 ] || fail "the service has capabilities $(status CapEff)"
[ "$(status CapBnd)" = 0000000000000000 ] || fail "the service's bounding set is $(status CapBnd)"
# The file system as the service sees it (its mount namespace).
as_service() { inside nsenter --target "$main" --mount -- "$@"; }
inside touch /tmp/outside-the-service
if as_service touch /usr/lib/hookwarden-probe 2>/dev/null; then fail "the service can write /usr"; fi
if as_service touch /etc/hookwarden-probe 2>/dev/null; then fail "the service can write /etc"; fi
[ -z "$(as_service ls -A /root 2>/dev/null)" ] || fail "the service sees /root"
if as_service test -e /tmp/outside-the-service; then fail "the service shares /tmp"; fi
[ "$(inside stat -c '%U %a' /var/lib/hookwarden)" = "hookwarden 700" ] ||
  fail "/var/lib/hookwarden is $(inside stat -c '%U %a' /var/lib/hookwarden)"
[ "$(inside stat -c '%U %a' /var/lib/hookwarden/master.key)" = "hookwarden 600" ] ||
  fail "master.key is not the user's with mode 0600"
ok "the service runs as hookwarden without capabilities or new privileges, under seccomp, with a read-only system, no home and its own /tmp"

inside systemctl stop hookwarden
[ "$(inside systemctl show -P Result hookwarden)" = success ] ||
  fail "hookwarden.service stopped with $(inside systemctl show -P Result hookwarden)"
[ "$(inside systemctl show -P ExecMainStatus hookwarden)" = 0 ] ||
  fail "hookwarden serve exited with $(inside systemctl show -P ExecMainStatus hookwarden)"
ok "systemctl stop hookwarden: exit status 0"

inside systemctl poweroff --no-block
for _ in $(seq 1 300); do
  kill -0 "$nspawn_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$nspawn_pid" 2>/dev/null && fail "the container did not power off within 30 s"
wait "$nspawn_pid" || true
nspawn_pid=""
