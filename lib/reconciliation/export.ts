import type { StatementEntry } from "./queries";
import { netOf, type StatementTotals } from "./rules";
import type { Cell, ExportColumn, TableFormat } from "@/lib/export/table";

// Statement exports. One table description (columns + rows of raw values: counts, fen, instants) is
// written either as CSV or as XLSX (lib/export/table.ts), so both files carry exactly the figures the
// screen shows: the rows come from the same query functions (lib/reconciliation/queries.ts) as the page.

export {
  localTime,
  TABLE_CONTENT_TYPES as STATEMENT_CONTENT_TYPES,
  tableCsvStream,
  tableXlsxStream,
  type Cell,
  type CellKind,
  type ExportColumn,
  type TableFormat as StatementFormat,
} from "@/lib/export/table";

export type SummaryLabels = {
  scope: string;
  redemptions: string;
  reversals: string;
  netCount: string;
  orderTotal: string;
  discount: string;
  storedValue: string;
  reversedOrderTotal: string;
  reversedDiscount: string;
  reversedStoredValue: string;
  netOrderTotal: string;
  netDiscount: string;
  netStoredValue: string;
  total: string;
};

/** The columns of a statement summary (one row per store or campaign, then the total). */
export function summaryColumns(l: SummaryLabels): ExportColumn[] {
  return [
    { header: l.scope, kind: "text", width: 28 },
    { header: l.redemptions, kind: "count" },
    { header: l.reversals, kind: "count" },
    { header: l.netCount, kind: "count" },
    { header: l.orderTotal, kind: "money" },
    { header: l.discount, kind: "money" },
    { header: l.storedValue, kind: "money" },
    { header: l.reversedOrderTotal, kind: "money" },
    { header: l.reversedDiscount, kind: "money" },
    { header: l.reversedStoredValue, kind: "money" },
    { header: l.netOrderTotal, kind: "money" },
    { header: l.netDiscount, kind: "money" },
    { header: l.netStoredValue, kind: "money" },
  ];
}

export function summaryRow(name: string, t: StatementTotals): Cell[] {
  const net = netOf(t);
  return [
    name,
    t.redemptions,
    t.reversals,
    net.netCount,
    t.orderTotal,
    t.discount,
    t.storedValue,
    t.reversedOrderTotal,
    t.reversedDiscount,
    t.reversedStoredValue,
    net.netOrderTotal,
    net.netDiscount,
    net.netStoredValue,
  ];
}

/** The summary's rows, the total last: one batch (a statement has a row per store or campaign). */
export async function* summaryRows(rows: readonly { name: string; totals: StatementTotals }[], totals: StatementTotals, totalLabel: string) {
  yield [...rows.map((r) => summaryRow(r.name, r.totals)), summaryRow(totalLabel, totals)];
}

export type EntryLabels = {
  at: string;
  kind: string;
  code: string;
  store: string;
  campaign: string;
  group: string;
  orderAmount: string;
  discount: string;
  storedValue: string;
  actor: string;
  reason: string;
  redeemedAt: string;
  /** A/B variant label column (last, so the earlier columns keep their places). */
  variant: string;
  kinds: { redemption: string; reversal: string };
  /** "Total: {redemptions} redemptions, {reversals} reversals", filled in at the end. */
  total: (counts: { redemptions: number; reversals: number }) => string;
};

/** The columns of a statement's lines. */
export function entryColumns(l: EntryLabels): ExportColumn[] {
  return [
    { header: l.at, kind: "time" },
    { header: l.kind, kind: "text", width: 10 },
    { header: l.code, kind: "text" },
    { header: l.store, kind: "text" },
    { header: l.campaign, kind: "text", width: 28 },
    { header: l.group, kind: "text" },
    { header: l.orderAmount, kind: "money" },
    { header: l.discount, kind: "money" },
    { header: l.storedValue, kind: "money" },
    { header: l.actor, kind: "text" },
    { header: l.reason, kind: "text", width: 28 },
    { header: l.redeemedAt, kind: "time" },
    { header: l.variant, kind: "text", width: 12 },
  ];
}

/**
 * The lines as export rows (reversals with negative amounts), then a total row whose amounts are the
 * sums of the lines written: the period's net order total, net discount and net stored-value spend.
 */
export async function* entryRows(entries: AsyncIterable<StatementEntry[]>, l: EntryLabels): AsyncGenerator<Cell[][]> {
  const counts = { redemptions: 0, reversals: 0 };
  let order = 0;
  let discount = 0;
  let storedValue = 0;
  for await (const batch of entries) {
    yield batch.map((e) => {
      counts[e.kind === "redemption" ? "redemptions" : "reversals"] += 1;
      order += e.orderAmount;
      discount += e.discount;
      storedValue += e.storedValue;
      const redeemedAt = e.kind === "reversal" ? e.redeemedAt : null;
      return [e.at, l.kinds[e.kind], e.code, e.storeName, e.campaignName, e.groupName, e.orderAmount, e.discount, e.storedValue, e.actor, e.reason, redeemedAt, e.variant];
    });
  }
  yield [[l.total(counts), null, null, null, null, null, order, discount, storedValue, null, null, null, null]];
}

/** `对账-D-20261111-门店.csv`-style names: kind, first day and scope; unsafe characters become `_`. */
export function statementFilename(prefix: string, start: string, suffix: string, format: TableFormat): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60);
  return `${safe(prefix)}-${start.replaceAll("-", "")}-${safe(suffix)}.${format}`;
}
