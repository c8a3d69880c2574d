import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, likePattern, pageQuerySchema, toPage } from "./paging";

const shape = z.tuple([z.string(), z.uuid()]);
const ID = "6f1c1c1e-4b1a-4d8e-9a55-0a0b0c0d0e0f";

describe("cursors", () => {
  it("round-trip through an opaque base64url string", () => {
    const cursor = encodeCursor(["南京路店", ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, shape)).toEqual(["南京路店", ID]);
  });

  it("refuse garbage and cursors of another shape as invalid_input on `cursor`", () => {
    for (const bad of ["%%%", "bm90IGpzb24", encodeCursor([1, 2]), encodeCursor(["a", "not-a-uuid"])]) {
      let thrown: unknown;
      try {
        decodeCursor(bad, shape);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect(thrown).toMatchObject({ code: "invalid_input", errors: [{ path: "cursor" }] });
    }
  });
});

describe("pageQuerySchema", () => {
  it("defaults limit to 50 and coerces it from the query string", () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(pageQuerySchema.parse({ limit: "200", cursor: "abc_-1" })).toEqual({ limit: 200, cursor: "abc_-1" });
  });

  it("accepts 1..200 only", () => {
    for (const limit of ["0", "201", "1.5", "x"]) expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: "1" }).success).toBe(true);
  });

  it("refuses cursors that are not base64url", () => {
    expect(pageQuerySchema.safeParse({ cursor: "a b" }).success).toBe(false);
  });
});

describe("toPage", () => {
  const rows = [1, 2, 3].map((n) => ({ name: `s${n}`, id: `id${n}` }));

  it("returns limit items and a cursor after the last one when a further row exists", () => {
    const page = toPage(rows, 2, (r) => [r.name, r.id]);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(JSON.parse(Buffer.from(page.nextCursor!, "base64url").toString())).toEqual(["s2", "id2"]);
  });

  it("has no cursor on the last page", () => {
    expect(toPage(rows, 3, (r) => [r.name, r.id]).nextCursor).toBeNull();
    expect(toPage([], 3, () => []).nextCursor).toBeNull();
  });
});

describe("likePattern", () => {
  it("escapes LIKE wildcards so a search matches literally", () => {
    expect(likePattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
