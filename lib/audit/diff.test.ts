import { describe, expect, it } from "vitest";
import { auditChanges, formatValue, plainIp } from "./diff";

describe("auditChanges", () => {
  it("lists only what changed between before and after", () => {
    expect(auditChanges({ status: "active", name: "A", quantity: 10 }, { status: "frozen", name: "A", quantity: 10, reason: "异常" })).toEqual([
      { field: "status", before: "active", after: "frozen" },
      { field: "reason", before: null, after: "异常" },
    ]);
  });

  it("lists every field of a creation, and every removed field", () => {
    expect(auditChanges(null, { name: "双十一", value: 2000 })).toEqual([
      { field: "name", before: null, after: "双十一" },
      { field: "value", before: null, after: "2000" },
    ]);
    expect(auditChanges({ reviewedAt: "2026-11-11" }, {})).toEqual([{ field: "reviewedAt", before: "2026-11-11", after: null }]);
    expect(auditChanges(null, null)).toEqual([]);
  });

  it("opens nested objects into dotted fields; arrays stay whole", () => {
    expect(
      auditChanges({ totals: { redemptions: 2, discount: 3005 }, storeIds: ["a"] }, { totals: { redemptions: 3, discount: 3005 }, storeIds: ["a", "b"] }),
    ).toEqual([
      { field: "totals.redemptions", before: "2", after: "3" },
      { field: "storeIds", before: '["a"]', after: '["a","b"]' },
    ]);
  });

  it("never repeats a secret and cuts long values", () => {
    expect(auditChanges(null, { keyHash: "abc", note: "x".repeat(500) })).toEqual([
      { field: "keyHash", before: null, after: "•••" },
      { field: "note", before: null, after: `${"x".repeat(199)}…` },
    ]);
    expect(formatValue(false)).toBe("false");
    expect(formatValue(undefined)).toBeNull();
  });

  it("reads a plain value as one field", () => {
    expect(auditChanges(null, "exported")).toEqual([{ field: "", before: null, after: "exported" }]);
  });
});

describe("audit values as people read them", () => {
  it("shows money fields in ¥ and instants on the organisation's clock when a zone is given", () => {
    expect(auditChanges(null, { value: 2000, minSpend: 10000, validFrom: "2026-11-10T16:00:00.000Z", quantity: 3 }, "Asia/Shanghai")).toEqual([
      { field: "value", before: null, after: "¥20.00" },
      { field: "minSpend", before: null, after: "¥100.00" },
      { field: "validFrom", before: null, after: "2026-11-11 00:00" },
      { field: "quantity", before: null, after: "3" },
    ]);
    // Without a zone (the CSV export for machines) values stay as stored.
    expect(formatValue(2000, "value")).toBe("2000");
  });

  it("writes an IPv4 address without its IPv6 prefix", () => {
    expect(plainIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainIp("2001:db8::1")).toBe("2001:db8::1");
    expect(plainIp(null)).toBeNull();
  });
});
