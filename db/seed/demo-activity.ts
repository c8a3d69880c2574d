import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { rows, type Executor } from "../index";
import { zonedToUtc } from "../../lib/time";
import { seedCampaign, seedGroup } from "./builders";

// A living dashboard for the demo organisation: 30 days of page views, claims, redemptions and a few
// reversals across its influencers' groups, a channel poster and both stores, shaped like a coffee
// chain's day (lunch and after-work peaks, busier weekends) and growing over the month. It adds to the
// history db/seed/demo.ts writes for 小鹿 and 阿May, gives 吃货老王 a group, and adds a second campaign
// so campaigns can be compared. Every row is consistent with the codes it touches: a claimed code holds
// its consumer and claim time, a redeemed one is `redeemed`, a reversed redemption's code is claimed
// again. Codes the e2e specs rely on are left alone: most of /c/demo-live stays available, and the
// sold-out /c/demo-flash, the scheduled /c/demo-xmas and /c/demo-verify get nothing.
// Everything is written in a handful of set-based statements, so the demo seed stays fast on PGlite.

const DAY = 86_400_000;
const MIN = 60_000;
const TZ = "Asia/Shanghai";

/** Deterministic pseudo-random numbers, so the demo looks the same on every machine. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Relative weight of each local hour: people browse at lunch and in the evening, and redeem while stores are open.
const BROWSE = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 3, 3, 3.5, 5, 7, 5.5, 3.5, 3, 3.5, 4.5, 6, 7.5, 8, 7, 4.5, 2.2];
const STORE = [0, 0, 0, 0, 0, 0, 0, 0.6, 2.5, 3, 3.2, 5.5, 7, 5, 3.2, 3.6, 4, 4.2, 4.6, 4, 3, 1.6, 0, 0];

type GroupPlan = {
  id: string;
  orgId: string;
  campaignId: string;
  influencerId: string | null;
  unique: boolean;
  /** Unique groups: the first seq not yet handed out. */
  nextSeq: number;
  /** Page views on a weekday at the start of the month; the month grows to about twice that. */
  viewsPerDay: number;
  claimRate: number;
  redeemRate: number;
  validDays: number;
  validUntil: number;
  order: { min: number; max: number; discount: number };
  utm: string;
};

/** The demo's history beyond demo.ts's own: call once, inside the demo seed's transaction. */
export async function seedDemoActivity(tx: Executor, orgId: string, now: number = Date.now()): Promise<void> {
  const rand = mulberry32(20261001);
  const q = async <T>(query: ReturnType<typeof sql>) => rows<T>(tx, query);
  const [ids] = await q<{ main: string; live: string; lm888: string; laowang: string; amay: string; xiaolu: string; clerk: string; stores: string }>(sql`
    select (select id from campaigns where org_id = ${orgId}::uuid and name = '双十一满 100 减 20') as main,
           (select id from code_groups where slug = 'demo-live') as live,
           (select id from code_groups where slug = 'demo-lm888') as lm888,
           (select id from influencers where org_id = ${orgId}::uuid and display_name = '吃货老王') as laowang,
           (select id from influencers where org_id = ${orgId}::uuid and display_name = '阿May') as amay,
           (select id from influencers where org_id = ${orgId}::uuid and display_name = '小鹿') as xiaolu,
           (select m.user_id from memberships m where m.org_id = ${orgId}::uuid and m.role = 'clerk' limit 1) as clerk,
           (select string_agg(id::text, ',' order by created_at) from stores where org_id = ${orgId}::uuid) as stores`);
  const storeIds = ids.stores.split(",");
  const [marketer] = await q<{ id: string }>(sql`select user_id as id from memberships where org_id = ${orgId}::uuid and role = 'marketer' limit 1`);
  const [reviewer] = await q<{ id: string }>(sql`select user_id as id from memberships where org_id = ${orgId}::uuid and role = 'reviewer' limit 1`);

  // 吃货老王 gets a group of the live campaign; a second campaign (a weekday latte offer) has 阿May's
  // notes and a poster in the stores.
  const mainValidUntil = now + 60 * DAY;
  const laowang = await seedGroup(tx, { orgId, campaignId: ids.main, name: "老王探店视频", slug: "demo-laowang", influencerId: ids.laowang, mode: "unique", quantity: 600, prefix: "LW", createdBy: marketer?.id });
  const latte = await seedCampaign(tx, {
    orgId,
    name: "国庆第二杯半价",
    type: "amount_off",
    value: 1500,
    minSpend: 3000,
    validFrom: new Date(now - 34 * DAY),
    validUntil: new Date(now + 20 * DAY),
    validDaysAfterClaim: 7,
    perConsumerLimit: 1,
    terms: "满 30 元减 15 元，相当于第二杯半价；领取后 7 天内有效。",
    status: "approved",
    createdBy: marketer?.id,
    submittedBy: marketer?.id,
    submittedAt: new Date(now - 36 * DAY),
    reviewedBy: reviewer?.id,
    reviewedAt: new Date(now - 35 * DAY),
    createdAt: new Date(now - 36 * DAY),
  });
  const notes = await seedGroup(tx, { orgId, campaignId: latte.id, name: "阿May 探店笔记", slug: "demo-amay-notes", influencerId: ids.amay, mode: "unique", quantity: 800, prefix: "AM", createdBy: marketer?.id });
  const poster = await seedGroup(tx, { orgId, campaignId: latte.id, name: "门店海报", slug: "demo-poster", channel: "poster", mode: "unique", quantity: 500, prefix: "PS", createdBy: marketer?.id });

  const [{ live_next: liveNext }] = await q<{ live_next: number }>(sql`
    select coalesce(max(seq) filter (where status <> 'available'), 0)::int + 1 as live_next from codes where group_id = ${ids.live}::uuid`);
  const latteUntil = latte.validUntil.getTime();
  const main = { campaignId: ids.main, orgId, validDays: 14, validUntil: mainValidUntil, order: { min: 10_000, max: 32_000, discount: 2_000 } };
  const weekday = { campaignId: latte.id, orgId, validDays: 7, validUntil: latteUntil, order: { min: 3_000, max: 8_800, discount: 1_500 } };
  const plans: GroupPlan[] = [
    // demo-live keeps most of its 1,000 codes available for the landing e2e spec.
    { ...main, id: ids.live, influencerId: ids.xiaolu, unique: true, nextSeq: liveNext, viewsPerDay: 9, claimRate: 0.32, redeemRate: 0.5, utm: "douyin" },
    { ...main, id: ids.lm888, influencerId: ids.amay, unique: false, nextSeq: 1, viewsPerDay: 7, claimRate: 0.22, redeemRate: 0.4, utm: "xiaohongshu" },
    { ...main, id: laowang.id, influencerId: ids.laowang, unique: true, nextSeq: 1, viewsPerDay: 12, claimRate: 0.18, redeemRate: 0.35, utm: "kuaishou" },
    { ...weekday, id: notes.id, influencerId: ids.amay, unique: true, nextSeq: 1, viewsPerDay: 8, claimRate: 0.3, redeemRate: 0.55, utm: "xiaohongshu" },
    { ...weekday, id: poster.id, influencerId: null, unique: true, nextSeq: 1, viewsPerDay: 5, claimRate: 0.4, redeemRate: 0.7, utm: "" },
  ];

  const pickHour = (weights: number[]) => {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = rand() * total;
    for (let h = 0; h < 24; h++) if ((r -= weights[h]) < 0) return h;
    return 12;
  };
  // One formatter and one midnight per day: building Intl formatters per event made this take seconds.
  const dayOf = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });
  const today = dayOf.format(new Date(now));
  const localDay = (back: number) => new Date(Date.parse(`${today}T00:00:00Z`) - back * DAY).toISOString().slice(0, 10);
  const midnights = new Map<string, number>();
  const midnight = (day: string) => midnights.get(day) ?? midnights.set(day, zonedToUtc(day, "00:00", TZ).getTime()).get(day)!;
  const at = (day: string, hour: number) => midnight(day) + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
  // Claim → redemption: some at the counter right away, most the same day or within a few days.
  const delay = () => {
    const r = rand();
    if (r < 0.22) return Math.floor(2 * MIN + rand() * 50 * MIN);
    if (r < 0.55) return Math.floor(1.5 * 3_600_000 + rand() * 9 * 3_600_000);
    if (r < 0.88) return Math.floor(DAY + rand() * 3 * DAY);
    return Math.floor(4 * DAY + rand() * 5 * DAY);
  };

  const views: object[] = [];
  const consumers: object[] = [];
  const claims: object[] = [];
  const codeUpdates: object[] = [];
  const redemptions: object[] = [];
  const reversals: object[] = [];
  let phone = 13912000000;

  for (const p of plans) {
    let seq = p.nextSeq;
    for (let back = 29; back >= 0; back--) {
      const day = localDay(back);
      const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
      const growth = 1 + (29 - back) / 29;
      const n = Math.round(p.viewsPerDay * growth * (weekend ? 1.45 : 1) * (0.75 + rand() * 0.5));
      for (let i = 0; i < n; i++) {
        const viewedAt = at(day, pickHour(BROWSE));
        if (viewedAt > now - MIN) continue;
        views.push({ group_id: p.id, influencer_id: p.influencerId, visitor_hash: `demo-${randomUUID().slice(0, 18)}`, utm_source: p.utm || null, created_at: new Date(viewedAt).toISOString() });
        if (rand() >= p.claimRate) continue;
        const claimedAt = Math.min(now - MIN, viewedAt + Math.floor(rand() * 4 * MIN));
        const consumerId = randomUUID();
        consumers.push({ id: consumerId, phone: `+86${phone++}`, first_seen_at: new Date(claimedAt).toISOString() });
        const expiresAt = Math.min(p.validUntil, claimedAt + p.validDays * DAY);
        const codeRef = p.unique ? { group_id: p.id, seq: seq++ } : { group_id: p.id, seq: 1 };
        claims.push({ campaign_id: p.campaignId, ...codeRef, consumer_id: consumerId, influencer_id: p.influencerId, expires_at: new Date(expiresAt).toISOString(), created_at: new Date(claimedAt).toISOString() });

        // A redemption inside the store's hours, before the code expires and before now.
        let redeemedAt: number | null = null;
        if (rand() < p.redeemRate) {
          const target = claimedAt + delay();
          const targetDay = dayOf.format(new Date(target));
          // Redeemed at the counter right after claiming, when a store is open then; else in opening hours.
          const claimHour = Math.floor((claimedAt - midnight(day)) / 3_600_000);
          const hour = target - claimedAt < 3_600_000 && STORE[claimHour] > 0 ? null : pickHour(STORE);
          const when = hour === null ? target : Math.max(claimedAt + 5 * MIN, at(targetDay, hour));
          if (when < Math.min(now - 2 * MIN, expiresAt)) redeemedAt = when;
        }
        let reversedAt: number | null = null;
        if (redeemedAt !== null) {
          const id = randomUUID();
          const orderAmount = p.order.min + Math.floor(rand() * ((p.order.max - p.order.min) / 100)) * 100;
          if (rand() < 0.05 && redeemedAt + 30 * MIN < now) {
            reversedAt = redeemedAt + Math.floor(3 * MIN + rand() * 25 * MIN);
            reversals.push({ redemption_id: id, reason: rand() < 0.5 ? "顾客取消订单" : "店员重复核销", created_at: new Date(reversedAt).toISOString() });
          }
          redemptions.push({
            id,
            campaign_id: p.campaignId,
            ...codeRef,
            store_id: storeIds[rand() < 0.58 ? 0 : Math.min(1, storeIds.length - 1)],
            influencer_id: p.influencerId,
            consumer_id: consumerId,
            order_amount: orderAmount,
            discount: p.order.discount,
            claimed_at: new Date(claimedAt).toISOString(),
            reversed_at: reversedAt === null ? null : new Date(reversedAt).toISOString(),
            created_at: new Date(redeemedAt).toISOString(),
          });
        }
        if (p.unique) {
          const redeemed = redeemedAt !== null && reversedAt === null;
          codeUpdates.push({
            ...codeRef,
            status: redeemed ? "redeemed" : "claimed",
            consumer_id: consumerId,
            claimed_at: new Date(claimedAt).toISOString(),
            redeemed_at: redeemed ? new Date(redeemedAt!).toISOString() : null,
            expires_at: new Date(expiresAt).toISOString(),
          });
        }
      }
    }
  }

  const json = (v: object[]) => JSON.stringify(v);
  await tx.execute(sql`
    insert into landing_events (org_id, group_id, influencer_id, visitor_hash, utm_source, created_at)
    select ${orgId}::uuid, x.group_id, x.influencer_id, x.visitor_hash, x.utm_source, x.created_at
    from jsonb_to_recordset(${json(views)}::jsonb) as x(group_id uuid, influencer_id uuid, visitor_hash text, utm_source text, created_at timestamptz)`);
  await tx.execute(sql`
    insert into consumers (id, org_id, phone, first_seen_at)
    select x.id, ${orgId}::uuid, x.phone, x.first_seen_at
    from jsonb_to_recordset(${json(consumers)}::jsonb) as x(id uuid, phone text, first_seen_at timestamptz)`);
  await tx.execute(sql`
    insert into claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, expires_at, created_at)
    select ${orgId}::uuid, x.campaign_id, x.group_id, c.id, x.consumer_id, x.influencer_id, x.expires_at, x.created_at
    from jsonb_to_recordset(${json(claims)}::jsonb) as x(campaign_id uuid, group_id uuid, seq int, consumer_id uuid, influencer_id uuid, expires_at timestamptz, created_at timestamptz)
    join codes c on c.group_id = x.group_id and c.seq = x.seq`);
  await tx.execute(sql`
    update codes c set status = x.status::code_status, consumer_id = x.consumer_id, claimed_at = x.claimed_at, redeemed_at = x.redeemed_at, expires_at = x.expires_at
    from jsonb_to_recordset(${json(codeUpdates)}::jsonb) as x(group_id uuid, seq int, status text, consumer_id uuid, claimed_at timestamptz, redeemed_at timestamptz, expires_at timestamptz)
    where c.group_id = x.group_id and c.seq = x.seq`);
  await tx.execute(sql`
    insert into redemptions (id, org_id, code_id, campaign_id, group_id, store_id, influencer_id, consumer_id, clerk_user_id, order_amount, discount, claimed_at, reversed_at, created_at)
    select x.id, ${orgId}::uuid, c.id, x.campaign_id, x.group_id, x.store_id, x.influencer_id, x.consumer_id, ${ids.clerk}::uuid,
           x.order_amount, x.discount, x.claimed_at, x.reversed_at, x.created_at
    from jsonb_to_recordset(${json(redemptions)}::jsonb) as x(id uuid, campaign_id uuid, group_id uuid, seq int, store_id uuid, influencer_id uuid, consumer_id uuid,
                                                          order_amount int, discount int, claimed_at timestamptz, reversed_at timestamptz, created_at timestamptz)
    join codes c on c.group_id = x.group_id and c.seq = x.seq`);
  await tx.execute(sql`
    insert into reversals (org_id, redemption_id, reason, by_user_id, created_at)
    select ${orgId}::uuid, x.redemption_id, x.reason, ${ids.clerk}::uuid, x.created_at
    from jsonb_to_recordset(${json(reversals)}::jsonb) as x(redemption_id uuid, reason text, created_at timestamptz)`);

  // demo.ts's own history predates the redemption columns for attribution: fill them from the codes, so
  // its redemptions count for their influencer and in the claim-to-redemption times.
  await tx.execute(sql`
    update redemptions r set influencer_id = g.influencer_id,
           consumer_id = coalesce(r.consumer_id, co.consumer_id), claimed_at = coalesce(r.claimed_at, co.claimed_at)
    from code_groups g, codes co
    where r.org_id = ${orgId}::uuid and g.id = r.group_id and co.id = r.code_id and r.influencer_id is null`);
  // demo.ts's history spreads redemptions over all 24 hours, but stores open 7:00–22:00: one at night
  // moves to the same minute past 10:00–19:00 that day (or the next), staying after its claim and before
  // now; one that cannot (a night just before the seed runs) is dropped and its code is claimed again.
  const night = sql`
    with n as (
      select r.id, r.code_id, coalesce(r.claimed_at, '-infinity'::timestamptz) + interval '5 minutes' as lo,
             ${new Date(now - MIN).toISOString()}::timestamptz as hi,
             (((r.created_at at time zone ${TZ})::date + make_interval(hours => 10 + extract(hour from r.created_at at time zone ${TZ})::int % 10,
               mins => extract(minute from r.created_at at time zone ${TZ})::int))::timestamp at time zone ${TZ}) as c1
      from redemptions r
      where r.org_id = ${orgId}::uuid and r.reversed_at is null
        and (extract(hour from r.created_at at time zone ${TZ}) < 7 or extract(hour from r.created_at at time zone ${TZ}) >= 22)
    )
    select id, code_id, case when c1 between lo and hi then c1 when c1 + interval '1 day' between lo and hi then c1 + interval '1 day' end as at from n`;
  await tx.execute(sql`
    with night as (${night}), gone as (delete from redemptions r using night where r.id = night.id and night.at is null returning r.code_id)
    update codes c set status = 'claimed', redeemed_at = null from gone where c.id = gone.code_id and c.status = 'redeemed'`);
  await tx.execute(sql`
    with night as (${night}), moved as (update redemptions r set created_at = night.at from night where r.id = night.id returning r.code_id, r.created_at)
    update codes c set redeemed_at = moved.created_at from moved where c.id = moved.code_id and c.status = 'redeemed'`);
  // Counters the claim and redemption paths keep: claims per group and campaign, shared-code uses.
  await tx.execute(sql`
    update code_groups g set claimed_count = (select count(*) from claims c where c.group_id = g.id),
           redeemed_count = case when g.mode = 'shared' then (select count(*) from redemptions r where r.group_id = g.id and r.reversed_at is null) else g.redeemed_count end
    where g.org_id = ${orgId}::uuid and g.id in (${ids.live}::uuid, ${ids.lm888}::uuid, ${laowang.id}::uuid, ${notes.id}::uuid, ${poster.id}::uuid)`);
  await tx.execute(sql`
    update campaigns c set claimed_count = (select count(*) from claims cl where cl.campaign_id = c.id)
    where c.org_id = ${orgId}::uuid and c.id in (${ids.main}::uuid, ${latte.id}::uuid)`);
}
