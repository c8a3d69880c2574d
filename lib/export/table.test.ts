import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "./table";

describe("neutraliseFormula", () => {
  it("prefixes a cell a spreadsheet would read as a formula", () => {
    for (const text of ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-cmd|' /C calc'!A0"]) {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    }
  });
  it("leaves text and plain numbers as they are", () => {
    for (const text of ["小鹿", "LM888", "-12", "+3.5", "-40%", "a=b", ""]) expect(neutraliseFormula(text)).toBe(text);
  });
});
