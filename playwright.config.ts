import { execSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// The PGlite smoke run (the newcomer's path on the embedded database) gets a server of its own.
const SMOKE_PORT = PORT + 1;
// The database of the main server: PostgreSQL unless scripts/e2e.sh found none (then PGlite).
const DB = process.env.E2E_DB === "pglite" ? "pglite" : "postgres";
// Point the tests at a server that is already running (a dev server on the demo seed) instead of building one.
const EXTERNAL = process.env.E2E_BASE_URL;

/** Debian's chromium when installed (Playwright cannot download its own browsers here). */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync("command -v chromium", { shell: "/bin/sh" }).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

const launchOptions = {
  executablePath: chromiumPath(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: ".test-results/playwright",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI_REPORTER ? [["list"], ["json", { outputFile: ".test-results/playwright.json" }]] : "list",
  use: {
    baseURL: EXTERNAL ?? `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions }, testIgnore: /\.(phone|pglite)\.spec\.ts$/ },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions }, testMatch: /\.phone\.spec\.ts$/ },
    {
      name: "pglite-smoke",
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: EXTERNAL ?? `http://127.0.0.1:${SMOKE_PORT}` },
      testMatch: /\.pglite\.spec\.ts$/,
    },
  ],
  webServer: EXTERNAL
    ? undefined
    : [
        { name: DB, port: PORT, db: DB },
        { name: "pglite-smoke", port: SMOKE_PORT, db: "pglite" },
      ].map(({ name, port, db }) => ({
        name,
        command: `bash scripts/e2e-server.sh ${port} ${db}`,
        url: `http://127.0.0.1:${port}/login`,
        timeout: 240_000,
        reuseExistingServer: false,
        stdout: "pipe" as const,
        stderr: "pipe" as const,
        // SIGTERM lets the script drop its PostgreSQL database (SIGKILL, the default, would leave it).
        gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
      })),
});
