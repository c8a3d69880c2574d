import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { waitFor } from "./lib";
import { gzipSync } from "node:zlib";

/**
 * The landing page (issue 4): Lighthouse mobile performance of /c/demo-live on the production build
 * (run `npm run build` first) over the embedded demo database, and its JavaScript (gzipped, every
 * <script src> of the HTML) against an empty page of the same build (/bench/empty).
 */
const PORT = Number(process.env.BENCH_PORT ?? 3401);
const base = `http://127.0.0.1:${PORT}`;

/** Gzipped bytes of every script the page loads. */
async function scriptBytes(path: string) {
  const html = await (await fetch(base + path, { headers: { "user-agent": "Mozilla/5.0 (iPhone) bench-script-size-measurement-agent" } })).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]))];
  let total = 0;
  for (const src of srcs) total += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
  return { total, count: srcs.length };
}

function lighthouse(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = `/tmp/lh-${process.pid}.json`;
    const chrome = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
    const p = spawn(
      "npx",
      ["lighthouse", url, "--only-categories=performance", "--form-factor=mobile", "--output=json", `--output-path=${out}`, "--quiet",
        `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic`],
      { env: { ...process.env, CHROME_PATH: chrome }, stdio: "inherit" },
    );
    p.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited ${code}`));
      const report = JSON.parse(fs.readFileSync(out, "utf8"));
      fs.rmSync(out);
      resolve(Math.round(report.categories.performance.score * 100));
    });
  });
}

export async function run() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Run `npm run build` first: the benchmark serves the production build.");
  const dir = `.data/bench-landing-${Date.now()}`;
  let server: ChildProcess | undefined;
  try {
    server = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir, AUTH_SECRET: "bench-secret-bench-secret-bench", AUTH_TRUST_HOST: "true" },
      stdio: "ignore",
      detached: true,
    });
    await waitFor(`${base}/c/demo-live`, 120_000);
    const landing = await scriptBytes("/c/demo-live");
    const empty = await scriptBytes("/bench/empty");
    const scores: number[] = [];
    for (let i = 0; i < 3; i++) scores.push(await lighthouse(`${base}/c/demo-live`));
    const kb = (n: number) => (n / 1024).toFixed(1);
    console.log(`Lighthouse mobile performance, /c/demo-live (3 runs): ${scores.join(", ")} (median ${scores.sort((a, b) => a - b)[1]})`);
    console.log(`JavaScript, gzipped: landing ${kb(landing.total)} KB in ${landing.count} files; empty page ${kb(empty.total)} KB in ${empty.count} files`);
    console.log(`ratio landing / empty: ${(landing.total / empty.total).toFixed(2)}`);
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
  }
}
