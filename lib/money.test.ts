import { describe, expect, it } from "vitest";
import { formatFen, parseYuan, readYuan } from "./money";

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

describe("readYuan", () => {
  it("takes full-width digits and the full-width yuan sign, as Chinese input methods type them", () => {
    expect(readYuan("２０")).toEqual({ fen: 2000 });
    expect(readYuan("￥１９．９")).toEqual({ fen: 1990 });
    expect(readYuan("１，０００")).toEqual({ fen: 100000 });
  });
  it("says what is wrong: not an amount, below zero, or above ¥1,000,000", () => {
    expect(readYuan("-20")).toEqual({ problem: "negative" });
    expect(readYuan("－２０")).toEqual({ problem: "negative" });
    expect(readYuan("−0.5")).toEqual({ problem: "negative" });
    expect(readYuan("99999999999999999")).toEqual({ problem: "tooLarge" });
    expect(readYuan("1000000.01")).toEqual({ problem: "tooLarge" });
    expect(readYuan("1000000")).toEqual({ fen: 100_000_000 });
    expect(readYuan("1.999")).toEqual({ problem: "format" });
    expect(readYuan("abc")).toEqual({ problem: "format" });
    expect(readYuan("-abc")).toEqual({ problem: "format" });
    expect(readYuan("-0")).toEqual({ fen: 0 });
  });
});

describe("formatFen", () => {
  it("prints yuan with two decimals", () => {
    expect(formatFen(2000)).toBe("¥20.00");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(-5)).toBe("-¥0.05");
  });
});
