import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { campaigns, codes, groupJobs } from "@/db/schema";
import { seedCampaign, seedInfluencer, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { createGroup, importGroup, startGroupJob } from "./groups";
import { parseCodesCsv } from "./import-csv";
import { checkGroupRequest, jobErrorKey, jobProgress, jobState, liveJobOf, recordInterruptedJobs, retryGroupJob, runGroupJob, STALE_AFTER_MS } from "./jobs";
import { createGroupSchema } from "./schemas";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;
let campaignId: string;
const as = (x = f): Actor => ({ orgId: x.org.id, role: "marketer", userId: x.users.marketer.id, apiKeyId: null });
const input = (v: object) => createGroupSchema.parse({ name: "g", mode: "unique", quantity: 10, ...v });

beforeAll(async () => {
  f = await seedTestOrg(db, `job-${randomUUID().slice(0, 8)}`);
  other = await seedTestOrg(db, `job-${randomUUID().slice(0, 8)}`);
  campaignId = (await seedCampaign(db, { orgId: f.org.id })).id;
});

describe("checkGroupRequest", () => {
  it("reports what the form can show before a job starts", async () => {
    await createGroup(as(), campaignId, input({ mode: "shared", sharedCode: "JOB888", quantity: 5, slug: "job-taken" }));
    const otherInf = await seedInfluencer(db, { orgId: other.org.id, displayName: "别家", platform: "weibo" });
    await expect(
      checkGroupRequest(f.org.id, campaignId, input({ mode: "shared", sharedCode: "job-888", slug: "job-taken", influencerId: otherInf.id })),
    ).rejects.toMatchObject({
      code: "invalid_input",
      errors: [
        { path: "influencerId", message: "group.errors.unknownInfluencer" },
        { path: "slug", message: "group.errors.slugTaken" },
        { path: "sharedCode", message: "group.errors.sharedCodeTaken" },
      ],
    });
    await expect(checkGroupRequest(f.org.id, campaignId, input({ quantity: 100_000, codeLength: 8 }))).rejects.toMatchObject({ errors: [{ path: "codeLength" }] });
    await expect(checkGroupRequest(other.org.id, campaignId, input({}))).rejects.toMatchObject({ code: "not_found" });
    await expect(checkGroupRequest(f.org.id, campaignId, input({ slug: "job-free" }))).resolves.toBeUndefined();
  });
});

describe("runGroupJob", () => {
  it("runs a job to success, and the job then reads as succeeded with its group", async () => {
    const job = await startGroupJob(as(), campaignId, { name: "bg", quantity: 300 });
    expect(liveJobOf(f.org.id, f.users.marketer.id, job.id)).toBeNull();
    await runGroupJob(as(), campaignId, input({ name: "bg", quantity: 300 }), job.id);
    const [row] = await db.select().from(groupJobs).where(eq(groupJobs.id, job.id));
    expect(jobProgress(row, jobState(row, new Set()))).toMatchObject({ state: "succeeded", done: 300, quantity: 300, groupId: expect.any(String), errorKey: null });
  });

  it("records a refusal that comes before the generating transaction, so no job stays running", async () => {
    const ended = await seedCampaign(db, { orgId: f.org.id });
    const job = await startGroupJob(as(), ended.id, { name: "late", quantity: 10 });
    await db.update(campaigns).set({ status: "ended" }).where(eq(campaigns.id, ended.id));
    await runGroupJob(as(), ended.id, input({ name: "late" }), job.id);
    const [row] = await db.select().from(groupJobs).where(eq(groupJobs.id, job.id));
    expect(row.status).toBe("failed");
    expect(jobProgress(row, jobState(row, new Set()))).toMatchObject({ state: "failed", errorKey: "groups.errors.campaignEnded" });
  });

  it("shows a running job that no process runs as interrupted: at once on PGlite, once its heartbeat is silent on PostgreSQL", async () => {
    const job = await startGroupJob(as(), campaignId, { name: "orphan", quantity: 10 });
    const state = jobState(job, new Set());
    expect(state).toBe(process.env.DATABASE_URL ? "running" : "interrupted");
    expect(jobState(job, new Set([job.id]))).toBe("running");
    expect(jobState(job, new Set(), job.heartbeatAt!.getTime() + STALE_AFTER_MS + 1)).toBe("interrupted");
  });

  it("retries an interrupted job with what it asked for, as a new job that writes the group", async () => {
    const asked = input({ name: "retry me", quantity: 40, slug: `retry-${randomUUID().slice(0, 8)}` });
    const job = await startGroupJob(as(), campaignId, asked);
    // Its process died: the heartbeat went silent long ago.
    await db.update(groupJobs).set({ heartbeatAt: new Date(Date.now() - 10 * STALE_AFTER_MS) }).where(eq(groupJobs.id, job.id));
    const again = await retryGroupJob(as(), job.id);
    expect(again.id).not.toBe(job.id);
    const [old] = await db.select().from(groupJobs).where(eq(groupJobs.id, job.id));
    expect(old.status).toBe("failed");
    await runGroupJob(as(), campaignId, createGroupSchema.parse(again.input), again.id);
    const [done] = await db.select().from(groupJobs).where(eq(groupJobs.id, again.id));
    expect(done).toMatchObject({ status: "succeeded", done: 40 });
    await expect(retryGroupJob(as(), again.id)).rejects.toMatchObject({ code: "invalid_state" });
    // A job of another organisation is not found.
    await expect(retryGroupJob({ ...as(), orgId: other.org.id }, job.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("only lets the job's starter read it from memory, and only in its organisation", async () => {
    const job = await startGroupJob(as(), campaignId, { name: "mine", quantity: 60_000 });
    const seen: { own: boolean; reviewer: boolean; otherOrg: boolean }[] = [];
    await createGroup(as(), campaignId, input({ name: "mine", quantity: 60_000 }), {
      jobId: job.id,
      onProgress: () => {
        seen.push({
          own: liveJobOf(f.org.id, f.users.marketer.id, job.id) !== null,
          reviewer: liveJobOf(f.org.id, f.users.reviewer.id, job.id) !== null,
          otherOrg: liveJobOf(other.org.id, f.users.marketer.id, job.id) !== null,
        });
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.own && !s.reviewer && !s.otherOrg)).toBe(true);
  }, 60_000);

  it("maps recorded errors to message keys", () => {
    expect(jobErrorKey("Generating the codes failed and nothing was kept. Try again.")).toBe("groups.jobs.errors.failed");
    expect(jobErrorKey("This link name is taken.")).toBe("group.errors.slugTaken");
    expect(jobErrorKey(null)).toBe("groups.jobs.errors.failed");
    expect(jobErrorKey("something new")).toBe("groups.jobs.errors.failed");
  });
});

describe("CSV import end to end", () => {
  it("parses a partner file and imports all of it, or reports the bad rows by file line and imports nothing", async () => {
    const [before] = await db.select({ n: count() }).from(codes).where(eq(codes.orgId, f.org.id));
    const bad = parseCodesCsv("code\nCSV0001\nCSV 0002\nnot valid!\ncsv-0001\n");
    if (!bad.ok) throw new Error("unreadable");
    await expect(importGroup(as(), campaignId, { name: "csv" }, bad.rows)).rejects.toMatchObject({
      errors: [
        { path: "rows.4", message: "group.import.malformed" },
        { path: "rows.5", message: "group.import.duplicateInFile" },
      ],
    });
    const [after] = await db.select({ n: count() }).from(codes).where(eq(codes.orgId, f.org.id));
    expect(after.n).toBe(before.n);
    const good = parseCodesCsv("code\nCSV0001\nCSV 0002\n");
    if (!good.ok) throw new Error("unreadable");
    const g = await importGroup(as(), campaignId, { name: "csv", channel: "美团" }, good.rows);
    const rows = await db.select({ code: codes.code }).from(codes).where(and(eq(codes.groupId, g.id), eq(codes.orgId, f.org.id)));
    expect(rows.map((r) => r.code).sort()).toEqual(["CSV0001", "CSV0002"]);
  });
});

describe("recordInterruptedJobs", () => {
  it("turns orphaned running jobs into failures that explain themselves, in the caller's organisation only", async () => {
    const job = await startGroupJob(as(), campaignId, { name: "crashed", quantity: 10 });
    await recordInterruptedJobs(other.org.id, [job.id]);
    expect((await db.select().from(groupJobs).where(eq(groupJobs.id, job.id)))[0].status).toBe("running");
    await recordInterruptedJobs(f.org.id, [job.id]);
    const [row] = await db.select().from(groupJobs).where(eq(groupJobs.id, job.id));
    expect(jobProgress(row, jobState(row, new Set()))).toMatchObject({ state: "failed", errorKey: "groups.jobs.errors.interrupted" });
  });
});
