#!/usr/bin/env bash
# Installs the npm packages pinned in package-lock.json (the browser tests'
# playwright-core) when node_modules does not hold exactly them yet. Installs
# Debian's nodejs and npm first when there is no node at all.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  scripts/install-deps.sh nodejs npm
fi
stamp=node_modules/.installed-package-lock.json
if cmp -s package-lock.json "$stamp"; then
  exit 0
fi
echo "Installing npm packages from package-lock.json"
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
