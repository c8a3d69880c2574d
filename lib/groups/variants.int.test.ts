import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLogs, claims, codeGroups, codes, redemptions } from "@/db/schema";
import { seedCampaign, seedGroup, seedStore, seedTestOrg } from "@/db/seed/builders";
import type { Actor } from "@/lib/auth/actor";
import { claimCode } from "@/lib/claims/claim";
import { claimForDisplay } from "@/lib/claims/queries";
import { normalizePhone } from "@/lib/claims/phone";
import { listCoupons } from "@/lib/consumers/queries";
import { AppError } from "@/lib/errors";
import { statementEntries } from "@/lib/reconciliation/queries";
import { dateInZone } from "@/lib/time";
import { clearFixedVariant, setGroupVariants, useVariantForEveryone } from "./mutations";
import { groupsWithVariants, variantSums } from "./queries";
import { offerWithVariant } from "./rules";
import type { VariantInput } from "./schemas";

let f: Awaited<ReturnType<typeof seedTestOrg>>;
let actor: Actor;
const phone = (i: number) => `137${String(i).padStart(8, "0")}`;
const slugOf = () => `ab-${randomUUID().slice(0, 10)}`;
const v = (over: Partial<VariantInput> = {}): VariantInput => ({ label: "", value: null, minSpend: null, percentOff: null, maxDiscount: null, tiers: null, ...over });

async function uniqueGroup(campaign: Partial<Parameters<typeof seedCampaign>[1]> = {}, mode: "unique" | "shared" = "unique") {
  const c = await seedCampaign(db, { orgId: f.org.id, ...campaign });
  const g = await seedGroup(db, {
    orgId: f.org.id,
    campaignId: c.id,
    name: "AB",
    slug: slugOf(),
    mode,
    quantity: 200,
    sharedCode: mode === "shared" ? `AB${randomUUID().slice(0, 6).toUpperCase()}` : undefined,
  });
  return { campaign: c, group: g };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  f = await seedTestOrg(db, `ab-${randomUUID().slice(0, 8)}`);
  actor = { orgId: f.org.id, role: "marketer", userId: f.users.marketer.id, apiKeyId: null };
});

describe("A/B variants of a unique group", () => {
  it("assigns each phone one variant stably, counts per variant, and fixes one for new claims", async () => {
    const { campaign, group } = await uniqueGroup({ value: 2000, minSpend: 10000 });
    const set = await setGroupVariants(actor, group.id, { variants: [v(), v({ value: 3000, minSpend: 15000 })] });
    expect(set.map((x) => [x.position, x.label, x.value])).toEqual([
      [0, "A", null],
      [1, "B", 3000],
    ]);
    const [a, b] = set;

    const phones = Array.from({ length: 40 }, (_, i) => phone(i));
    const first = new Map<string, { claimId: string; variantId: string | null }>();
    for (const p of phones) {
      const r = await claimCode({ slug: group.slug, phone: p });
      expect(r.repeat).toBe(false);
      first.set(p, { claimId: r.claimId, variantId: r.variantId });
    }
    // A repeat claim hands back the same code with the same variant.
    for (const p of phones) {
      const r = await claimCode({ slug: group.slug, phone: p });
      expect(r.repeat).toBe(true);
      expect({ claimId: r.claimId, variantId: r.variantId }).toEqual(first.get(p));
    }
    const given = [...first.values()].map((x) => x.variantId);
    expect(new Set(given)).toEqual(new Set([a.id, b.id]));

    // The code and the claim carry the same variant.
    const rows = await db
      .select({ claimVariant: claims.variantId, codeVariant: codes.variantId })
      .from(claims)
      .innerJoin(codes, eq(codes.id, claims.codeId))
      .where(and(eq(claims.orgId, f.org.id), eq(claims.groupId, group.id)));
    expect(rows).toHaveLength(40);
    for (const r of rows) expect(r.codeVariant).toBe(r.claimVariant);

    const sums = await variantSums(f.org.id, [group.id]);
    expect(sums.map((s) => s.label)).toEqual(["A", "B"]);
    expect(sums.reduce((n, s) => n + s.claims, 0)).toBe(40);
    expect(sums[0].claims).toBe(given.filter((id) => id === a.id).length);

    // The consumer's code page shows their variant's offer.
    const bPhone = phones.find((p) => first.get(p)!.variantId === b.id)!;
    const shown = await claimForDisplay(first.get(bPhone)!.claimId);
    expect(offerWithVariant(shown!.campaign, shown!.variant)).toMatchObject({ value: 3000, minSpend: 15000, name: campaign.name });
    const aPhone = phones.find((p) => first.get(p)!.variantId === a.id)!;
    const shownA = await claimForDisplay(first.get(aPhone)!.claimId);
    expect(offerWithVariant(shownA!.campaign, shownA!.variant)).toMatchObject({ value: 2000, minSpend: 10000 });
    // …and so does their list of coupons.
    const [coupon] = await listCoupons(f.org.id, normalizePhone(bPhone)!);
    expect(coupon.campaign).toMatchObject({ value: 3000, minSpend: 15000 });

    // Once claimed, the buckets cannot change, nor can the test be removed.
    expect((await refusal(setGroupVariants(actor, group.id, { variants: [v(), v({ value: 5000 })] }))).details?.reason).toBe("claimed");
    expect((await refusal(setGroupVariants(actor, group.id, { variants: [] }))).details?.reason).toBe("claimed");

    // Everyone new gets B; earlier claims keep theirs.
    await useVariantForEveryone(actor, group.id, b.id);
    for (let i = 100; i < 115; i++) expect((await claimCode({ slug: group.slug, phone: phone(i) })).variantId).toBe(b.id);
    expect((await claimCode({ slug: group.slug, phone: aPhone })).variantId).toBe(a.id);

    await clearFixedVariant(actor, group.id);
    const [g] = await db.select({ fixed: codeGroups.fixedVariantId }).from(codeGroups).where(eq(codeGroups.id, group.id));
    expect(g.fixed).toBeNull();
    expect((await refusal(clearFixedVariant(actor, group.id))).details?.reason).toBe("not_fixed");

    const audit = await db
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, f.org.id), eq(auditLogs.entityId, group.id)));
    expect(audit.map((x) => x.action).sort()).toEqual(["group.variant_fixed", "group.variant_unfixed", "group.variants_set"]);
  });

  it("sums redemptions per variant (reversed ones left out) and labels reconciliation lines", async () => {
    const { group } = await uniqueGroup({ value: 2000, minSpend: 0 });
    const [a, b] = await setGroupVariants(actor, group.id, { variants: [v({ label: "小额" }), v({ label: "大额", value: 4000 })] });
    const store = await seedStore(db, { orgId: f.org.id, name: `店 ${randomUUID().slice(0, 6)}` });
    const held: { codeId: number; variantId: string | null; claimId: string }[] = [];
    for (let i = 200; i < 220; i++) {
      const r = await claimCode({ slug: group.slug, phone: phone(i) });
      held.push({ codeId: r.codeId, variantId: r.variantId, claimId: r.claimId });
    }
    const ofA = held.filter((h) => h.variantId === a.id);
    const ofB = held.filter((h) => h.variantId === b.id);
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofB.length).toBeGreaterThan(0);
    const redeem = (h: (typeof held)[number], discount: number, reversed = false) =>
      db.insert(redemptions).values({
        orgId: f.org.id,
        codeId: h.codeId,
        campaignId: group.campaignId,
        groupId: group.id,
        storeId: store.id,
        orderAmount: 10_000,
        discount,
        variantId: h.variantId,
        reversedAt: reversed ? new Date() : null,
      });
    await redeem(ofA[0], 2000);
    await redeem(ofB[0], 4000);
    if (ofB[1]) await redeem(ofB[1], 4000, true);

    const sums = await variantSums(f.org.id, [group.id]);
    expect(sums.map((s) => [s.label, s.redemptions, s.discount, s.gmv])).toEqual([
      ["小额", 1, 2000, 10_000],
      ["大额", 1, 4000, 10_000],
    ]);
    const listed = await groupsWithVariants(f.org.id, { campaignId: group.campaignId });
    expect(listed.map((g) => [g.id, g.variants.length])).toEqual([[group.id, 2]]);

    // Another organisation sees nothing of it.
    const other = await seedTestOrg(db, `ab-o-${randomUUID().slice(0, 8)}`);
    expect(await variantSums(other.org.id, [group.id])).toEqual([]);
    expect(await groupsWithVariants(other.org.id)).toEqual([]);

    const today = dateInZone(new Date(), f.org.timeZone);
    const { rows } = await statementEntries(f.org.id, {
      period: { kind: "day", start: today, end: today },
      scope: { type: "store", id: store.id },
      timeZone: f.org.timeZone,
      kind: "redemption",
      limit: 10,
      offset: 0,
    });
    expect(rows.map((r) => r.variant).sort()).toEqual(["小额", "大额", ...(ofB[1] ? ["大额"] : [])].sort());
  });

  it("refuses what a test cannot be", async () => {
    const { group } = await uniqueGroup();
    expect((await refusal(setGroupVariants(actor, group.id, { variants: [v()] }))).code).toBe("invalid_input");
    expect((await refusal(setGroupVariants(actor, group.id, { variants: [v(), v({ percentOff: 20 })] }))).errors?.[0]).toEqual({
      path: "variants.1.percentOff",
      message: "groups.ab.errors.fieldNotForType",
    });
    const gift = await uniqueGroup({ type: "gift", value: null, minSpend: 0, giftName: "帆布袋" });
    expect((await refusal(setGroupVariants(actor, gift.group.id, { variants: [v(), v()] }))).details?.reason).toBe("type");
    const shared = await uniqueGroup({}, "shared");
    expect((await refusal(setGroupVariants(actor, shared.group.id, { variants: [v(), v({ value: 100 })] }))).details?.reason).toBe("not_unique");
    const clerk: Actor = { ...actor, role: "clerk", userId: f.users.clerk.id };
    expect((await refusal(setGroupVariants(clerk, group.id, { variants: [v(), v({ value: 100 })] }))).code).toBe("forbidden");
    const stranger: Actor = { ...actor, orgId: (await seedTestOrg(db, `ab-s-${randomUUID().slice(0, 8)}`)).org.id };
    expect((await refusal(setGroupVariants(stranger, group.id, { variants: [v(), v({ value: 100 })] }))).code).toBe("not_found");

    // Editing before claims keeps ids by position; shrinking drops the rest and unfixes a dropped variant.
    const three = await setGroupVariants(actor, group.id, { variants: [v(), v({ value: 100 }), v({ value: 200 })] });
    await useVariantForEveryone(actor, group.id, three[2].id);
    const two = await setGroupVariants(actor, group.id, { variants: [v({ label: "控制" }), v({ value: 300 })] });
    expect(two.map((x) => x.id)).toEqual([three[0].id, three[1].id]);
    expect(two.map((x) => [x.label, x.value])).toEqual([
      ["控制", null],
      ["B", 300],
    ]);
    const [g] = await db.select({ fixed: codeGroups.fixedVariantId }).from(codeGroups).where(eq(codeGroups.id, group.id));
    expect(g.fixed).toBeNull();
    expect(await setGroupVariants(actor, group.id, { variants: [] })).toEqual([]);
  });
});

describe("a variant edit racing claims", () => {
  it("either sees the claims and refuses, or every claim gets one of the new variants", async () => {
    const outcomes = { edited: 0, refused: 0 };
    for (let round = 0; round < 8; round++) {
      const { group } = await uniqueGroup({ value: 2000, minSpend: 0 });
      await setGroupVariants(actor, group.id, { variants: [v(), v({ value: 3000 }), v({ value: 4000 })] });
      const claiming = Array.from({ length: 12 }, (_, i) => claimCode({ slug: group.slug, phone: phone(5000 + round * 100 + i) }));
      // The edit drops C and changes B while the claims are under way.
      const edit = setGroupVariants(actor, group.id, { variants: [v(), v({ value: 3500 })] }).then(
        (after) => ({ ok: true as const, after }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      const [results, edited] = await Promise.all([Promise.all(claiming), edit]);
      expect(results.every((r) => r.variantId != null)).toBe(true);
      const claimed = await db.select({ variantId: codes.variantId }).from(codes).where(and(eq(codes.groupId, group.id), eq(codes.status, "claimed")));
      const claimRows = await db.select({ variantId: claims.variantId }).from(claims).where(eq(claims.groupId, group.id));
      expect(claimed).toHaveLength(12);
      expect(claimRows).toHaveLength(12);
      if (edited.ok) {
        // No claim was made before the edit: each points at a variant as it is now.
        outcomes.edited++;
        const ids = new Set(edited.after.map((x) => x.id));
        expect(claimed.every((c) => c.variantId != null && ids.has(c.variantId))).toBe(true);
        expect(claimRows.every((c) => c.variantId != null && ids.has(c.variantId))).toBe(true);
      } else {
        outcomes.refused++;
        expect(edited.e).toBeInstanceOf(AppError);
        expect((edited.e as AppError).details).toMatchObject({ reason: "claimed" });
      }
    }
    expect(outcomes.edited + outcomes.refused).toBe(8);
  });
});

