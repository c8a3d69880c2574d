#!/usr/bin/env bash
# The server Playwright tests: a production build on a fresh embedded database with the demo seed.
set -euo pipefail
PORT="${1:-3100}"
export PGLITE_DIR=".data/e2e-$(date +%s)-$$"
export AUTH_SECRET="${AUTH_SECRET:-e2e-secret-e2e-secret-e2e-secret-e2e}"
export AUTH_TRUST_HOST=true
export NEXT_TELEMETRY_DISABLED=1
# Every browser of the suite signs in from loopback: one IP, dozens of sign-ins in a few minutes.
# The per-account limit (failed attempts) stays at its default.
export RATE_LIMIT_LOGIN_PER_IP="${RATE_LIMIT_LOGIN_PER_IP:-10000}"
unset DATABASE_URL REDIS_URL
trap 'rm -rf "$PGLITE_DIR" "$PGLITE_DIR.lock"' EXIT
if [ -z "${E2E_SKIP_BUILD:-}" ]; then npx next build; fi
npx next start -p "$PORT" -H 127.0.0.1
