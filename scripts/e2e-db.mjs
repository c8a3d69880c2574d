// The browser suite's PostgreSQL database: `create` makes a fresh one and prints its URL, `drop <url>`
// removes it. `create` first drops databases of earlier runs that nobody is connected to (a run killed
// with SIGKILL cannot drop its own).
import postgres from "postgres";

const admin = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PREFIX = "coupon_e2e_";

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const sql = postgres(admin, { max: 1, onnotice: () => {}, connect_timeout: 5 });
const [command, arg] = process.argv.slice(2);
try {
  if (command === "create") {
    const stale = await sql`
      select datname from pg_database d
      where datname like ${PREFIX + "%"}
        and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)`;
    for (const { datname } of stale) {
      await sql.unsafe(`drop database if exists "${datname}"`).catch(() => {});
    }
    const name = `${PREFIX}${Date.now()}_${process.pid}`;
    await sql.unsafe(`create database "${name}"`);
    process.stdout.write(withDatabase(admin, name));
  } else if (command === "drop" && arg) {
    const name = new URL(arg).pathname.slice(1);
    if (!name.startsWith(PREFIX)) throw new Error(`refusing to drop ${name}: not a browser-suite database`);
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } else {
    throw new Error("usage: e2e-db.mjs create | drop <url>");
  }
} catch (e) {
  console.error(`[e2e-db] ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 2 });
}
