import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { checkGroupRequest, jobState, STALE_AFTER_MS } from "./jobs";
import { codeGroups, codes, groupJobs, outbox } from "@/db/schema";
import { seedCampaign, seedInfluencer, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { createGroup, freezeGroup, getGroupJob, importGroup, JOB_HEARTBEAT_MS, startGroupJob, unfreezeGroup, voidCodes } from "./groups";
import { listCodes } from "./queries";
import { createGroupSchema, codeListQuerySchema } from "./schemas";
import { CODE_ALPHABET, defaultCodeLength } from "./rules";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let campaignId: string;
const as = (role: Role, x = f): Actor => ({ orgId: x.org.id, role, userId: x.users[role].id, apiKeyId: null });
const groupInput = (v: object) => createGroupSchema.parse({ name: "g", mode: "unique", quantity: 10, ...v });

async function codeCount(orgId: string) {
  const [r] = await db.select({ n: count() }).from(codes).where(eq(codes.orgId, orgId));
  return Number(r.n);
}

beforeAll(async () => {
  f = await seedTestOrg(db, `grp-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `grp-${randomUUID().slice(0, 8)}`);
  campaignId = (await seedCampaign(db, { orgId: f.org.id })).id;
});

describe("unique groups", () => {
  it("writes exactly `quantity` distinct codes at positions 1…n with the prefix and default length", async () => {
    const inf = await seedInfluencer(db, { orgId: f.org.id, displayName: "小鹿", platform: "douyin" });
    const g = await createGroup(as("marketer"), campaignId, groupInput({ quantity: 2500, prefix: "lm", influencerId: inf.id }));
    expect(g.codeLength).toBe(defaultCodeLength(2500));
    const rows = await db.select({ code: codes.code, seq: codes.seq }).from(codes).where(eq(codes.groupId, g.id));
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r.code)).size).toBe(2500);
    expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    for (const r of rows.slice(0, 50)) {
      expect(r.code.startsWith("LM")).toBe(true);
      expect([...r.code.slice(2)].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
    }
    const [job] = await db.select().from(groupJobs).where(eq(groupJobs.groupId, g.id));
    expect(job).toMatchObject({ status: "succeeded", done: 2500 });
  });

  it("refuses a code length that makes guessing too easy", async () => {
    await expect(
      createGroup(as("marketer"), campaignId, groupInput({ quantity: 100_000, codeLength: 8 })),
    ).rejects.toMatchObject({ code: "invalid_input", errors: [{ path: "codeLength" }] });
  });

  it("refuses roles without group:write and other organisations' campaigns", async () => {
    await expect(createGroup(as("reviewer"), campaignId, groupInput({}))).rejects.toMatchObject({ code: "forbidden" });
    await expect(createGroup(as("marketer", other), campaignId, groupInput({}))).rejects.toMatchObject({ code: "not_found" });
  });

  it("leaves nothing behind when generation fails half-way, and records why", async () => {
    const before = await codeCount(f.org.id);
    const slug = `fail-${randomUUID().slice(0, 8)}`;
    const failing = createGroup(as("marketer"), campaignId, groupInput({ quantity: 120_000, slug, name: slug }), {
      onProgress: async (done) => {
        if (done >= 50_000) throw new Error("disk full (simulated)");
      },
    });
    await expect(failing).rejects.toMatchObject({ code: "invalid_state" });
    expect(await db.select().from(codeGroups).where(eq(codeGroups.slug, slug))).toHaveLength(0);
    expect(await codeCount(f.org.id)).toBe(before);
    const [job] = await db.select().from(groupJobs).where(and(eq(groupJobs.orgId, f.org.id), eq(groupJobs.name, slug)));
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/nothing was kept/);
  });

  it("shows live progress on the job while it runs", async () => {
    const seen: number[] = [];
    const job = await startGroupJob(as("marketer"), campaignId, { name: "progress", quantity: 110_000 });
    await createGroup(as("marketer"), campaignId, groupInput({ quantity: 110_000, name: "progress" }), {
      jobId: job.id,
      onProgress: async () => {
        // what the progress endpoint answers while the transaction runs (must not wait on it)
        const live = await getGroupJob(f.org.id, job.id);
        expect(live!.status).toBe("running");
        expect(await getGroupJob(other.org.id, job.id)).toBeNull();
        seen.push(live!.done);
      },
    });
    expect(seen).toEqual([50_000, 100_000, 110_000]);
    expect(await getGroupJob(f.org.id, job.id)).toMatchObject({ status: "succeeded", done: 110_000 });
  }, 60_000);
});

describe("shared groups", () => {
  it("holds one public code; a second group cannot reuse it in the same organisation", async () => {
    const g = await createGroup(as("marketer"), campaignId, groupInput({ mode: "shared", quantity: 5000, sharedCode: "lm-888", perConsumerLimit: 1 }));
    expect(g.sharedCode).toBe("LM888");
    const rows = await db.select().from(codes).where(eq(codes.groupId, g.id));
    expect(rows.map((r) => r.code)).toEqual(["LM888"]);
    await expect(
      createGroup(as("marketer"), campaignId, groupInput({ mode: "shared", quantity: 10, sharedCode: "LM888" })),
    ).rejects.toMatchObject({ code: "invalid_input", errors: [{ path: "sharedCode" }] });
    // another organisation may use the same words
    const otherCampaign = await seedCampaign(db, { orgId: other.org.id });
    await expect(
      createGroup(as("marketer", other), otherCampaign.id, groupInput({ mode: "shared", quantity: 10, sharedCode: "LM888" })),
    ).resolves.toMatchObject({ sharedCode: "LM888" });
  });
});

describe("a group's per-person limit", () => {
  it("cannot be above its campaign's, which is the one claims obey", async () => {
    const strict = (await seedCampaign(db, { orgId: f.org.id, perConsumerLimit: 2 })).id;
    const over = groupInput({ mode: "shared", quantity: 100, sharedCode: `PL${randomUUID().slice(0, 6)}`, perConsumerLimit: 3 });
    await expect(createGroup(as("marketer"), strict, over)).rejects.toMatchObject({ code: "invalid_input", errors: [{ path: "perConsumerLimit", message: "group.errors.perConsumerAboveCampaign" }] });
    await expect(checkGroupRequest(f.org.id, strict, over)).rejects.toMatchObject({ errors: [{ path: "perConsumerLimit" }] });
    await expect(createGroup(as("marketer"), strict, { ...over, perConsumerLimit: 2 })).resolves.toMatchObject({ perConsumerLimit: 2 });
  });
});

describe("CSV import", () => {
  it("imports every row or nothing, with a report per bad row", async () => {
    const before = await codeCount(f.org.id);
    const bad = [
      { line: 2, value: "PARTNER0001" },
      { line: 3, value: "bad code!" },
      { line: 4, value: "partner-0001" },
      { line: 5, value: "PARTNER0002" },
    ];
    await expect(importGroup(as("marketer"), campaignId, { name: "partner" }, bad)).rejects.toMatchObject({
      code: "invalid_input",
      errors: [
        { path: "rows.3", message: "group.import.malformed" },
        { path: "rows.4", message: "group.import.duplicateInFile" },
      ],
    });
    expect(await codeCount(f.org.id)).toBe(before);

    const g = await importGroup(as("marketer"), campaignId, { name: "partner" }, [
      { line: 2, value: "PARTNER0001" },
      { line: 3, value: "PARTNER0002" },
    ]);
    expect(g.quantity).toBe(2);
    // a file that repeats an existing code imports nothing, and says which row
    await expect(
      importGroup(as("marketer"), campaignId, { name: "again" }, [
        { line: 2, value: "PARTNER0003" },
        { line: 3, value: "partner 0001" },
      ]),
    ).rejects.toMatchObject({ code: "invalid_input", errors: [{ path: "rows.3", message: "group.import.exists" }] });
    expect(await codeCount(f.org.id)).toBe(before + 2);
  });
});

describe("freeze and void", () => {
  it("freezes and unfreezes with audit and a group.frozen event; voids single codes", async () => {
    const g = await createGroup(as("marketer"), campaignId, groupInput({ quantity: 20 }));
    await freezeGroup(as("marketer"), g.id, "异常核销");
    await expect(freezeGroup(as("marketer"), g.id, "again")).rejects.toMatchObject({ code: "invalid_state" });
    const events = await db.select().from(outbox).where(eq(outbox.subject, `group:${g.id}`));
    expect(events.map((e) => e.type)).toEqual(["group.frozen"]);
    await unfreezeGroup(as("owner"), g.id);
    await expect(freezeGroup(as("clerk"), g.id, "x")).rejects.toMatchObject({ code: "forbidden" });
    await expect(freezeGroup(as("marketer", other), g.id, "x")).rejects.toMatchObject({ code: "not_found" });

    const page = await listCodes(f.org.id, g.id, codeListQuerySchema.parse({ limit: 3 }));
    const n = await voidCodes(as("marketer"), g.id, [page.items[0].code, page.items[1].code.toLowerCase()], "leaked");
    expect(n).toBe(2);
    const voided = await listCodes(f.org.id, g.id, codeListQuerySchema.parse({ status: "void" }));
    expect(voided.items.map((c) => c.code).sort()).toEqual([page.items[0].code, page.items[1].code].sort());
  });
});

describe("codes listing", () => {
  it("walks every code exactly once with keyset cursors, and finds codes by prefix", async () => {
    const g = await createGroup(as("marketer"), campaignId, groupInput({ quantity: 237 }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCodes(f.org.id, g.id, codeListQuerySchema.parse({ limit: 50, cursor, sort: "code", dir: "desc" }));
      seen.push(...page.items.map((c) => c.code));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(237);
    expect(new Set(seen).size).toBe(237);
    expect([...seen].sort().reverse()).toEqual(seen);
    const target = seen[100];
    const found = await listCodes(f.org.id, g.id, codeListQuerySchema.parse({ q: target.slice(0, 7).toLowerCase() }));
    expect(found.items.map((c) => c.code)).toContain(target);
    expect(await listCodes(other.org.id, g.id, codeListQuerySchema.parse({}))).toMatchObject({ items: [] });
  });
});

// Only PostgreSQL has a server to lose a client: PGlite lives and dies with its process.
if (process.env.DATABASE_URL) {
  describe("a generation whose process dies", () => {
    it("leaves no partial group when its process and connection are killed mid-way", async () => {
      const { spawn } = await import("node:child_process");
      const slug = `kill-${randomUUID().slice(0, 8)}`;
      const job = await startGroupJob(as("marketer"), campaignId, { name: slug, quantity: 400_000 });
      const child = spawn(
        "npx",
        ["tsx", "--conditions=react-server", "--tsconfig", "tsconfig.json", "test/fixtures/create-group-child.ts", f.org.id, f.users.marketer.id, campaignId, slug, job.id],
        { env: { ...process.env }, stdio: ["ignore", "pipe", "inherit"], detached: true },
      );
      let out = "";
      let killedAt = 0;
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (b: Buffer) => {
          out += b.toString();
          // half-way: 100,000 of 400,000 codes are written inside the open transaction
          if (out.includes("progress 100000")) {
            killedAt = Date.now();
            process.kill(-child.pid!, "SIGKILL");
            resolve();
          }
        });
        child.on("exit", () => reject(new Error(`child ended before it was killed: ${out}`)));
      });
      expect(out).not.toContain("finished");
      // the server notices the dead client and rolls its transaction back
      for (let i = 0; i < 50; i++) {
        const busy = await db.execute(sql`select 1 from pg_stat_activity where datname = current_database() and query ilike '%insert into codes%' and pid <> pg_backend_pid()`);
        if ((Array.isArray(busy) ? busy : (busy as { rows: unknown[] }).rows).length === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await db.select().from(codeGroups).where(eq(codeGroups.slug, slug))).toHaveLength(0);
      const [n] = await db.select({ n: count() }).from(codes).innerJoin(codeGroups, eq(codeGroups.id, codes.groupId)).where(eq(codeGroups.slug, slug));
      expect(Number(n.n)).toBe(0);
      const dead = (await getGroupJob(f.org.id, job.id))!;
      expect(dead.done).toBeGreaterThanOrEqual(100_000);
      // Its heartbeat stopped with it: a few missed beats later the job reads as interrupted (and the
      // groups page records it as failed), not "running" for half an hour.
      expect(dead.heartbeatAt!.getTime()).toBeGreaterThan(killedAt - JOB_HEARTBEAT_MS - 2_000);
      expect(jobState(dead, new Set(), killedAt)).toBe("running");
      expect(jobState(dead, new Set(), dead.heartbeatAt!.getTime() + STALE_AFTER_MS + 1)).toBe("interrupted");
      expect(STALE_AFTER_MS).toBeLessThanOrEqual(30_000);
    }, 120_000);
  });
}
