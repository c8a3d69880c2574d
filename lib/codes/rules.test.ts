import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  defaultCodeLength,
  formatCode,
  generateCodes,
  guessOdds,
  isValidSharedCode,
  isWellFormedCode,
  normalizeCode,
} from "./rules";

describe("code alphabet", () => {
  it("has no look-alike characters", () => {
    for (const c of "01OIL") expect(CODE_ALPHABET).not.toContain(c);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
  });
});

describe("normalizeCode", () => {
  it("upper-cases and drops spaces and dashes", () => {
    expect(normalizeCode(" lm-7kq4 9xpt ")).toBe("LM7KQ49XPT");
  });
});

describe("defaultCodeLength", () => {
  it("keeps guessing odds below 1 in 10^9 and grows with quantity", () => {
    for (const q of [1, 10, 1_000, 100_000, 1_000_000, 10_000_000]) {
      const len = defaultCodeLength(q);
      expect(guessOdds(q, len)).toBeLessThan(1e-9);
      expect(len).toBeGreaterThanOrEqual(8);
    }
    expect(defaultCodeLength(1_000_000)).toBeGreaterThan(defaultCodeLength(1_000));
    // one character shorter would break the bound at a million codes
    expect(guessOdds(1_000_000, defaultCodeLength(1_000_000) - 1)).toBeGreaterThan(1e-9);
  });
});

describe("formatCode", () => {
  it("groups by four after the prefix", () => {
    expect(formatCode("LM7KQ49XPT", "LM")).toBe("LM-7KQ4-9XPT");
    expect(formatCode("7KQ49XPT")).toBe("7KQ4-9XPT");
  });
  it("shows a shared code as it was chosen, never grouped", () => {
    expect(formatCode("LM888", "", "shared")).toBe("LM888");
    expect(formatCode("鹿鸣", "", "shared")).toBe("鹿鸣");
  });
});

describe("shared codes (口令)", () => {
  it("take letters of any script and digits, normalised with NFKC and upper case", () => {
    expect(normalizeCode("ｌｍ８８８")).toBe("LM888");
    expect(normalizeCode(" 鹿鸣 ")).toBe("鹿鸣");
    for (const ok of ["鹿鸣", "LM888", "春日2026", "ЛЕТО"]) expect(isValidSharedCode(normalizeCode(ok))).toBe(true);
    for (const bad of ["鹿", "12", "鹿鸣!", "a".repeat(25), ""]) expect(isValidSharedCode(normalizeCode(bad))).toBe(false);
    // The counter reads a typed 口令 as a code.
    expect(isWellFormedCode("鹿鸣")).toBe(true);
  });
});

describe("generateCodes", () => {
  it("uses only the alphabet, the prefix and the requested length", () => {
    const codes = generateCodes(1000, 9, "lm");
    expect(codes).toHaveLength(1000);
    for (const c of codes) {
      expect(c.startsWith("LM")).toBe(true);
      expect(c).toHaveLength(11);
      expect(isWellFormedCode(c)).toBe(true);
      for (const ch of c.slice(2)) expect(CODE_ALPHABET).toContain(ch);
    }
  });

  it("produces no duplicates in ten million strings", () => {
    const seen = new Set<string>();
    let total = 0;
    for (let batch = 0; batch < 10; batch++) {
      for (const c of generateCodes(1_000_000, defaultCodeLength(10_000_000))) {
        seen.add(c);
        total++;
      }
    }
    expect(total).toBe(10_000_000);
    expect(seen.size).toBe(10_000_000);
  }, 120_000);

  it("spreads characters evenly", () => {
    const counts = new Map<string, number>();
    for (const c of generateCodes(20_000, 10)) for (const ch of c) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (20_000 * 10) / 31;
    for (const ch of CODE_ALPHABET) expect(Math.abs((counts.get(ch) ?? 0) - expected) / expected).toBeLessThan(0.05);
  });
});
