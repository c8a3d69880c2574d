import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, rows, type Executor } from "@/db";
import { campaigns, reconciliationChecks, stores, users } from "@/db/schema";
import { ENTRY_KINDS_LIST } from "./kinds";
import {
  changedTotals,
  isClosed,
  periodBounds,
  sumTotals,
  ZERO_TOTALS,
  type Period,
  type StatementDimension,
  type StatementScope,
  type StatementTotals,
} from "./rules";

// Statements: every figure on the reconciliation screens and in their CSV/XLSX exports comes from
// getStatement (totals) and statementEntries (lines), so screen and files cannot disagree.
// A statement for period P counts the redemptions created in P and the reversals created in P
// (as negative adjustments, whatever day their redemption was on): see docs/reconciliation.md.

/** A reviewer's mark on a statement, and whether the statement still adds up to what they saw. */
export type CheckInfo = {
  checkedAt: Date;
  checkedBy: string | null;
  note: string;
  totals: StatementTotals;
  /** Keys whose value changed since the check (empty when the statement is as checked). */
  changed: (keyof StatementTotals)[];
};

export type StatementRow = {
  scopeId: string;
  name: string;
  archived: boolean;
  totals: StatementTotals;
  check: CheckInfo | null;
};

export type Statement = {
  period: Period;
  by: StatementDimension;
  timeZone: string;
  closed: boolean;
  rows: StatementRow[];
  totals: StatementTotals;
  /** The organisation-wide statement's check. */
  orgCheck: CheckInfo | null;
};

type TotalsRow = {
  key: string;
  redemptions: number | string;
  reversals: number | string;
  order_total: number | string | bigint;
  discount: number | string | bigint;
  stored_value: number | string | bigint;
  reversed_order_total: number | string | bigint;
  reversed_discount: number | string | bigint;
  reversed_stored_value: number | string | bigint;
};

const n = (v: number | string | bigint | null | undefined) => Number(v ?? 0);

function toTotals(r: TotalsRow): StatementTotals {
  return {
    redemptions: n(r.redemptions),
    reversals: n(r.reversals),
    orderTotal: n(r.order_total),
    discount: n(r.discount),
    storedValue: n(r.stored_value),
    reversedOrderTotal: n(r.reversed_order_total),
    reversedDiscount: n(r.reversed_discount),
    reversedStoredValue: n(r.reversed_stored_value),
  };
}

function scopeCondition(scope: StatementScope): SQL {
  if (scope.type === "store") return sql`and r.store_id = ${scope.id}::uuid`;
  if (scope.type === "campaign") return sql`and r.campaign_id = ${scope.id}::uuid`;
  return sql``;
}

/**
 * The period's totals per store or campaign (`group`), or for one scope. Redemptions are read through
 * (org_id, created_at) / (store_id, created_at); reversals through (org_id, created_at), joined to their
 * redemption for the store, campaign and amounts. A redemption's `discount` column holds what a
 * stored-value card paid when its campaign is a 储值卡: the campaign's type splits the two.
 */
async function totalsBy(
  x: Executor,
  orgId: string,
  period: Period,
  timeZone: string,
  group: StatementDimension | "org",
  scope: StatementScope,
): Promise<Map<string, StatementTotals>> {
  const { from, until } = periodBounds(period, timeZone);
  const key = group === "store" ? sql`l.store_id::text` : group === "campaign" ? sql`l.campaign_id::text` : sql`'org'`;
  const where = scopeCondition(scope);
  const result = await rows<TotalsRow>(
    x,
    sql`with lines as (
          select r.store_id, r.campaign_id, 1 as n_red, 0 as n_rev,
                 r.order_amount::bigint as ord, r.discount::bigint as dis, 0::bigint as rord, 0::bigint as rdis
          from redemptions r
          where r.org_id = ${orgId}::uuid and r.created_at >= ${from.toISOString()}::timestamptz
            and r.created_at < ${until.toISOString()}::timestamptz ${where}
          union all
          select r.store_id, r.campaign_id, 0, 1, 0::bigint, 0::bigint, r.order_amount::bigint, r.discount::bigint
          from reversals v
          join redemptions r on r.id = v.redemption_id and r.org_id = v.org_id
          where v.org_id = ${orgId}::uuid and v.created_at >= ${from.toISOString()}::timestamptz
            and v.created_at < ${until.toISOString()}::timestamptz ${where}
        )
        select ${key} as key, sum(n_red)::int as redemptions, sum(n_rev)::int as reversals,
               sum(ord)::bigint as order_total,
               coalesce(sum(dis) filter (where c.type <> 'stored_value'), 0)::bigint as discount,
               coalesce(sum(dis) filter (where c.type = 'stored_value'), 0)::bigint as stored_value,
               sum(rord)::bigint as reversed_order_total,
               coalesce(sum(rdis) filter (where c.type <> 'stored_value'), 0)::bigint as reversed_discount,
               coalesce(sum(rdis) filter (where c.type = 'stored_value'), 0)::bigint as reversed_stored_value
        from lines l join campaigns c on c.id = l.campaign_id
        group by 1`,
  );
  return new Map(result.map((r) => [r.key, toTotals(r)]));
}

/** One scope's totals for a period. */
export async function getStatementTotals(
  orgId: string,
  period: Period,
  scope: StatementScope,
  timeZone: string,
  x: Executor = db,
): Promise<StatementTotals> {
  const map = await totalsBy(x, orgId, period, timeZone, "org", scope);
  return map.get("org") ?? { ...ZERO_TOTALS };
}

type CheckRow = typeof reconciliationChecks.$inferSelect & { checkedByName: string | null };

async function checksOf(orgId: string, period: Period, scopeTypes: ("org" | "store" | "campaign")[]): Promise<CheckRow[]> {
  return db
    .select({
      id: reconciliationChecks.id,
      orgId: reconciliationChecks.orgId,
      periodKind: reconciliationChecks.periodKind,
      periodStart: reconciliationChecks.periodStart,
      scopeType: reconciliationChecks.scopeType,
      scopeId: reconciliationChecks.scopeId,
      totals: reconciliationChecks.totals,
      note: reconciliationChecks.note,
      checkedBy: reconciliationChecks.checkedBy,
      checkedAt: reconciliationChecks.checkedAt,
      checkedByName: users.name,
    })
    .from(reconciliationChecks)
    .leftJoin(users, eq(users.id, reconciliationChecks.checkedBy))
    .where(
      and(
        eq(reconciliationChecks.orgId, orgId),
        eq(reconciliationChecks.periodKind, period.kind),
        eq(reconciliationChecks.periodStart, period.start),
        inArray(reconciliationChecks.scopeType, scopeTypes),
      ),
    );
}

function checkInfo(row: CheckRow | undefined, now: StatementTotals): CheckInfo | null {
  if (!row) return null;
  const totals = { ...ZERO_TOTALS, ...row.totals };
  return { checkedAt: row.checkedAt, checkedBy: row.checkedByName, note: row.note, totals, changed: changedTotals(row.totals, now) };
}

/**
 * The statement of a period by store or by campaign: one row per store (every active store, and any
 * archived one with activity) or per campaign with activity, the organisation's totals, and the checks.
 */
export async function getStatement(
  orgId: string,
  opts: { period: Period; by: StatementDimension; timeZone: string; now?: Date },
): Promise<Statement> {
  const { period, by, timeZone } = opts;
  const [byKey, checks] = await Promise.all([
    totalsBy(db, orgId, period, timeZone, by, { type: "org" }),
    checksOf(orgId, period, ["org", by]),
  ]);
  const ids = [...byKey.keys()];
  const names =
    by === "store"
      ? await db
          .select({ id: stores.id, name: stores.name, archivedAt: stores.archivedAt })
          .from(stores)
          .where(eq(stores.orgId, orgId))
      : ids.length
        ? await db
            .select({ id: campaigns.id, name: campaigns.name, archivedAt: sql<Date | null>`null` })
            .from(campaigns)
            .where(and(eq(campaigns.orgId, orgId), inArray(campaigns.id, ids)))
        : [];
  const checkOf = new Map(checks.filter((c) => c.scopeType === by).map((c) => [c.scopeId, c]));
  const list: StatementRow[] = names
    .filter((s) => byKey.has(s.id) || !s.archivedAt)
    .map((s) => {
      const totals = byKey.get(s.id) ?? { ...ZERO_TOTALS };
      return { scopeId: s.id, name: s.name, archived: Boolean(s.archivedAt), totals, check: checkInfo(checkOf.get(s.id), totals) };
    })
    .sort((a, b) => b.totals.redemptions + b.totals.reversals - (a.totals.redemptions + a.totals.reversals) || a.name.localeCompare(b.name, "zh-CN"));
  const totals = sumTotals([...byKey.values()]);
  return {
    period,
    by,
    timeZone,
    closed: isClosed(period, timeZone, opts.now ?? new Date()),
    rows: list,
    totals,
    orgCheck: checkInfo(
      checks.find((c) => c.scopeType === "org"),
      totals,
    ),
  };
}

/** The name of a statement's scope (null when it is not this organisation's store or campaign). */
export async function scopeName(orgId: string, scope: StatementScope, x: Executor = db): Promise<string | null> {
  if (scope.type === "org") return "";
  const table = scope.type === "store" ? stores : campaigns;
  const [row] = await x
    .select({ name: table.name })
    .from(table)
    .where(and(eq(table.id, scope.id), eq(table.orgId, orgId)));
  return row?.name ?? null;
}

/** One scope's statement: its totals and its check. */
export async function getScopeStatement(orgId: string, opts: { period: Period; scope: StatementScope; timeZone: string; now?: Date }) {
  const { period, scope, timeZone } = opts;
  const [totals, checks] = await Promise.all([getStatementTotals(orgId, period, scope, timeZone), checksOf(orgId, period, [scope.type])]);
  const scopeId = scope.type === "org" ? orgId : scope.id;
  return {
    period,
    scope,
    totals,
    closed: isClosed(period, timeZone, opts.now ?? new Date()),
    check: checkInfo(
      checks.find((c) => c.scopeId === scopeId),
      totals,
    ),
  };
}

export const ENTRY_KINDS = ENTRY_KINDS_LIST;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One line of a statement: a redemption, or a reversal with negative amounts. */
export type StatementEntry = {
  lineId: string;
  kind: EntryKind;
  at: Date;
  redemptionId: string;
  /** When the redemption was made (for a reversal, possibly an earlier period). */
  redeemedAt: Date;
  code: string;
  storeName: string;
  campaignName: string;
  groupName: string;
  orderAmount: number;
  /** What a discount took off (0 for a stored-value card). */
  discount: number;
  /** What a stored-value card paid (0 for a discount). */
  storedValue: number;
  actor: string | null;
  reason: string | null;
  /** A/B test: the label of the variant the code was redeemed with (null outside a test). */
  variant: string | null;
};

type EntryRow = {
  line_id: string;
  kind: EntryKind;
  at: Date | string;
  redemption_id: string;
  redeemed_at: Date | string;
  code: string;
  store_name: string;
  campaign_name: string;
  group_name: string;
  order_amount: number | string;
  discount: number | string;
  stored_value: number | string;
  actor: string | null;
  reason: string | null;
  variant: string | null;
};

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** A line's `discount` and `stored_value` columns: the redemption's amount goes to one of them by campaign type. */
const discountOf = (amount: SQL) =>
  sql`case when c.type = 'stored_value' then 0 else ${amount} end as discount, case when c.type = 'stored_value' then ${amount} else 0 end as stored_value`;

function entriesQuery(orgId: string, period: Period, scope: StatementScope, timeZone: string, kind: EntryKind | undefined, tail: SQL) {
  const { from, until } = periodBounds(period, timeZone);
  const where = scopeCondition(scope);
  const red = sql`select 'redemption' as kind, r.id::text as line_id, r.id::text as redemption_id, r.created_at as at,
        r.created_at as redeemed_at, co.code, s.name as store_name, c.name as campaign_name, g.name as group_name,
        r.order_amount as order_amount, ${discountOf(sql`r.discount`)}, coalesce(u.name, k.name) as actor, null::text as reason,
        gv.label as variant
      from redemptions r
      join codes co on co.id = r.code_id
      join stores s on s.id = r.store_id
      join campaigns c on c.id = r.campaign_id
      join code_groups g on g.id = r.group_id
      left join group_variants gv on gv.id = r.variant_id and gv.org_id = r.org_id
      left join users u on u.id = r.clerk_user_id
      left join api_keys k on k.id = r.api_key_id and k.org_id = r.org_id
      where r.org_id = ${orgId}::uuid and r.created_at >= ${from.toISOString()}::timestamptz
        and r.created_at < ${until.toISOString()}::timestamptz ${where}`;
  const rev = sql`select 'reversal' as kind, v.id::text as line_id, r.id::text as redemption_id, v.created_at as at,
        r.created_at as redeemed_at, co.code, s.name as store_name, c.name as campaign_name, g.name as group_name,
        -r.order_amount as order_amount, ${discountOf(sql`-r.discount`)}, coalesce(u.name, k.name) as actor, v.reason,
        gv.label as variant
      from reversals v
      join redemptions r on r.id = v.redemption_id and r.org_id = v.org_id
      join codes co on co.id = r.code_id
      join stores s on s.id = r.store_id
      join campaigns c on c.id = r.campaign_id
      join code_groups g on g.id = r.group_id
      left join group_variants gv on gv.id = r.variant_id and gv.org_id = r.org_id
      left join users u on u.id = v.by_user_id
      left join api_keys k on k.id = v.by_api_key_id and k.org_id = v.org_id
      where v.org_id = ${orgId}::uuid and v.created_at >= ${from.toISOString()}::timestamptz
        and v.created_at < ${until.toISOString()}::timestamptz ${where}`;
  const union = kind === "redemption" ? red : kind === "reversal" ? rev : sql`${red} union all ${rev}`;
  return sql`select * from (${union}) e ${tail}`;
}

function toEntry(r: EntryRow): StatementEntry {
  return {
    lineId: r.line_id,
    kind: r.kind,
    at: toDate(r.at),
    redemptionId: r.redemption_id,
    redeemedAt: toDate(r.redeemed_at),
    code: r.code,
    storeName: r.store_name,
    campaignName: r.campaign_name,
    groupName: r.group_name,
    orderAmount: Number(r.order_amount),
    discount: Number(r.discount),
    storedValue: Number(r.stored_value),
    actor: r.actor,
    reason: r.reason,
    variant: r.variant ?? null,
  };
}

export type EntryQuery = {
  period: Period;
  scope: StatementScope;
  timeZone: string;
  kind?: EntryKind;
  dir?: "asc" | "desc";
};

/** One page of a statement's lines (oldest first unless `dir` is desc) and how many there are. */
export async function statementEntries(orgId: string, q: EntryQuery & { limit: number; offset: number }) {
  const order = q.dir === "desc" ? sql`order by at desc, kind desc, line_id desc` : sql`order by at, kind, line_id`;
  const [page, [{ total }]] = await Promise.all([
    rows<EntryRow>(db, entriesQuery(orgId, q.period, q.scope, q.timeZone, q.kind, sql`${order} limit ${q.limit} offset ${q.offset}`)),
    rows<{ total: number | string }>(
      db,
      sql`select count(*)::int as total from (${entriesQuery(orgId, q.period, q.scope, q.timeZone, q.kind, sql``)}) x`,
    ),
  ]);
  return { rows: page.map(toEntry), total: Number(total) };
}

/** Every line of a statement, oldest first, in batches (for the exports). */
export async function* iterateStatementEntries(orgId: string, q: EntryQuery, batchSize = 2000): AsyncGenerator<StatementEntry[]> {
  // New lines of an open period have later times, so they land after the offsets already read.
  for (let offset = 0; ; offset += batchSize) {
    const batch = await rows<EntryRow>(
      db,
      entriesQuery(orgId, q.period, q.scope, q.timeZone, q.kind, sql`order by at, kind, line_id limit ${batchSize} offset ${offset}`),
    );
    if (batch.length) yield batch.map(toEntry);
    if (batch.length < batchSize) return;
  }
}
