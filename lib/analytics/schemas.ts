import { z } from "zod";
import { isCalendarDay } from "@/lib/time";
import { resolveRange, type DayRange } from "./metrics";

// The analytics pages' URLs, the CSV export's and the stats API's inputs and outputs.

const day = z.string().refine(isCalendarDay, "A date written YYYY-MM-DD, between 2000-01-01 and 2099-12-31.");

/** `GET /api/v1/campaigns/{id}/stats?from=&to=`: local days of the organisation, both included, both optional. */
export const campaignStatsQuerySchema = z
  .object({
    from: day.optional().meta({ description: "First local day (YYYY-MM-DD, the organisation's time zone), included.", example: "2026-11-01" }),
    to: day.optional().meta({ description: "Last local day, included.", example: "2026-11-30" }),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "`from` must not be after `to`.", path: ["to"] });

const money = (description: string) => z.number().int().meta({ description });

const groupStatsSchema = z
  .object({
    groupId: z.uuid(),
    influencerId: z.uuid().nullable(),
    views: z.number().int(),
    claims: z.number().int(),
    redemptions: z.number().int().meta({ description: "Redemptions not reversed." }),
    discountTotal: money("Discount given on those redemptions, fen (stored-value cards' spend not included)."),
    storedValueTotal: money("Paid from stored-value cards on those redemptions, fen: a payment, not a discount."),
    orderTotal: money("Order totals of those redemptions, fen."),
  })
  .meta({ id: "GroupStats" });

export const campaignStatsSchema = z
  .object({
    views: z.number().int().meta({ description: "Landing page views of the campaign's groups (bots and repeat visits within 30 minutes left out)." }),
    claims: z.number().int(),
    redemptions: z.number().int().meta({ description: "Redemptions not reversed, on the day they happened." }),
    discountTotal: money("Discount given on redemptions not reversed, fen (stored-value cards' spend not included)."),
    storedValueTotal: money("Paid from stored-value cards on redemptions not reversed, fen: a payment, not a discount."),
    orderTotal: money("Order totals (GMV) of redemptions not reversed, fen."),
    byGroup: z.array(groupStatsSchema).meta({ description: "Every group of the campaign, with zeros where nothing happened." }),
    from: z.string().nullable().meta({ description: "The window's first local day, or null for since the start." }),
    to: z.string().nullable().meta({ description: "The window's last local day, or null for up to now." }),
    timeZone: z.string().meta({ description: "The organisation's time zone the days are counted in.", example: "Asia/Shanghai" }),
  })
  .meta({ id: "CampaignStats" });

export type RawParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const uuid = z.uuid();

/** The dashboard's URL (`?campaign=&range=7|30|90|custom&from=&to=`), never failing: bad values fall back. */
export function parseDashboardParams(p: RawParams, today: string): { campaignId: string | null; range: DayRange } {
  const campaign = first(p.campaign);
  return {
    campaignId: campaign && uuid.safeParse(campaign).success ? campaign : null,
    range: resolveRange({ range: first(p.range), from: first(p.from), to: first(p.to) }, today),
  };
}

export const COMPARE_KINDS = ["campaign", "influencer"] as const;
/** At most this many side by side (the table stays readable). */
export const MAX_COMPARE = 6;

/** The compare page's URL (`?kind=campaign|influencer&ids=…&ids=…` plus the range keys). */
export function parseCompareParams(p: RawParams, today: string): { kind: (typeof COMPARE_KINDS)[number]; ids: string[]; range: DayRange } {
  const kind = first(p.kind) === "influencer" ? "influencer" : "campaign";
  const raw = p.ids === undefined ? [] : Array.isArray(p.ids) ? p.ids : p.ids.split(",");
  const ids = [...new Set(raw.filter((id) => uuid.safeParse(id).success))].slice(0, MAX_COMPARE);
  return { kind, ids, range: resolveRange({ range: first(p.range), from: first(p.from), to: first(p.to) }, today) };
}

/** The tables the CSV export serves: one per chart or table of the dashboard, and the comparison. */
export const EXPORT_TABLES = ["daily", "funnel", "influencers", "stores", "hours", "weekdays", "delay", "compare"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** Leaderboard columns, sortable by each (also its `?sort=` values). */
export const LEADERBOARD_SORTS = ["name", "views", "claims", "redemptions", "conversion", "discount", "storedValue", "gmv", "roi"] as const;
export type LeaderboardSort = (typeof LEADERBOARD_SORTS)[number];
