import { describe, expect, it } from "vitest";
import { tablesToMaintain } from "./maintenance";

const t = (name: string, pages: number, relpages: number, live: number | null = null, dead: number | null = null) => ({ name, pages, relpages, live, dead });

describe("tablesToMaintain", () => {
  it("picks a table never measured once it has a few pages, and one that doubled since", () => {
    expect(tablesToMaintain([t("empty", 0, 0), t("small", 7, 0), t("new", 8, 0), t("doubled", 208, 100), t("grew", 150, 100)])).toEqual([
      { name: "new", reason: "grown" },
      { name: "doubled", reason: "grown" },
    ]);
  });

  it("picks a table where dead rows pass a fifth of the live ones (plus 1,000), where they are known", () => {
    expect(
      tablesToMaintain([t("codes", 100, 100, 100_000, 21_001), t("calm", 100, 100, 100_000, 21_000), t("pglite", 100, 100, null, null)]),
    ).toEqual([{ name: "codes", reason: "dead rows" }]);
  });
});
