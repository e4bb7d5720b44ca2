#!/usr/bin/env bash
# Installs what the project needs, idempotently, using Node 22 from npm (Hardhat 3 needs >= 22.13,
# and npm on Node 20 silently drops EDR's platform package). Fast no-op when already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_VERSION=22.23.3

# The dApp's browser tests drive Debian's Chromium (npm's Playwright browsers cannot be downloaded here).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "[setup] installing Debian's chromium for the dApp's browser tests ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; } \
    || echo "[setup] could not install chromium; the dApp's browser tests will fail" >&2
fi
stamp=node_modules/.cowatt-install-stamp
fingerprint() { cat package.json package-lock.json */package.json 2>/dev/null | sha256sum | cut -d' ' -f1; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(fingerprint)" ] && [ -x node_modules/.bin/node ] \
  && node_modules/.bin/node --version | grep -q '^v22\.'; then
  exit 0
fi

echo "[setup] installing dependencies with Node $NODE22_VERSION ..."
if node --version | grep -q '^v22\.'; then
  npm install --no-audit --no-fund
else
  npx -y -p "node@$NODE22_VERSION" npm install --no-audit --no-fund
fi
fingerprint > "$stamp"
echo "[setup] done"
