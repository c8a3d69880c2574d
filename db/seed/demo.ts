import { eq, sql } from "drizzle-orm";
import { db, type Executor } from "../index";
import { claims, codeGroups, codes, consumers, landingEvents, redemptions, auditLogs } from "../schema";
import {
  seedCampaign,
  seedGroup,
  seedInfluencer,
  seedMember,
  seedOrganization,
  seedStore,
  seedUser,
} from "./builders";
import { seedDemoActivity } from "./demo-activity";
import { seedDemoConsumers } from "./demo-consumers";

export const DEMO_SLUG = "demo";
export const DEMO_PASSWORD = "demo12345";
export const DEMO_USERS = [
  { email: "owner@demo.local", name: "周老板", role: "owner" },
  { email: "marketer@demo.local", name: "林小市", role: "marketer" },
  { email: "reviewer@demo.local", name: "陈财务", role: "reviewer" },
  { email: "clerk@demo.local", name: "张店员", role: "clerk" },
  { email: "influencer@demo.local", name: "小鹿", role: "influencer" },
] as const;

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers, so the demo looks the same on every machine. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo organisation: one user per role, two stores, three influencers, one live campaign with history. */
export async function seedDemo(executor: Executor = db) {
  await executor.transaction(async (tx) => {
    const org = await seedOrganization(tx, { slug: DEMO_SLUG, name: "鹿鸣咖啡 LuMing Coffee" });
    const people: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      const user = await seedUser(tx, { email: u.email, name: u.name, password: DEMO_PASSWORD });
      await seedMember(tx, { orgId: org.id, userId: user.id, role: u.role });
      people[u.role] = user.id;
    }
    const nanjing = await seedStore(tx, {
      orgId: org.id,
      name: "南京路店",
      address: "上海市黄浦区南京东路 100 号",
      clerkIds: [people.clerk],
    });
    const xujiahui = await seedStore(tx, { orgId: org.id, name: "徐家汇店", address: "上海市徐汇区虹桥路 1 号" });
    const xiaolu = await seedInfluencer(tx, {
      orgId: org.id,
      displayName: "小鹿",
      platform: "douyin",
      handle: "@xiaolu_coffee",
      userId: people.influencer,
    });
    const amay = await seedInfluencer(tx, { orgId: org.id, displayName: "阿May", platform: "xiaohongshu", handle: "@amay" });
    await seedInfluencer(tx, { orgId: org.id, displayName: "吃货老王", platform: "kuaishou", handle: "@laowang" });

    const now = Date.now();
    const campaign = await seedCampaign(tx, {
      orgId: org.id,
      name: "双十一满 100 减 20",
      type: "amount_off",
      value: 2000,
      minSpend: 10000,
      validFrom: new Date(now - 31 * DAY),
      validUntil: new Date(now + 60 * DAY),
      validDaysAfterClaim: 14,
      totalQuantity: 6000,
      perConsumerLimit: 1,
      terms: "每人限领 1 张，领取后 14 天内有效，不与其他优惠同享。",
      status: "approved",
      createdBy: people.marketer,
      submittedBy: people.marketer,
      submittedAt: new Date(now - 32 * DAY),
      reviewedBy: people.reviewer,
      reviewedAt: new Date(now - 32 * DAY),
    });
    const live = await seedGroup(tx, {
      orgId: org.id,
      campaignId: campaign.id,
      name: "小鹿直播间",
      slug: "demo-live",
      influencerId: xiaolu.id,
      mode: "unique",
      quantity: 1000,
      prefix: "LM",
      createdBy: people.marketer,
    });
    const shared = await seedGroup(tx, {
      orgId: org.id,
      campaignId: campaign.id,
      name: "阿May 口令 LM888",
      slug: "demo-lm888",
      influencerId: amay.id,
      mode: "shared",
      quantity: 5000,
      sharedCode: "LM888",
      perConsumerLimit: 1,
      createdBy: people.marketer,
    });
    await tx.insert(auditLogs).values([
      { orgId: org.id, actorUserId: people.marketer, action: "campaign.submitted", entityType: "campaign", entityId: campaign.id },
      { orgId: org.id, actorUserId: people.reviewer, action: "campaign.approved", entityType: "campaign", entityId: campaign.id },
    ]);

    await seedHistory(tx, {
      orgId: org.id,
      campaignId: campaign.id,
      groups: [
        { id: live.id, influencerId: xiaolu.id, claims: 320, unique: true },
        { id: shared.id, influencerId: amay.id, claims: 90, unique: false },
      ],
      storeIds: [nanjing.id, xujiahui.id],
      clerkId: people.clerk,
      now,
    });
    // What claim_code keeps by itself: each claim's expiry, and the campaign's running total.
    await tx.execute(sql`
      update claims set expires_at = least(${campaign.validUntil.toISOString()}::timestamptz, claims.created_at + interval '14 days')
      where claims.campaign_id = ${campaign.id}::uuid`);
    await tx.execute(sql`
      update campaigns set claimed_count = (select count(*) from claims where campaign_id = ${campaign.id}::uuid)
      where id = ${campaign.id}::uuid`);

    // Two more offers so every landing state can be seen: one opening in three days, one sold out.
    const xmas = await seedCampaign(tx, {
      orgId: org.id,
      name: "圣诞拿铁 8 折",
      type: "percent_off",
      value: null,
      minSpend: 0,
      percentOff: 20,
      maxDiscount: 1000,
      validFrom: new Date(now - DAY),
      validUntil: new Date(now + 40 * DAY),
      releaseAt: new Date(now + 3 * DAY),
      perConsumerLimit: 1,
      terms: "限拿铁系列，每人限领 1 张。",
      status: "approved",
      createdBy: people.marketer,
      submittedBy: people.marketer,
      submittedAt: new Date(now - 2 * DAY),
      reviewedBy: people.reviewer,
      reviewedAt: new Date(now - 2 * DAY),
    });
    await seedGroup(tx, { orgId: org.id, campaignId: xmas.id, name: "海报", slug: "demo-xmas", channel: "poster", mode: "unique", quantity: 200, prefix: "XM", createdBy: people.marketer });
    const flash = await seedCampaign(tx, {
      orgId: org.id,
      name: "开业限量免费美式",
      type: "gift",
      value: null,
      minSpend: 0,
      giftName: "美式咖啡一杯",
      validFrom: new Date(now - 10 * DAY),
      validUntil: new Date(now + 20 * DAY),
      perConsumerLimit: 1,
      status: "approved",
      createdBy: people.marketer,
      submittedBy: people.marketer,
      submittedAt: new Date(now - 11 * DAY),
      reviewedBy: people.reviewer,
      reviewedAt: new Date(now - 11 * DAY),
    });
    const flashGroup = await seedGroup(tx, { orgId: org.id, campaignId: flash.id, name: "门店海报", slug: "demo-flash", channel: "store", mode: "unique", quantity: 3, prefix: "FL", createdBy: people.marketer });
    const flashCodes = await tx.select({ id: codes.id }).from(codes).where(eq(codes.groupId, flashGroup.id));
    for (const [i, c] of flashCodes.entries()) {
      const [fan] = await tx.insert(consumers).values({ orgId: org.id, phone: `+861370000000${i + 1}` }).returning();
      await tx.update(codes).set({ status: "claimed", consumerId: fan.id, claimedAt: new Date(now - 9 * DAY), expiresAt: flash.validUntil }).where(eq(codes.id, c.id));
      await tx.insert(claims).values({ orgId: org.id, campaignId: flash.id, groupId: flashGroup.id, codeId: c.id, consumerId: fan.id, expiresAt: flash.validUntil, createdAt: new Date(now - 9 * DAY) });
    }

    // An offer that verifies phone numbers by SMS (the dev provider's texts are under Settings → SMS outbox).
    const members = await seedCampaign(tx, {
      orgId: org.id,
      name: "会员专享满 50 减 10",
      type: "amount_off",
      value: 1000,
      minSpend: 5000,
      validFrom: new Date(now - DAY),
      validUntil: new Date(now + 45 * DAY),
      validDaysAfterClaim: 7,
      perConsumerLimit: 1,
      requirePhoneVerification: true,
      terms: "需短信验证手机号后领取，每人限领 1 张，领取后 7 天内有效。",
      status: "approved",
      createdBy: people.marketer,
      submittedBy: people.marketer,
      submittedAt: new Date(now - 2 * DAY),
      reviewedBy: people.reviewer,
      reviewedAt: new Date(now - 2 * DAY),
    });
    await seedGroup(tx, { orgId: org.id, campaignId: members.id, name: "会员短信", slug: "demo-verify", channel: "sms", mode: "unique", quantity: 300, prefix: "VF", createdBy: people.marketer });
    await seedDemoActivity(tx, org.id, now);
    await seedDemoConsumers(tx, org.id, now);
  });
}

/** Claims, redemptions and page views spread over the last 30 days, so charts have something to show. */
async function seedHistory(
  tx: Executor,
  v: {
    orgId: string;
    campaignId: string;
    groups: { id: string; influencerId: string; claims: number; unique: boolean }[];
    storeIds: string[];
    clerkId: string;
    now: number;
  },
) {
  const rand = mulberry32(20261111);
  let phone = 13800000000;
  for (const g of v.groups) {
    const groupCodes = await tx
      .select({ id: codes.id })
      .from(codes)
      .where(eq(codes.groupId, g.id))
      .orderBy(codes.seq)
      .limit(g.unique ? g.claims : 1);
    const views: (typeof landingEvents.$inferInsert)[] = [];
    for (let i = 0; i < g.claims; i++) {
      const claimedAt = new Date(v.now - Math.floor(rand() * 30 * DAY));
      const [consumer] = await tx
        .insert(consumers)
        .values({ orgId: v.orgId, phone: `+86${phone++}`, firstSeenAt: claimedAt })
        .returning({ id: consumers.id });
      const codeId = groupCodes[g.unique ? i : 0].id;
      await tx.insert(claims).values({
        orgId: v.orgId,
        campaignId: v.campaignId,
        groupId: g.id,
        codeId,
        consumerId: consumer.id,
        influencerId: g.influencerId,
        createdAt: claimedAt,
      });
      for (let k = 0; k < 3; k++) {
        views.push({
          orgId: v.orgId,
          groupId: g.id,
          influencerId: g.influencerId,
          visitorHash: `seed-${g.id.slice(0, 8)}-${i}-${k}`,
          utmSource: g.unique ? "douyin" : "xiaohongshu",
          createdAt: new Date(claimedAt.getTime() - Math.floor(rand() * 3_600_000)),
        });
      }
      const redeemed = rand() < 0.45 && claimedAt.getTime() < v.now - 3_600_000;
      const redeemedAt = new Date(Math.min(v.now - 60_000, claimedAt.getTime() + Math.floor(rand() * 5 * DAY)));
      if (g.unique) {
        await tx
          .update(codes)
          .set({
            status: redeemed ? "redeemed" : "claimed",
            consumerId: consumer.id,
            claimedAt,
            redeemedAt: redeemed ? redeemedAt : null,
            expiresAt: new Date(claimedAt.getTime() + 14 * DAY),
          })
          .where(eq(codes.id, codeId));
      }
      if (redeemed) {
        const orderAmount = 10000 + Math.floor(rand() * 200) * 100;
        await tx.insert(redemptions).values({
          orgId: v.orgId,
          codeId,
          campaignId: v.campaignId,
          groupId: g.id,
          storeId: v.storeIds[rand() < 0.6 ? 0 : 1],
          clerkUserId: v.clerkId,
          orderAmount,
          discount: 2000,
          createdAt: redeemedAt,
        });
      }
    }
    await tx.insert(landingEvents).values(views);
    await tx
      .update(codeGroups)
      .set({ claimedCount: sql`${g.claims}` })
      .where(eq(codeGroups.id, g.id));
  }
}
