import { describe, expect, it } from "vitest";
import { formatFen, parseYuan } from "./money";

describe("parseYuan", () => {
  it("reads yuan amounts into integer fen", () => {
    expect(parseYuan("20")).toBe(2000);
    expect(parseYuan("19.9")).toBe(1990);
    expect(parseYuan("¥1,000.05")).toBe(100005);
    expect(parseYuan("0")).toBe(0);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", "-1", "1.999", "abc", "1e3", "."]) expect(parseYuan(bad)).toBeNull();
  });
});

describe("formatFen", () => {
  it("prints yuan with two decimals", () => {
    expect(formatFen(2000)).toBe("¥20.00");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(-5)).toBe("-¥0.05");
  });
});
