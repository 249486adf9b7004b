#!/usr/bin/env bash
# The Debian package, as an operator meets it: built by
# scripts/build-package.sh, checked by lintian (no error) and by
# `systemd-analyze verify`, installed onto this machine with dpkg -i (a
# system user, a 0700 state directory, the conffile, the man page),
# `hookwarden version` and `hookwarden serve` run from the installed paths as
# the system user and answer, a changed /etc/default/hookwarden survives a
# reinstall, removal keeps the data, and purge removes it. Then systemd
# itself starts and stops the unit in a container (under_systemd.sh).
#
#   tests/package/package_test.sh BUILD_DIR
# Needs root (dpkg -i), or sudo without a password. Prints the unit's
# `systemd-analyze security` score.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=$(realpath "${1:-build}")

fail() { echo "FAIL $*" >&2; exit 1; }
ok() { echo "ok   $*"; }
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || fail "installing a package needs root or sudo -n"
  sudo="sudo -n"
fi
if dpkg-query -W -f='${Status}' hookwarden 2>/dev/null | grep -q installed; then
  fail "a hookwarden package is installed already; this test will not touch it"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  $sudo dpkg --purge hookwarden >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

deb=$(scripts/build-package.sh "$build_dir")
[ -f "$deb" ] || fail "no package built"
version=$("$build_dir/hookwarden" version | awk '{print $2}')
[ "$(basename "$deb")" = "hookwarden_${version}_amd64.deb" ] ||
  fail "package named $(basename "$deb")"
ok "built $(basename "$deb")"

contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/hookwarden ./usr/share/man/man1/hookwarden.1.gz \
  ./usr/share/doc/hookwarden/README.md.gz ./lib/systemd/system/hookwarden.service \
  ./etc/default/hookwarden; do
  grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = "/etc/default/hookwarden" ] ||
  fail "/etc/default/hookwarden is not a conffile"
ok "the package holds the binary, the man page, the README, the unit and the conffile"

if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" > "$work/lintian.txt" 2>&1 || true
  sed 's/^/     lintian: /' "$work/lintian.txt"
  if grep -q '^E:' "$work/lintian.txt"; then fail "lintian reports errors"; fi
  ok "lintian reports no error"
else
  fail "lintian is not installed (make deps installs it)"
fi

$sudo dpkg -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "dpkg -i"; }
getent passwd hookwarden >/dev/null || fail "no system user hookwarden"
uid=$(id -u hookwarden)
[ "$uid" -lt 1000 ] || fail "hookwarden is not a system user (uid $uid)"
[ "$(stat -c '%U %a' /var/lib/hookwarden)" = "hookwarden 700" ] ||
  fail "/var/lib/hookwarden is $(stat -c '%U %a' /var/lib/hookwarden)"
man -l /usr/share/man/man1/hookwarden.1.gz 2>/dev/null | grep -q "admin backup" ||
  fail "the man page lacks the commands' help"
ok "installed: system user, state directory 0700, man page"

out=$(/usr/bin/hookwarden version)
[ "$out" = "hookwarden $version" ] || fail "hookwarden version says: $out"
ok "/usr/bin/hookwarden version: $out"

systemd-analyze verify /lib/systemd/system/hookwarden.service > "$work/verify.txt" 2>&1 ||
  { cat "$work/verify.txt"; fail "systemd-analyze verify"; }
if grep -q hookwarden "$work/verify.txt"; then
  cat "$work/verify.txt"
  fail "systemd-analyze verify complains about the unit"
fi
ok "systemd-analyze verify: no complaint"
if systemd-analyze security --offline=true /lib/systemd/system/hookwarden.service \
  > "$work/security.txt" 2>&1; then
  echo "     $(grep -i 'overall exposure' "$work/security.txt")"
else
  echo "     systemd-analyze security could not score it here:"
  sed 's/^/     /' "$work/security.txt" | tail -3
fi

# The server as the unit runs it: the system user, the unit's settings file,
# the state directory.
password="Package-Pa55word-$RANDOM$RANDOM"
log="$work/serve.log"
touch "$log"
chmod 0666 "$log"
$sudo runuser -u hookwarden -- env -i PATH=/usr/bin:/bin \
  HOOKWARDEN_DATA=/var/lib/hookwarden HOOKWARDEN_ADMIN_PASSWORD="$password" \
  bash -c 'set -a; . /etc/default/hookwarden; exec /usr/bin/hookwarden serve --listen 127.0.0.1:0' \
  >> "$log" 2>&1 &
server_pid=$!
address=""
for _ in $(seq 1 200); do
  address=$(grep '"msg":"listening"' "$log" | grep -o '"address":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
  [ -n "$address" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log"; fail "hookwarden serve ended"; }
  sleep 0.1
done
[ -n "$address" ] || { cat "$log"; fail "hookwarden serve did not listen within 20 s"; }
[ "$(curl -s "http://$address/readyz")" = '{"status":"ready"}' ] || fail "/readyz"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://$address/api/v1/session")
[ "$code" = 200 ] || fail "logging in answered $code"
$sudo test -f /var/lib/hookwarden/hookwarden.db || fail "no store in /var/lib/hookwarden"
[ "$($sudo stat -c '%U %a' /var/lib/hookwarden/master.key)" = "hookwarden 600" ] ||
  fail "master.key is not the user's with mode 0600"
$sudo kill -TERM "$server_pid" 2>/dev/null || true
wait "$server_pid" || true
server_pid=""
ok "hookwarden serve from /usr/bin as the user hookwarden: ready, login works, data in /var/lib/hookwarden"

# A changed configuration survives a reinstall.
echo "HOOKWARDEN_SYNC=full" | $sudo tee -a /etc/default/hookwarden >/dev/null
$sudo dpkg -i "$deb" > "$work/reinstall.log" 2>&1 || { cat "$work/reinstall.log"; fail "dpkg -i again"; }
grep -q '^HOOKWARDEN_SYNC=full$' /etc/default/hookwarden || fail "the reinstall overwrote /etc/default/hookwarden"
ok "a changed /etc/default/hookwarden survives a reinstall"

$sudo dpkg --remove hookwarden > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg --remove"; }
[ ! -e /usr/bin/hookwarden ] || fail "the binary stayed after removal"
$sudo test -f /var/lib/hookwarden/hookwarden.db || fail "removal deleted the store"
$sudo test -f /var/lib/hookwarden/master.key || fail "removal deleted the master key"
ok "dpkg --remove keeps the data"

$sudo dpkg --purge hookwarden > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
[ ! -e /var/lib/hookwarden ] || fail "purge left /var/lib/hookwarden"
[ ! -e /etc/default/hookwarden ] || fail "purge left /etc/default/hookwarden"
! getent passwd hookwarden >/dev/null || fail "purge left the user hookwarden"
ok "dpkg --purge removes the data, the settings and the user"

# The unit as systemd runs it, in a container booted on an overlay of this
# machine (whose PID 1 need not be systemd).
$sudo tests/package/under_systemd.sh "$deb" || fail "the package under systemd"
