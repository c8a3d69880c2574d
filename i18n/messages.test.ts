import { describe, expect, it } from "vitest";
import { loadMessages } from "./messages";

function leaves(obj: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("messages", () => {
  it("has every key in both languages, none empty", async () => {
    const zh = await loadMessages("zh-CN");
    const en = await loadMessages("en");
    expect(leaves(zh).sort()).toEqual(leaves(en).sort());
    expect(leaves(zh).length).toBeGreaterThan(300);
    const empty = leaves(en).filter((k) => k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) === "");
    expect(empty).toEqual([]);
  });
});
