import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { seedOrganization } from "@/db/seed/builders";
import { smsProvider } from "./index";
import { listSmsMessages } from "./queries";

let orgA: string;
let orgB: string;

beforeAll(async () => {
  orgA = (await seedOrganization(db, { slug: `sms-${randomUUID().slice(0, 8)}`, name: "A" })).id;
  orgB = (await seedOrganization(db, { slug: `sms-${randomUUID().slice(0, 8)}`, name: "B" })).id;
});

describe("SMS provider selection and the dev outbox", () => {
  it("selects the dev provider by default, which writes to the organisation's outbox", async () => {
    const provider = smsProvider();
    expect(provider.name).toBe("dev");
    await provider.send(orgA, "+8613800138000", "first");
    await new Promise((r) => setTimeout(r, 5));
    await provider.send(orgA, "+8613800138001", "second");
    await provider.send(orgB, "+8613800138002", "other organisation");
    const a = await listSmsMessages(orgA);
    expect(a.map((m) => m.body)).toEqual(["second", "first"]);
    expect(a[0]).toMatchObject({ phone: "+8613800138001", provider: "dev" });
    expect((await listSmsMessages(orgB)).map((m) => m.body)).toEqual(["other organisation"]);
    expect(await listSmsMessages(orgA, 1)).toHaveLength(1);
  });
});
