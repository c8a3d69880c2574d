import { sql } from "drizzle-orm";
import { rows, type Executor } from "../index";
import { seedCampaign, seedGroup } from "./builders";

// The demo's customer base (顾客), so segments have real sizes: a summer campaign that ended months ago
// brought ~900 regulars who came back several times (some still come, most went quiet: 沉睡), tags from a
// CRM on a share of everyone, and 1,500 CRM members who never claimed here. Every counter on the
// consumer rows is rebuilt from this history by recount_consumers(), as the claim and redemption
// statements keep them. A few saved segments show the rules at work.

const DAY = 86_400_000;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemoConsumers(tx: Executor, orgId: string, now: number = Date.now()): Promise<void> {
  const rand = mulberry32(20260615);
  const [ids] = await rows<{ marketer: string; reviewer: string; clerk: string; stores: string }>(
    tx,
    sql`select (select user_id from memberships where org_id = ${orgId}::uuid and role = 'marketer' limit 1) as marketer,
               (select user_id from memberships where org_id = ${orgId}::uuid and role = 'reviewer' limit 1) as reviewer,
               (select user_id from memberships where org_id = ${orgId}::uuid and role = 'clerk' limit 1) as clerk,
               (select string_agg(id::text, ',' order by created_at) from stores where org_id = ${orgId}::uuid) as stores`,
  );
  const storeIds = ids.stores.split(",");
  const summer = await seedCampaign(tx, {
    orgId,
    name: "夏日冰咖啡 满 50 减 8",
    type: "amount_off",
    value: 800,
    minSpend: 5000,
    validFrom: new Date(now - 320 * DAY),
    validUntil: new Date(now - 80 * DAY),
    perConsumerLimit: 10,
    status: "ended",
    createdBy: ids.marketer,
    submittedBy: ids.marketer,
    reviewedBy: ids.reviewer,
    createdAt: new Date(now - 322 * DAY),
  });
  const club = await seedGroup(tx, { orgId, campaignId: summer.id, name: "门店会员", slug: "demo-summer", channel: "store", mode: "unique", quantity: 4000, prefix: "SU", createdBy: ids.marketer });

  // ~900 regulars of the summer campaign: 1–6 visits each between 300 and 85 days ago, each a claim
  // redeemed the same day. A third of them are also among the last month's claimers (they came back).
  const recent = await rows<{ id: string }>(tx, sql`select id from consumers where org_id = ${orgId}::uuid order by id limit 300`);
  const people: { id: string | null; phone: string | null; visits: number[] }[] = [];
  for (let i = 0; i < 900; i++) {
    const visits = Array.from({ length: 1 + Math.floor(rand() * rand() * 6) }, () => now - (85 + Math.floor(rand() * 215)) * DAY - Math.floor(rand() * 8) * 3_600_000);
    people.push({ id: i < recent.length ? recent[i].id : null, phone: i < recent.length ? null : `+8613700${String(100000 + i).slice(-6)}`, visits });
  }
  const newbies = people.filter((p) => p.phone).map((p) => ({ phone: p.phone!, first: Math.min(...p.visits) }));
  const created = await rows<{ id: string; phone: string }>(
    tx,
    sql`insert into consumers (org_id, phone, first_seen_at)
        select ${orgId}::uuid, x.phone, x.first from jsonb_to_recordset(${JSON.stringify(newbies.map((n) => ({ phone: n.phone, first: new Date(n.first).toISOString() })))}::jsonb)
          as x(phone text, first timestamptz)
        returning id, phone`,
  );
  const byPhone = new Map(created.map((c) => [c.phone, c.id]));
  const visits: object[] = [];
  let seq = 1;
  for (const p of people) {
    const consumerId = p.id ?? byPhone.get(p.phone!)!;
    for (const at of p.visits.sort((a, b) => a - b)) {
      const redeemedAt = at + Math.floor((10 + rand() * 50) * 60_000);
      visits.push({ seq: seq++, consumer_id: consumerId, claimed_at: new Date(at).toISOString(), redeemed_at: new Date(redeemedAt).toISOString(), order_amount: 5000 + Math.floor(rand() * 26) * 1000, store_id: storeIds[rand() < 0.6 ? 0 : storeIds.length - 1] });
    }
  }
  const json = JSON.stringify(visits);
  await tx.execute(sql`
    with v as (select * from jsonb_to_recordset(${json}::jsonb) as x(seq int, consumer_id uuid, claimed_at timestamptz, redeemed_at timestamptz, order_amount int, store_id uuid))
    update codes c set status = 'redeemed', consumer_id = v.consumer_id, claimed_at = v.claimed_at, redeemed_at = v.redeemed_at, expires_at = ${summer.validUntil.toISOString()}::timestamptz
    from v where c.group_id = ${club.id}::uuid and c.seq = v.seq`);
  await tx.execute(sql`
    insert into claims (org_id, campaign_id, group_id, code_id, consumer_id, expires_at, created_at)
    select ${orgId}::uuid, ${summer.id}::uuid, ${club.id}::uuid, c.id, x.consumer_id, ${summer.validUntil.toISOString()}::timestamptz, x.claimed_at
    from jsonb_to_recordset(${json}::jsonb) as x(seq int, consumer_id uuid, claimed_at timestamptz)
    join codes c on c.group_id = ${club.id}::uuid and c.seq = x.seq`);
  await tx.execute(sql`
    insert into redemptions (org_id, code_id, campaign_id, group_id, store_id, consumer_id, clerk_user_id, order_amount, discount, claimed_at, created_at)
    select ${orgId}::uuid, c.id, ${summer.id}::uuid, ${club.id}::uuid, x.store_id, x.consumer_id, ${ids.clerk}::uuid, x.order_amount, 800, x.claimed_at, x.redeemed_at
    from jsonb_to_recordset(${json}::jsonb) as x(seq int, consumer_id uuid, claimed_at timestamptz, redeemed_at timestamptz, order_amount int, store_id uuid)
    join codes c on c.group_id = ${club.id}::uuid and c.seq = x.seq`);
  await tx.execute(sql`update campaigns set claimed_count = ${visits.length} where id = ${summer.id}::uuid`);

  // 1,500 CRM members who never claimed here (会员 from the loyalty programme), with their tags.
  await tx.execute(sql`
    with k as (
      insert into consumers (org_id, phone, first_seen_at)
      select ${orgId}::uuid, '+8613600' || lpad(n::text, 6, '0'), ${new Date(now - 40 * DAY).toISOString()}::timestamptz + make_interval(mins => n)
      from generate_series(1, 1500) n
      returning id, right(phone, 6)::int as n
    )
    insert into consumer_tags (consumer_id, tag, org_id)
    select k.id, t, ${orgId}::uuid from k, unnest(array_remove(array['会员', case when k.n % 5 = 0 then '学生' end, case when k.n % 7 = 0 then '上班族' end], null)) t`);
  // Tags from the CRM on a share of everyone else.
  await tx.execute(sql`
    insert into consumer_tags (consumer_id, tag, org_id)
    select k.id, t, k.org_id from consumers k, unnest(array_remove(array[
        case when abs(hashtext(k.id::text)) % 10 < 3 then '会员' end,
        case when abs(hashtext(k.id::text || 's')) % 10 < 2 then '学生' end,
        case when abs(hashtext(k.id::text || 'w')) % 10 < 2 then '上班族' end], null)) t
    where k.org_id = ${orgId}::uuid and not exists (select 1 from consumer_tags m where m.consumer_id = k.id and m.tag = '会员')`);

  await tx.execute(sql`select recount_consumers(${orgId}::uuid)`);
  // The big spenders are VIPs in the CRM.
  await tx.execute(sql`
    insert into consumer_tags (consumer_id, tag, org_id)
    select id, 'vip', org_id from consumers where org_id = ${orgId}::uuid and order_total >= 30000
    on conflict do nothing`);

  const segment = (name: string, rules: object) => sql`(${orgId}::uuid, ${name}, ${JSON.stringify(rules)}::jsonb, ${ids.marketer}::uuid)`;
  await tx.execute(sql`
    insert into segments (org_id, name, rules, created_by) values
      ${segment("高价值顾客", { minOrderTotal: 30000 })},
      ${segment("沉睡老客（60 天未到店）", { dormantDays: 60 })},
      ${segment("新客", { newConsumer: true })},
      ${segment("学生", { tagsAny: ["学生"] })},
      ${segment("近 30 天常客", { minRedemptions: 1, withinDays: 30 })}`);
}
