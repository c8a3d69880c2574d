import { getTranslations } from "next-intl/server";
import { describeRules, type SegmentRules } from "@/lib/segments/rules";

/** A segment's rules in words, one per line. */
export async function RuleList({ rules }: { rules: SegmentRules }) {
  const t = await getTranslations("segments.rule");
  return (
    <ul className="space-y-0.5 text-sm text-zinc-700">
      {describeRules(rules).map((r) => (
        <li key={r.key}>{t(r.key, r.values)}</li>
      ))}
    </ul>
  );
}
