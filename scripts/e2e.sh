#!/usr/bin/env bash
# `npm run test:e2e`: one production build, then Playwright, which starts two servers on it:
# the whole suite against PostgreSQL (the database production uses) and a smoke run on PGlite.
# Without a reachable PostgreSQL the whole suite runs on PGlite, and this says so.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${E2E_DB:-}" ]; then
  if node scripts/pg-reachable.mjs; then
    export E2E_DB=postgres
  elif [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "TEST_DATABASE_URL is set but PostgreSQL is not reachable: the browser suite cannot run on it." >&2
    exit 1
  else
    echo "NOTE: no PostgreSQL reachable (set TEST_DATABASE_URL); the browser suite runs on PGlite only." >&2
    export E2E_DB=pglite
  fi
fi
if [ -z "${E2E_SKIP_BUILD:-}" ]; then
  NEXT_TELEMETRY_DISABLED=1 npx next build || exit 1
fi
exec npx playwright test "$@"
