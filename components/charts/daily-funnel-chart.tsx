"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";

export type DailyFunnelPoint = { day: string; views: number; claims: number; redemptions: number };

const COLORS = { views: "#71717a", claims: "#e11d48", redemptions: "#059669" } as const;
// Legend and tooltip in funnel order (recharts sorts them by label otherwise).
const ORDER: Record<string, number> = { views: 0, claims: 1, redemptions: 2 };
const byFunnel = (item: { dataKey?: unknown }) => ORDER[String(item.dataKey)] ?? 9;

/**
 * Views (a line) and claims and redemptions (bars) per day. The same numbers are in a table next to
 * it, so the chart itself is one labelled image for screen readers.
 */
export function DailyFunnelChart({
  data,
  labels,
  summary,
  height = 288,
  testId = "insights-chart",
}: {
  data: DailyFunnelPoint[];
  labels: { views: string; claims: string; redemptions: string };
  summary: string;
  height?: number;
  testId?: string;
}) {
  return (
    <div role="img" aria-label={summary} data-testid={testId} className="w-full">
      <ComposedChart
        responsive
        data={data}
        style={{ width: "100%", height }}
        margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={false} stroke="#e4e4e7" />
        <XAxis
          dataKey="day"
          tickFormatter={(d: string) => d.slice(5)}
          tick={{ fontSize: 12, fill: "#71717a" }}
          tickLine={false}
          axisLine={{ stroke: "#d4d4d8" }}
          minTickGap={16}
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#71717a" }} tickLine={false} axisLine={false} width={48} />
        <Tooltip
          cursor={{ fill: "#f4f4f5" }}
          contentStyle={{ borderRadius: 8, borderColor: "#e4e4e7", fontSize: 13 }}
          labelStyle={{ fontWeight: 600, color: "#18181b" }}
          itemSorter={byFunnel}
        />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13, paddingTop: 8 }} itemSorter={byFunnel} />
        <Bar dataKey="claims" name={labels.claims} fill={COLORS.claims} radius={[3, 3, 0, 0]} maxBarSize={14} isAnimationActive={false} />
        <Bar dataKey="redemptions" name={labels.redemptions} fill={COLORS.redemptions} radius={[3, 3, 0, 0]} maxBarSize={14} isAnimationActive={false} />
        <Line
          dataKey="views"
          name={labels.views}
          type="monotone"
          stroke={COLORS.views}
          strokeWidth={2}
          dot={false}
          activeDot={{ r: 4 }}
          isAnimationActive={false}
        />
      </ComposedChart>
    </div>
  );
}
