#!/usr/bin/env bash
# Builds hookwarden_VERSION_amd64.deb from a built binary:
#   scripts/build-package.sh BUILD_DIR
# The package holds the binary, the man page hookwarden(1) generated from the
# commands' --help (help2man), the README, the systemd unit and
# /etc/default/hookwarden (a conffile), with the maintainer scripts of
# packaging/debian. Its dependencies are the libraries the binary links
# (dpkg-shlibdeps). Writes the .deb into BUILD_DIR and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$(realpath "${1:-build}")
binary="$build_dir/hookwarden"
[ -x "$binary" ] || { echo "no binary at $binary: build first" >&2; exit 1; }

version=$("$binary" version | awk '{print $2}')
deb="$build_dir/hookwarden_${version}_amd64.deb"
work=$(mktemp -d "$build_dir/package.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage="$work/stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/man/man1" \
  "$stage/usr/share/doc/hookwarden" "$stage/lib/systemd/system" \
  "$stage/etc/default"

install -m 0755 "$binary" "$stage/usr/bin/hookwarden"
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
  "$stage/usr/bin/hookwarden"
install -m 0644 packaging/hookwarden.service "$stage/lib/systemd/system/"
install -m 0644 packaging/default "$stage/etc/default/hookwarden"
install -m 0644 packaging/debian/copyright "$stage/usr/share/doc/hookwarden/"
gzip -9n < README.md > "$stage/usr/share/doc/hookwarden/README.md.gz"
{
  echo "hookwarden ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version."
  echo
  echo " -- hookwarden developers <dev@hookwarden.org>  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$stage/usr/share/doc/hookwarden/changelog.gz"

# The man page: the top-level help, then every command's own.
commands="$work/commands.h2m"
escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
subcommands() {
  "$binary" "$@" --help 2>/dev/null |
    awk '/^SUBCOMMANDS:|^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}'
}
{
  echo "[COMMANDS]"
  for command in $(subcommands); do
    for sub in "" $(subcommands "$command"); do
      echo ".SS \"hookwarden $command${sub:+ $sub}\""
      echo ".nf"
      "$binary" $command $sub --help | tail -n +2 | escape
      echo ".fi"
    done
  done
  echo "[FILES]"
  echo ".TP"
  echo "/etc/default/hookwarden"
  echo "Settings of hookwarden.service (HOOKWARDEN_* variables)."
  echo ".TP"
  echo "/var/lib/hookwarden"
  echo "The data directory: the SQLite store and master.key."
  echo "[SEE ALSO]"
  echo "/usr/share/doc/hookwarden/README.md.gz"
} > "$commands"
help2man --no-info --no-discard-stderr --section=1 \
  --name="webhook credentials and reliability data" \
  --version-string="$version" --include="$commands" \
  --output="$work/hookwarden.1" "$binary"
gzip -9n < "$work/hookwarden.1" > "$stage/usr/share/man/man1/hookwarden.1.gz"

# Dependencies from the libraries the binary links.
mkdir -p "$work/src/debian"
printf 'Source: hookwarden\n\nPackage: hookwarden\nArchitecture: amd64\n' \
  > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O -e"$stage/usr/bin/hookwarden" |
  sed -n 's/^shlibs:Depends=//p')

installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  -e "s/@DEPENDS@/$depends/" packaging/debian/control.in > "$stage/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$stage/DEBIAN/"
install -m 0755 packaging/debian/postinst packaging/debian/prerm \
  packaging/debian/postrm "$stage/DEBIAN/"
(cd "$stage" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print0 |
  sort -z | xargs -0 md5sum | sed 's| \./| |') > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"

rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
