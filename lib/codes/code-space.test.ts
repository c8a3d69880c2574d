import { describe, expect, it } from "vitest";
import { ALPHABET_SIZE, codeSpace, MAX_LENGTH, MAX_ODDS, MIN_LENGTH, oddsOfGuess, sampleCode, scientific, suggestedLength, superscript } from "./code-space";
import { CODE_ALPHABET, defaultCodeLength, guessOdds, MAX_CODE_LENGTH, MAX_GUESS_ODDS, MIN_CODE_LENGTH } from "./rules";

describe("code space (the form's client-side twin of rules.ts)", () => {
  it("agrees with the server's rules", () => {
    expect(ALPHABET_SIZE).toBe(CODE_ALPHABET.length);
    expect(MAX_ODDS).toBe(MAX_GUESS_ODDS);
    expect([MIN_LENGTH, MAX_LENGTH]).toEqual([MIN_CODE_LENGTH, MAX_CODE_LENGTH]);
    for (const q of [1, 9, 10, 1000, 5000, 27_000, 100_000, 887_503, 1_000_000]) {
      expect(suggestedLength(q)).toBe(defaultCodeLength(q));
      for (const len of [8, 10, 12, 16]) expect(oddsOfGuess(q, len)).toBe(guessOdds(q, len));
    }
  });

  it("reads 1 in N and refuses what the server refuses", () => {
    const ok = codeSpace(1_000_000);
    expect(ok.length).toBe(defaultCodeLength(1_000_000));
    expect(ok.safe).toBe(true);
    expect(ok.oneIn).toBeGreaterThan(1e9);
    const weak = codeSpace(100_000, 8);
    expect(weak.safe).toBe(false);
    expect(weak.oneIn).toBeLessThan(1e9);
    // the server refuses odds >= 1e-9: so does the form
    expect(codeSpace(1, 6).safe).toBe(guessOdds(1, 6) < MAX_GUESS_ODDS);
  });

  it("formats big numbers", () => {
    expect(scientific(7.87e17)).toEqual({ mantissa: "7.87", exponent: 17 });
    expect(scientific(9.999e5)).toEqual({ mantissa: "1.00", exponent: 6 });
    expect(superscript(17)).toBe("¹⁷");
    expect(sampleCode("lm", 10)).toBe("LM-7KQ4-9XPT-H3");
    expect([...sampleCode("", 24).replaceAll("-", "")].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
  });
});
