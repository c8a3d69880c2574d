"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen } from "@/lib/money";

export type BarPoint = { label: string; value: number };

/** How the axis and tooltip write a value: render functions cannot come from a server page. */
export type BarValueFormat = "count" | "money";

const format = (kind: BarValueFormat) => (v: number) => (kind === "money" ? formatFen(v) : Math.trunc(v).toLocaleString("en-US"));

/**
 * One series of bars (hours of the day, weekdays, stores, delay buckets). The numbers are also in a
 * table next to it, so the chart itself is one labelled image for screen readers.
 */
export function SimpleBarChart({
  data,
  name,
  summary,
  color = "#059669",
  height = 220,
  valueFormat = "count",
  layout = "columns",
  testId,
}: {
  data: BarPoint[];
  /** The series' name in the tooltip. */
  name: string;
  summary: string;
  color?: string;
  height?: number;
  valueFormat?: BarValueFormat;
  /** "rows": horizontal bars, for long labels (stores). */
  layout?: "columns" | "rows";
  testId?: string;
}) {
  const fmt = format(valueFormat);
  const rows = layout === "rows";
  const chartHeight = rows ? Math.max(height, data.length * 32 + 24) : height;
  return (
    <div role="img" aria-label={summary} data-testid={testId} className="w-full">
      <BarChart
        responsive
        data={data}
        layout={rows ? "vertical" : "horizontal"}
        style={{ width: "100%", height: chartHeight }}
        margin={{ top: 8, right: 12, bottom: 0, left: rows ? 8 : -12 }}
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={rows} horizontal={!rows} stroke="#e4e4e7" />
        {rows ? (
          <>
            <XAxis type="number" allowDecimals={false} tickFormatter={fmt} tick={{ fontSize: 12, fill: "#71717a" }} tickLine={false} axisLine={false} />
            <YAxis type="category" dataKey="label" width={96} tick={{ fontSize: 12, fill: "#3f3f46" }} tickLine={false} axisLine={{ stroke: "#d4d4d8" }} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#71717a" }} tickLine={false} axisLine={{ stroke: "#d4d4d8" }} interval="preserveStartEnd" minTickGap={4} />
            <YAxis allowDecimals={false} tickFormatter={fmt} tick={{ fontSize: 12, fill: "#71717a" }} tickLine={false} axisLine={false} width={valueFormat === "money" ? 72 : 48} />
          </>
        )}
        <Tooltip
          cursor={{ fill: "#f4f4f5" }}
          formatter={(v) => fmt(Number(v))}
          contentStyle={{ borderRadius: 8, borderColor: "#e4e4e7", fontSize: 13 }}
          labelStyle={{ fontWeight: 600, color: "#18181b" }}
        />
        <Bar dataKey="value" name={name} fill={color} radius={rows ? [0, 3, 3, 0] : [3, 3, 0, 0]} maxBarSize={rows ? 20 : 28} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}

export type GroupedBarPoint = { label: string } & Record<string, number | string>;

/** Several series side by side per label (the compare page: claims and redemptions per campaign or influencer). */
export function GroupedBarChart({
  data,
  series,
  summary,
  height = 260,
  testId,
}: {
  data: GroupedBarPoint[];
  series: { key: string; name: string; color: string }[];
  summary: string;
  height?: number;
  testId?: string;
}) {
  const fmt = format("count");
  return (
    <div role="img" aria-label={summary} data-testid={testId} className="w-full">
      <BarChart responsive data={data} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#e4e4e7" />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#3f3f46" }} tickLine={false} axisLine={{ stroke: "#d4d4d8" }} interval={0} />
        <YAxis allowDecimals={false} tickFormatter={fmt} tick={{ fontSize: 12, fill: "#71717a" }} tickLine={false} axisLine={false} width={48} />
        <Tooltip
          cursor={{ fill: "#f4f4f5" }}
          formatter={(v) => fmt(Number(v))}
          contentStyle={{ borderRadius: 8, borderColor: "#e4e4e7", fontSize: 13 }}
          labelStyle={{ fontWeight: 600, color: "#18181b" }}
        />
        <Legend
          iconType="circle"
          iconSize={8}
          wrapperStyle={{ fontSize: 13, paddingTop: 8 }}
          // In the order of `series` (recharts sorts by label otherwise).
          itemSorter={(item: { dataKey?: unknown }) => series.findIndex((s) => s.key === String(item.dataKey))}
        />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        ))}
      </BarChart>
    </div>
  );
}
