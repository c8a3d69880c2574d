import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { randomPhone } from "./helpers";

// What an operator relies on: the probes and the request id on the suite's server, and on a server of
// this test's own (same build, a database of its own), metrics behind a token and a graceful restart:
// SIGTERM in the middle of a claim burst, with webhook deliveries in flight to a slow receiver.

const DB = process.env.E2E_DB === "pglite" ? "pglite" : "postgres";
const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const TOKEN = "metrics-token-for-the-e2e-suite";

test("the probes answer, and every response carries a request id (a proxy's own is kept)", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(health.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const ready = await request.get("/api/ready", { headers: { "x-request-id": "nginx-7f9c2ba4e88f827d" } });
  expect(ready.status()).toBe(200);
  expect(ready.headers()["x-request-id"]).toBe("nginx-7f9c2ba4e88f827d");
  const body = await ready.json();
  expect(body).toMatchObject({ ready: true, checks: { database: { ok: true, detail: DB }, migrations: { ok: true } } });
  // The suite's server has no METRICS_TOKEN: the endpoint is off.
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(404);
});

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** A database for the test's own server, and a way to read it once the server has stopped. */
function ownDatabase(): { env: Record<string, string>; prepare: () => void; open: () => Promise<{ query: Query; close: () => Promise<void> }>; drop: () => void } {
  if (DB === "postgres") {
    const url = execFileSync("node", ["scripts/e2e-db.mjs", "create"]).toString().trim();
    return {
      env: { DATABASE_URL: url },
      prepare: () => {
        const env = { ...process.env, DATABASE_URL: url };
        execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
        execFileSync("npx", ["tsx", "db/seed/cli.ts"], { env, stdio: "ignore" });
      },
      open: async () => {
        const sql = postgres(url, { max: 1, onnotice: () => {} });
        return { query: (text) => sql.unsafe(text) as unknown as Promise<Record<string, unknown>[]>, close: () => sql.end({ timeout: 2 }) };
      },
      drop: () => execFileSync("node", ["scripts/e2e-db.mjs", "drop", url]),
    };
  }
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "coupon-e2e-restart-")), "db");
  return {
    env: { PGLITE_DIR: dir },
    prepare: () => {}, // the embedded database migrates and seeds itself on start
    open: async () => {
      const db = new PGlite(dir);
      return { query: async (text) => (await db.query<Record<string, unknown>>(text)).rows, close: () => db.close() };
    },
    drop: () => rmSync(path.dirname(dir), { recursive: true, force: true }),
  };
}

async function waitReady(base: string, server: ChildProcess, ms = 90_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/ready`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not become ready");
}

test("SIGTERM during a claim burst: every answered claim is committed, no delivery lease is left, the server exits", async () => {
  test.setTimeout(240_000);
  // A receiver that takes its time, so deliveries are in flight when the signal comes.
  let received = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    setTimeout(() => {
      received++;
      res.end("ok");
    }, 300);
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

  const own = ownDatabase();
  let server: ChildProcess | null = null;
  try {
    own.prepare();
    const base = `http://127.0.0.1:${PORT}`;
    server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        ...own.env,
        ...(DB === "postgres" ? { PGLITE_DIR: "" } : { DATABASE_URL: "" }),
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
        AUTH_TRUST_HOST: "true",
        NEXT_TELEMETRY_DISABLED: "1",
        METRICS_TOKEN: TOKEN,
        WEBHOOK_ALLOW_PRIVATE: "1",
        RATE_LIMIT_PUBLIC_PER_IP: "1000000",
        SHUTDOWN_TIMEOUT_SECONDS: "20",
        LOG_REQUESTS: "off",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout!.on("data", (b: Buffer) => (output += b.toString()));
    server.stderr!.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((done) => server!.once("exit", (code) => done(code)));
    await waitReady(base, server);

    // A webhook endpoint of the demo organisation subscribed to claims, written straight to PostgreSQL
    // (the embedded database admits one process at a time: on PGlite the claims are checked alone).
    if (DB === "postgres") {
      const db = await own.open();
      await db.query(`insert into webhook_endpoints (org_id, url, secret, event_types)
                      select id, '${hook}', 'whsec_test', array['code.claimed'] from organizations where slug = 'demo'`);
      await db.close();
    }

    // Metrics behind the token.
    expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
    const scrape = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("coupon_outbox_queued");

    // The burst: 24 clients claiming with fresh phones until the server stops answering.
    const answered: { phone: string; code: string; requestId: string }[] = [];
    let signalled = false;
    const client = async () => {
      for (;;) {
        const phone = randomPhone();
        let res: Response;
        try {
          res = await fetch(`${base}/api/v1/public/groups/demo-live/claims`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-device-id": `dev-${phone}` },
            body: JSON.stringify({ phone }),
          });
        } catch {
          return; // refused: the server has stopped listening
        }
        if (res.status === 201) answered.push({ phone, code: (await res.json()).code, requestId: res.headers.get("x-request-id")! });
        else {
          // Only the offer running out is an acceptable refusal; never a 5xx while shutting down.
          expect([201, 409, 410, 429], `status ${res.status}: ${await res.text()}`).toContain(res.status);
          if (res.status !== 429) return;
        }
        if (!signalled && answered.length >= 80) {
          signalled = true;
          server!.kill("SIGTERM");
        }
      }
    };
    await Promise.all(Array.from({ length: 24 }, client));
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 45_000))]);
    expect(code, output.slice(-2000)).toBe(143);
    expect(answered.length).toBeGreaterThanOrEqual(80);

    const db = await own.open();
    try {
      const phones = answered.map((a) => `'+86${a.phone}'`).join(",");
      const rows = await db.query(`select k.phone, co.code, a.request_id from claims cl
                                   join consumers k on k.id = cl.consumer_id join codes co on co.id = cl.code_id
                                   left join audit_logs a on a.action = 'code.claimed' and a.entity_id = cl.id::text
                                   where k.phone in (${phones})`);
      const byPhone = new Map(rows.map((r) => [String(r.phone), r]));
      for (const a of answered) {
        const row = byPhone.get(`+86${a.phone}`);
        expect(row, `claim of ${a.phone} answered but not committed`).toBeTruthy();
        expect(String(row!.code).replaceAll("-", "")).toBe(a.code.replaceAll("-", ""));
        expect(row!.request_id).toBe(a.requestId);
      }
      if (DB === "postgres") {
        // Deliveries: every one sent was recorded; none is left leased (pending with a due time ahead).
        const [d] = await db.query(`select count(*) filter (where status = 'pending' and next_attempt_at > now())::int as leased,
                                           count(*) filter (where status = 'delivered')::int as delivered,
                                           count(*)::int as total from webhook_deliveries`);
        expect(Number(d.leased)).toBe(0);
        expect(Number(d.delivered)).toBeGreaterThan(0);
        expect(Number(d.delivered)).toBeLessThanOrEqual(received);
      }
    } finally {
      await db.close();
    }
    expect(output).toContain('"msg":"exiting"');
  } finally {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    receiver.close();
    own.drop();
  }
});
