import { describe, expect, it } from "vitest";
import {
  baselinePerWindow,
  DEFAULT_RULES,
  exceeds,
  inWindow,
  mergeRules,
  parseRulesForm,
  reasonText,
  storeRateThreshold,
  windowOf,
} from "./rules";

const NOW = new Date("2026-11-11T12:00:00Z");

describe("thresholds", () => {
  it("reaching the threshold does not fire, crossing it does", () => {
    expect(exceeds(49, 50)).toBe(false);
    expect(exceeds(50, 50)).toBe(false);
    expect(exceeds(51, 50)).toBe(true);
  });

  it("the store rule needs both the floor and factor × the usual rate", () => {
    const rule = { threshold: 30, factor: 5 };
    // A quiet store: the floor decides.
    expect(storeRateThreshold(rule, 0)).toBe(30);
    expect(storeRateThreshold(rule, 5.9)).toBe(30);
    // A busy store: its usual rate decides; "more than 62.5" is "more than 62" for whole counts.
    expect(storeRateThreshold(rule, 12.5)).toBe(62);
    expect(exceeds(62, storeRateThreshold(rule, 12.5))).toBe(false);
    expect(exceeds(63, storeRateThreshold(rule, 12.5))).toBe(true);
  });

  it("a store's usual rate is its count over 14 days per window length", () => {
    expect(baselinePerWindow(336, 60)).toBe(1);
    expect(baselinePerWindow(672, 60)).toBe(2);
    expect(baselinePerWindow(672, 30)).toBe(1);
    expect(baselinePerWindow(0, 60)).toBe(0);
  });
});

describe("windows", () => {
  it("ends at now (included) and starts M minutes before (excluded)", () => {
    const w = windowOf(NOW, 10);
    expect(w.start.toISOString()).toBe("2026-11-11T11:50:00.000Z");
    expect(inWindow(NOW, w)).toBe(true);
    expect(inWindow(new Date("2026-11-11T11:50:00.001Z"), w)).toBe(true);
    expect(inWindow(new Date("2026-11-11T11:50:00.000Z"), w)).toBe(false);
    expect(inWindow(new Date("2026-11-11T12:00:00.001Z"), w)).toBe(false);
  });
});

describe("rules", () => {
  it("every rule is on by default; only the group burst freezes", () => {
    expect(Object.values(DEFAULT_RULES).every((r) => r.enabled)).toBe(true);
    expect(Object.values(DEFAULT_RULES).filter((r) => r.action === "freeze").map((r) => r.kind)).toEqual(["group_redemptions"]);
  });

  it("stored settings override the defaults rule by rule; factor belongs to the store rule only", () => {
    const rules = mergeRules([
      { kind: "ip_claims", enabled: false, threshold: 5, windowMinutes: 30, action: "freeze", factor: 9 },
      { kind: "store_rate", factor: 8 },
    ]);
    expect(rules.ip_claims).toEqual({ kind: "ip_claims", enabled: false, threshold: 5, windowMinutes: 30, factor: null, action: "freeze" });
    expect(rules.store_rate).toEqual({ ...DEFAULT_RULES.store_rate, factor: 8 });
    expect(rules.group_redemptions).toEqual(DEFAULT_RULES.group_redemptions);
    expect(mergeRules([])).toEqual(DEFAULT_RULES);
  });

  it("says why, in the organisation's words", () => {
    expect(reasonText({ kind: "group_redemptions", action: "freeze", observed: 57, threshold: 50, windowMinutes: 10 })).toBe(
      "自动冻结：10 分钟内核销 57 次（阈值 50）",
    );
    expect(reasonText({ kind: "device_claims", action: "flag", observed: 11, threshold: 10, windowMinutes: 60 })).toBe(
      "异常预警：同一设备 60 分钟内领取 11 次（阈值 10）",
    );
    expect(reasonText({ kind: "store_rate", action: "flag", observed: 40, threshold: 30, windowMinutes: 60, baseline: 3.25 })).toBe(
      "异常预警：门店 60 分钟内核销 40 次（阈值 30，平时约 3.3 次）",
    );
  });
});

describe("the settings form", () => {
  const form = (over: Record<string, string> = {}) => {
    const out: Record<string, string> = {};
    for (const r of Object.values(DEFAULT_RULES)) {
      out[`${r.kind}.enabled`] = "on";
      out[`${r.kind}.threshold`] = String(r.threshold);
      out[`${r.kind}.windowMinutes`] = String(r.windowMinutes);
      out[`${r.kind}.factor`] = r.factor === null ? "" : String(r.factor);
      out[`${r.kind}.action`] = r.action;
    }
    return { ...out, ...over };
  };

  it("reads every rule; an unchecked box is off", () => {
    const parsed = parseRulesForm(form({ "ip_claims.enabled": "" }));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.find((r) => r.kind === "ip_claims")?.enabled).toBe(false);
    expect(parsed.data.find((r) => r.kind === "store_rate")).toEqual({ ...DEFAULT_RULES.store_rate });
  });

  it("names the failing fields", () => {
    const parsed = parseRulesForm(form({ "group_redemptions.threshold": "0", "store_rate.factor": "x", "device_claims.windowMinutes": "2000", "ip_claims.action": "delete" }));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.errors).toEqual({
      "group_redemptions.threshold": "anomalies.errors.min",
      "store_rate.factor": "anomalies.errors.number",
      "device_claims.windowMinutes": "anomalies.errors.max",
      "ip_claims.action": expect.any(String),
    });
  });
});
