import { z } from "zod";
import type { CheckInfo, Statement } from "./queries";
import { isCalendarDay } from "@/lib/time";
import { netOf, periodBounds, type StatementTotals } from "./rules";

/** `GET /api/v1/reconciliation` query: a day or a Monday–Sunday week containing `date` (default: the latest closed one). */
export const statementQuerySchema = z.object({
  period: z.enum(["day", "week"]).default("day"),
  date: z
    .string()
    .refine(isCalendarDay, "Expected a date as YYYY-MM-DD between 2000-01-01 and 2099-12-31.")
    .optional()
    .meta({ description: "Any day of the period (YYYY-MM-DD, organisation time zone); a week runs Monday–Sunday. Default: the latest closed period." }),
  by: z.enum(["store", "campaign"]).default("store"),
});

const money = (description: string) => z.number().int().meta({ description: `${description}, in fen` });

const totalsSchema = z
  .object({
    redemptions: z.number().int().meta({ description: "Redemptions made in the period" }),
    reversals: z.number().int().meta({ description: "Reversals made in the period (of redemptions of any day)" }),
    netCount: z.number().int(),
    orderTotal: money("Order amounts of the period's redemptions"),
    discount: money("Discount given by the period's redemptions (stored-value cards not included)"),
    storedValue: money("Paid from stored-value cards (储值卡) by the period's redemptions: a payment, not a discount"),
    reversedOrderTotal: money("Order amounts of the redemptions reversed in the period"),
    reversedDiscount: money("Discount of the redemptions reversed in the period"),
    reversedStoredValue: money("Stored-value spend of the redemptions reversed in the period (credited back to the cards)"),
    netOrderTotal: money("orderTotal − reversedOrderTotal"),
    netDiscount: money("discount − reversedDiscount"),
    netStoredValue: money("storedValue − reversedStoredValue"),
  })
  .meta({ id: "StatementTotals" });

const checkSchema = z
  .object({
    checkedAt: z.string(),
    checkedBy: z.string().nullable(),
    changedSinceCheck: z.boolean().meta({ description: "Rows recorded later changed the figures that were checked" }),
  })
  .nullable()
  .meta({ id: "StatementCheck" });

export const statementSchema = z
  .object({
    period: z.object({
      kind: z.enum(["day", "week"]),
      start: z.string(),
      end: z.string(),
      from: z.string().meta({ description: "First instant covered (local midnight of `start`)" }),
      until: z.string().meta({ description: "First instant after the period (local midnight after `end`)" }),
    }),
    timeZone: z.string(),
    closed: z.boolean().meta({ description: "The period has ended; only then can it be checked and its figures are final" }),
    by: z.enum(["store", "campaign"]),
    rows: z.array(z.object({ id: z.uuid(), name: z.string(), totals: totalsSchema, check: checkSchema })),
    totals: totalsSchema,
    check: checkSchema,
  })
  .meta({ id: "Statement" });

export type StatementDto = z.infer<typeof statementSchema>;

function totalsDto(t: StatementTotals) {
  return { ...t, ...netOf(t) };
}

function checkDto(c: CheckInfo | null) {
  return c ? { checkedAt: c.checkedAt.toISOString(), checkedBy: c.checkedBy, changedSinceCheck: c.changed.length > 0 } : null;
}

/** The statement as the API returns it (the same figures as the console and its exports). */
export function toStatementDto(s: Statement): StatementDto {
  const { from, until } = periodBounds(s.period, s.timeZone);
  return {
    period: { ...s.period, from: from.toISOString(), until: until.toISOString() },
    timeZone: s.timeZone,
    closed: s.closed,
    by: s.by,
    rows: s.rows.map((r) => ({ id: r.scopeId, name: r.name, totals: totalsDto(r.totals), check: checkDto(r.check) })),
    totals: totalsDto(s.totals),
    check: checkDto(s.orgCheck),
  };
}
