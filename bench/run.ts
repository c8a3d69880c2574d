import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) in turn.
 * Each benchmark measures its subject and a baseline in the same run and prints both with the ratio.
 */
async function main() {
  const wanted = process.argv.slice(2);
  const dir = path.join(process.cwd(), "bench");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  for (const file of files) {
    console.log(`\n== ${file}`);
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
