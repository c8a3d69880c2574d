#!/usr/bin/env bash
# `npm test`: unit tests, integration tests on PGlite and PostgreSQL, and browser tests on Chromium.
# Ends with one line "N passed, N failed" that sums every suite.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf .test-results && mkdir -p .test-results

# Browser: Debian's chromium (Playwright cannot download its own here).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium for the browser tests…"
    (apt-get update && apt-get install -y chromium) >/dev/null
  else
    echo "Browser tests need chromium: sudo apt-get install -y chromium (or set CHROMIUM_PATH)." >&2
  fi
fi

# PostgreSQL: TEST_DATABASE_URL, or the local server. Without one, say so loudly and test PGlite only.
projects=(--project unit --project pglite)
if node scripts/pg-reachable.mjs; then
  projects+=(--project postgres)
else
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "TEST_DATABASE_URL is set but PostgreSQL is not reachable." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "NOTE: no PostgreSQL reachable (set TEST_DATABASE_URL); integration tests run on PGlite only." >&2
fi

npx vitest run "${projects[@]}" --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
vitest_rc=$?

CI_REPORTER=1 bash scripts/e2e.sh
pw_rc=$?

node scripts/sum-results.mjs
sum_rc=$?
[ $vitest_rc -eq 0 ] && [ $pw_rc -eq 0 ] && [ $sum_rc -eq 0 ]
