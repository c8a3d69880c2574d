import { z } from "zod";
import { ANOMALY_ACTIONS, ANOMALY_RULE_KINDS, type AnomalyAction, type AnomalyRuleKind } from "@/db/schema/finance";

// Anomaly rules (pure): defaults, windows and the firing decision. See docs/anomalies.md.

export { ANOMALY_ACTIONS, ANOMALY_RULE_KINDS, type AnomalyAction, type AnomalyRuleKind };

export type AnomalyRule = {
  kind: AnomalyRuleKind;
  enabled: boolean;
  /** Fires when the window holds MORE than this many events (store_rate: the floor). */
  threshold: number;
  windowMinutes: number;
  /** store_rate only: the window must also hold more than factor × the store's usual count per window. */
  factor: number | null;
  action: AnomalyAction;
};

export type AnomalyRules = Record<AnomalyRuleKind, AnomalyRule>;

/**
 * Every organisation starts with all rules on. Only a burst of redemptions on one group freezes by
 * default (the seeds' "对短时间内大量核销的包码自动冻结核查"); many claims from one IP are normal behind
 * carrier NAT, and a busy store may just be busy, so those only flag until an owner decides otherwise.
 */
export const DEFAULT_RULES: AnomalyRules = {
  group_redemptions: { kind: "group_redemptions", enabled: true, threshold: 50, windowMinutes: 10, factor: null, action: "freeze" },
  ip_claims: { kind: "ip_claims", enabled: true, threshold: 30, windowMinutes: 60, factor: null, action: "flag" },
  device_claims: { kind: "device_claims", enabled: true, threshold: 10, windowMinutes: 60, factor: null, action: "flag" },
  store_rate: { kind: "store_rate", enabled: true, threshold: 30, windowMinutes: 60, factor: 5, action: "flag" },
};

/** How far back the store rule looks for a store's usual rate. */
export const BASELINE_DAYS = 14;

/** The stored settings over the defaults (a rule without a row runs with its defaults). */
export function mergeRules(stored: readonly Partial<AnomalyRule>[]): AnomalyRules {
  const out = structuredClone(DEFAULT_RULES);
  for (const row of stored) {
    if (!row.kind || !(row.kind in out)) continue;
    const base = out[row.kind];
    out[row.kind] = {
      ...base,
      enabled: row.enabled ?? base.enabled,
      threshold: row.threshold ?? base.threshold,
      windowMinutes: row.windowMinutes ?? base.windowMinutes,
      factor: row.kind === "store_rate" ? (row.factor ?? base.factor) : null,
      action: row.action ?? base.action,
    };
  }
  return out;
}

/**
 * A rule's window ending at `now`: events with `start < at <= end` count. Half-open at the start, so
 * an event exactly `windowMinutes` old has left the window.
 */
export function windowOf(now: Date, windowMinutes: number): { start: Date; end: Date } {
  return { start: new Date(now.getTime() - windowMinutes * 60_000), end: now };
}

export function inWindow(at: Date, w: { start: Date; end: Date }): boolean {
  return at.getTime() > w.start.getTime() && at.getTime() <= w.end.getTime();
}

/** "More than N": reaching the threshold is allowed, crossing it fires. */
export function exceeds(observed: number, threshold: number): boolean {
  return observed > threshold;
}

/** A store's usual number of redemptions per window, from its count over the baseline days before the window. */
export function baselinePerWindow(countOverBaseline: number, windowMinutes: number, days = BASELINE_DAYS): number {
  return countOverBaseline / ((days * 24 * 60) / windowMinutes);
}

/**
 * The count the store's window has to exceed: the floor, and factor × its usual rate. For a whole
 * number of events, "more than x" equals "more than floor(x)", so the threshold is stored as an integer.
 */
export function storeRateThreshold(rule: Pick<AnomalyRule, "threshold" | "factor">, baseline: number): number {
  return Math.max(rule.threshold, Math.floor((rule.factor ?? 1) * baseline));
}

const WHAT: Record<AnomalyRuleKind, (m: number, observed: number) => string> = {
  group_redemptions: (m, o) => `${m} 分钟内核销 ${o} 次`,
  ip_claims: (m, o) => `同一 IP ${m} 分钟内领取 ${o} 次`,
  device_claims: (m, o) => `同一设备 ${m} 分钟内领取 ${o} 次`,
  store_rate: (m, o) => `门店 ${m} 分钟内核销 ${o} 次`,
};

/**
 * The reason written on the group and the alert, in the organisation's first language (it is stored
 * text, shown to everyone as written), e.g. "自动冻结：10 分钟内核销 57 次（阈值 50）".
 */
export function reasonText(a: { kind: AnomalyRuleKind; action: AnomalyAction; observed: number; threshold: number; windowMinutes: number; baseline?: number | null }): string {
  const head = a.action === "freeze" ? "自动冻结" : "异常预警";
  const usual = a.kind === "store_rate" && a.baseline != null ? `，平时约 ${a.baseline.toFixed(1)} 次` : "";
  return `${head}：${WHAT[a.kind](a.windowMinutes, a.observed)}（阈值 ${a.threshold}${usual}）`;
}

const count = (max: number) => z.coerce.number({ error: "anomalies.errors.number" }).int("anomalies.errors.number").min(1, "anomalies.errors.min").max(max, "anomalies.errors.max");

/** One rule as the settings form sends it. */
export const ruleInputSchema = z.object({
  kind: z.enum(ANOMALY_RULE_KINDS),
  enabled: z.boolean(),
  threshold: count(100_000),
  windowMinutes: count(1440),
  factor: count(100).nullable(),
  action: z.enum(ANOMALY_ACTIONS),
});
export type RuleInput = z.infer<typeof ruleInputSchema>;

/** The form's fields for each rule, named `<kind>.<field>`. */
export function parseRulesForm(form: Record<string, string>) {
  const out: RuleInput[] = [];
  const errors: Record<string, string> = {};
  for (const kind of ANOMALY_RULE_KINDS) {
    const parsed = ruleInputSchema.safeParse({
      kind,
      enabled: form[`${kind}.enabled`] === "on" || form[`${kind}.enabled`] === "1",
      threshold: form[`${kind}.threshold`],
      windowMinutes: form[`${kind}.windowMinutes`],
      factor: kind === "store_rate" ? form[`${kind}.factor`] : null,
      action: form[`${kind}.action`],
    });
    if (parsed.success) out.push(parsed.data);
    else for (const issue of parsed.error.issues) errors[`${kind}.${issue.path.join(".")}`] ??= issue.message;
  }
  return Object.keys(errors).length ? ({ success: false, errors } as const) : ({ success: true, data: out } as const);
}

export const RULE_FORM_FIELDS = ANOMALY_RULE_KINDS.flatMap((k) => ["enabled", "threshold", "windowMinutes", "factor", "action"].map((f) => `${k}.${f}`));
