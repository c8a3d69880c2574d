import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_PAGE_SIZE, listParamsSchema, pageCount, pageOffset, parseListParams } from "./params";

const schema = listParamsSchema({
  sort: ["name", "createdAt"],
  defaultSort: "name",
  filters: { platform: z.enum(["douyin", "weibo"]), archived: z.literal("1") },
});

describe("listParamsSchema", () => {
  it("gives the defaults for an empty query", () => {
    expect(parseListParams(schema, {})).toEqual({
      q: "",
      sort: "name",
      dir: "asc",
      page: 1,
      pageSize: DEFAULT_PAGE_SIZE,
      platform: undefined,
      archived: undefined,
    });
  });

  it("parses every key", () => {
    expect(
      parseListParams(schema, { q: "  鹿鸣 ", sort: "createdAt", dir: "desc", page: "3", pageSize: "50", platform: "weibo", archived: "1" }),
    ).toEqual({ q: "鹿鸣", sort: "createdAt", dir: "desc", page: 3, pageSize: 50, platform: "weibo", archived: "1" });
  });

  it("falls back per key instead of failing on a hand-edited URL", () => {
    const p = parseListParams(schema, {
      sort: "password_hash",
      dir: "sideways",
      page: "-2",
      pageSize: "7",
      platform: "myspace",
      archived: "yes",
    });
    expect(p).toMatchObject({ sort: "name", dir: "asc", page: 1, pageSize: DEFAULT_PAGE_SIZE, platform: undefined, archived: undefined });
    expect(parseListParams(schema, { page: "1.5" }).page).toBe(1);
    expect(parseListParams(schema, { page: "abc" }).page).toBe(1);
    expect(parseListParams(schema, { page: "99999999" }).page).toBe(1);
  });

  it("takes the first value of a repeated key and accepts URLSearchParams", () => {
    expect(parseListParams(schema, { platform: ["douyin", "weibo"], q: ["a", "b"] })).toMatchObject({ platform: "douyin", q: "a" });
    expect(parseListParams(schema, new URLSearchParams("sort=createdAt&sort=name&page=2"))).toMatchObject({ sort: "createdAt", page: 2 });
  });

  it("caps the search text", () => {
    expect(parseListParams(schema, { q: "x".repeat(500) }).q).toHaveLength(100);
  });

  it("honours its own defaults", () => {
    const s = listParamsSchema({ sort: ["createdAt"], defaultSort: "createdAt", defaultDir: "desc", defaultPageSize: 25 });
    expect(parseListParams(s, {})).toEqual({ q: "", sort: "createdAt", dir: "desc", page: 1, pageSize: 25 });
    expect(parseListParams(s, { pageSize: "25" }).pageSize).toBe(25);
    expect(parseListParams(s, { pageSize: "100" }).pageSize).toBe(100);
  });

  it("refuses a filter that would shadow a table key", () => {
    expect(() => listParamsSchema({ sort: ["a"], defaultSort: "a", filters: { page: z.string() } })).toThrow(/reserved/);
  });
});

describe("paging arithmetic", () => {
  it("computes offsets and page counts", () => {
    expect(pageOffset({ page: 1, pageSize: 20 })).toBe(0);
    expect(pageOffset({ page: 3, pageSize: 20 })).toBe(40);
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });
});
