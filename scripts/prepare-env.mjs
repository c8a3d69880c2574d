// First run: give the app an AUTH_SECRET in .env.local (never committed) so `npm run dev` just works.
import { randomBytes } from "node:crypto";
import fs from "node:fs";

const file = ".env.local";
const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
if (!process.env.AUTH_SECRET && !/^AUTH_SECRET=/m.test(current)) {
  const line = `AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`;
  fs.writeFileSync(file, (current && !current.endsWith("\n") ? current + "\n" : current) + line, { mode: 0o600 });
  console.log("Generated AUTH_SECRET in .env.local");
}
