#!/usr/bin/env bash
# A server for the Playwright suite: the production build in .next, on a fresh database with the demo seed.
#   e2e-server.sh PORT postgres   a new PostgreSQL database (TEST_DATABASE_URL's server, or 127.0.0.1:5432)
#   e2e-server.sh PORT pglite     a new embedded database
# scripts/e2e.sh builds once before Playwright starts the servers.
set -euo pipefail
PORT="${1:-3100}"
DB="${2:-postgres}"
export AUTH_SECRET="${AUTH_SECRET:-e2e-secret-e2e-secret-e2e-secret-e2e}"
export AUTH_TRUST_HOST=true
export NEXT_TELEMETRY_DISABLED=1
# Every browser of the suite signs in from loopback: one IP, dozens of sign-ins in a few minutes.
# The per-account limit (failed attempts) stays at its default.
export RATE_LIMIT_LOGIN_PER_IP="${RATE_LIMIT_LOGIN_PER_IP:-10000}"
export RATE_LIMIT_REGISTER_PER_IP="${RATE_LIMIT_REGISTER_PER_IP:-10000}"
# The webhook spec's receiver listens on loopback: private targets allowed explicitly (off by default).
export WEBHOOK_ALLOW_PRIVATE=1
unset REDIS_URL
# One access-log line per request would bury the suite's output; the operating spec checks the ids.
export LOG_REQUESTS=off

if [ ! -f .next/BUILD_ID ]; then
  echo "[e2e] no production build in .next: run scripts/e2e.sh (or npx next build) first" >&2
  exit 1
fi

if [ "$DB" = "postgres" ]; then
  unset PGLITE_DIR
  DATABASE_URL="$(node scripts/e2e-db.mjs create)"
  export DATABASE_URL
  trap 'node scripts/e2e-db.mjs drop "$DATABASE_URL" || true' EXIT
  npx tsx db/migrate.ts
  npx tsx db/seed/cli.ts
else
  unset DATABASE_URL
  export PGLITE_DIR=".data/e2e-$PORT-$(date +%s)-$$"
  trap 'rm -rf "$PGLITE_DIR" "$PGLITE_DIR.lock"' EXIT
fi
# Not exec: the trap above cleans up when next start ends.
npx next start -p "$PORT" -H 127.0.0.1 &
child=$!
trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null' TERM INT
wait "$child"
