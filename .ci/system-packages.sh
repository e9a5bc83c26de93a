#!/usr/bin/env bash
# Debian packages the tests run for real (no mocks): PostgreSQL and Redis servers for the service's
# storage and cache, promtool/amtool for the monitoring rules, Chromium for pages. Installs only
# what is missing, so a machine that has them pays nothing; without root or apt it says so and the
# tests that need a missing tool skip with that reason.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "$2" ]; }
have pg_ctl /usr/lib/postgresql/15/bin/pg_ctl || need+=(postgresql)
have redis-server /usr/bin/redis-server || need+=(redis-server)
have promtool /usr/bin/promtool || need+=(prometheus)
have amtool /usr/bin/amtool || need+=(prometheus-alertmanager)
have chromium /usr/bin/chromium || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: not installing ${need[*]} (needs root and apt-get); tests that use them skip" >&2
  exit 0
fi
echo "system-packages: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# --no-install-recommends: the servers only, no init-time services started by the package
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts packaged daemons on install; tests start their own in temporary directories.
for svc in prometheus prometheus-alertmanager redis-server; do
  if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
done
