#!/usr/bin/env bash
# Smoke-test a running costcheck service (`make test ENV=...`; the last step of deploy.sh).
#
#   smoke_test.sh ENVIRONMENT        the environment's load balancer (terraform output)
#   SERVICE_URL=http://host:port smoke_test.sh local
#
# Checks: /health/live answers 200; /health answers 200 with status ok and every part
# (database, cache, catalog) ok; /metrics exposes every metric of the contract (local) or is
# hidden by the load balancer (dev, staging, prod: 404).
# Exit 0 all good, 1 a check failed (each failure is named), 2 bad usage.
set -euo pipefail

die() {
  echo "smoke_test.sh: $*" >&2
  exit 2
}

[ $# -eq 1 ] || die "usage: smoke_test.sh ENVIRONMENT (dev, staging, prod, or local with SERVICE_URL)"
environment="$1"
case "$environment" in dev | staging | prod | local) ;; *) die "ENVIRONMENT must be dev, staging, prod or local, got '$environment'" ;; esac
for tool in curl jq; do command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"; done

url="${SERVICE_URL:-}"
if [ -z "$url" ]; then
  [ "$environment" != local ] || die "local needs SERVICE_URL (e.g. http://127.0.0.1:8080)"
  tf_dir="$(cd "$(dirname "$0")/.." && pwd)/infrastructure/terraform"
  host="$(terraform -chdir="$tf_dir" output -raw load_balancer_dns)" \
    || die "no load_balancer_dns from terraform (initialised for $environment?); or set SERVICE_URL"
  # dev has no certificate (environments/dev.tfvars); the others redirect HTTP to HTTPS.
  if [ "$environment" = dev ]; then url="http://$host"; else url="https://$host"; fi
fi
[[ "$url" =~ ^https?://[^[:space:]]+$ ]] || die "SERVICE_URL must be an http(s) URL"
url="${url%/}"

failures=0
fail() {
  echo "FAIL $*" >&2
  failures=$((failures + 1))
}

body="$(mktemp)"
trap 'rm -f "$body"' EXIT

# fetch PATH: the status code; the body (at most 1 MB) in $body.
fetch() {
  curl --silent --show-error --max-time 10 --max-filesize 1048576 --output "$body" \
    --write-out '%{http_code}' "$url$1" 2>/dev/null || echo 000
}

code="$(fetch /health/live)"
if [ "$code" = 200 ]; then echo "ok   /health/live"; else fail "/health/live answered $code, not 200"; fi

code="$(fetch /health)"
if [ "$code" != 200 ]; then
  down="$(jq -r '[.parts // {} | to_entries[] | select(.value.status != "ok") | .key] | join(", ")' "$body" 2>/dev/null || true)"
  fail "/health answered $code, not 200${down:+ (not ok: $down)}"
elif ! jq -e '.status == "ok" and ([.parts.database, .parts.cache, .parts.catalog] | all(.status == "ok"))' "$body" >/dev/null 2>&1; then
  fail "/health answered 200 but not every part (database, cache, catalog) is ok"
else
  echo "ok   /health"
fi

code="$(fetch /metrics)"
if [ "$environment" != local ]; then
  # On AWS the load balancer hides /metrics (Prometheus scrapes the tasks from inside).
  if [ "$code" = 404 ]; then echo "ok   /metrics hidden from the load balancer"; else fail "/metrics answered $code through the load balancer: it must be hidden (404)"; fi
elif [ "$code" != 200 ]; then
  fail "/metrics answered $code, not 200"
else
  for metric in costcheck_http_requests_total costcheck_http_request_duration_seconds \
    costcheck_estimates_total costcheck_verdicts_total costcheck_price_cache_requests_total \
    costcheck_dependency_errors_total costcheck_run_tasks_total; do
    grep -Eq "^# TYPE ${metric} (counter|histogram)$" "$body" || fail "/metrics lacks $metric"
  done
  [ "$failures" -gt 0 ] || echo "ok   /metrics"
fi

if [ "$failures" -gt 0 ]; then
  echo "smoke test of $environment ($url): $failures failure(s)" >&2
  exit 1
fi
echo "smoke test of $environment ($url): all good"
