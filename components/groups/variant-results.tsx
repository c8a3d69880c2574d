import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { formatPoints, type VariantResult } from "@/lib/analytics/ab";
import { formatRate, formatRoi } from "@/lib/analytics/metrics";
import { formatCount, formatMoney } from "@/lib/format";

export type VariantResultRow = VariantResult & { offer?: string };

/**
 * The A/B table of one group: per variant 领取, 核销, 核销率, 优惠金额, GMV, ROI and the difference in
 * redemption rate against A with its 95 % interval. `action` renders a cell per row (the group page's
 * "use this variant for everyone"); without it the column is left out.
 */
export async function VariantResults({ rows, fixedVariantId, action, testId = "variant-results" }: { rows: VariantResultRow[]; fixedVariantId: string | null; action?: (row: VariantResultRow) => ReactNode; testId?: string }) {
  const t = await getTranslations("groups.ab");
  const showOffer = rows.some((r) => r.offer);
  const pct = (v: number) => formatPoints(v);
  return (
    <Table data-testid={testId}>
      <THead>
        <tr>
          <TH>{t("columns.variant")}</TH>
          {showOffer ? <TH>{t("columns.offer")}</TH> : null}
          <TH className="text-right">{t("columns.claims")}</TH>
          <TH className="text-right">{t("columns.redemptions")}</TH>
          <TH className="text-right">{t("columns.rate")}</TH>
          <TH className="text-right">{t("columns.discount")}</TH>
          <TH className="text-right">{t("columns.gmv")}</TH>
          <TH className="text-right">{t("columns.roi")}</TH>
          <TH>{t("columns.diff")}</TH>
          {action ? <TH className="text-right">{t("columns.actions")}</TH> : null}
        </tr>
      </THead>
      <TBody>
        {rows.map((r, i) => (
          <TR key={r.id} data-testid={`variant-row-${i}`}>
            <th scope="row" className="px-5 py-3 text-left font-medium whitespace-nowrap text-zinc-900">
              {r.label}
              {r.id === fixedVariantId ? (
                <Badge tone="green" className="ml-2">
                  {t("usingForEveryone")}
                </Badge>
              ) : null}
            </th>
            {showOffer ? <TD className="min-w-28 text-zinc-900">{r.offer}</TD> : null}
            <TD className="text-right tabular-nums" data-testid="variant-claims">{formatCount(r.claims)}</TD>
            <TD className="text-right tabular-nums">{formatCount(r.redemptions)}</TD>
            <TD className="text-right tabular-nums">{formatRate(r.rate)}</TD>
            <TD className="text-right whitespace-nowrap tabular-nums">{formatMoney(r.discount)}</TD>
            <TD className="text-right whitespace-nowrap tabular-nums">{formatMoney(r.gmv)}</TD>
            <TD className="text-right tabular-nums">{formatRoi(r.roi)}</TD>
            <TD className="min-w-40 tabular-nums">
              {i === 0 ? (
                <span className="text-zinc-500">{t("baseline")}</span>
              ) : r.vsFirst ? (
                <span className="flex flex-col items-start gap-1">
                  {t("diffValue", { diff: pct(r.vsFirst.diff), low: pct(r.vsFirst.low), high: pct(r.vsFirst.high) })}
                  <Badge tone={r.vsFirst.significant ? "amber" : "neutral"}>{r.vsFirst.significant ? t("significant") : t("notSignificant")}</Badge>
                </span>
              ) : (
                "—"
              )}
            </TD>
            {action ? <TD className="text-right">{action(r)}</TD> : null}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
