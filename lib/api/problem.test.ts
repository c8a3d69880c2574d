import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { problem, toProblem } from "./problem";
import { log } from "@/lib/log";

afterEach(() => vi.restoreAllMocks());

describe("problem", () => {
  it("answers application/problem+json with type, title, status, code and detail", async () => {
    const res = problem(404, "not_found", "No such campaign.");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBeNull();
    expect(await res.json()).toEqual({
      type: "https://coupon.dev/problems/not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: "No such campaign.",
    });
  });

  it("sends Retry-After in the header and the body when rate limited", async () => {
    const res = problem(429, "rate_limited", "Slow down.", { retryAfter: 17 });
    expect(res.headers.get("retry-after")).toBe("17");
    expect(await res.json()).toMatchObject({ code: "rate_limited", retryAfter: 17 });
  });

  it("omits an empty errors list", async () => {
    expect(await problem(400, "invalid_input", "Bad.", { errors: [] }).json()).not.toHaveProperty("errors");
  });
});

describe("toProblem", () => {
  it("keeps an AppError's status, code, message, field errors and retry-after", async () => {
    const res = toProblem(
      new AppError("rate_limited", "Too many attempts.", { retryAfter: 30, errors: [{ path: "phone", message: "x" }] }),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({
      code: "rate_limited",
      detail: "Too many attempts.",
      errors: [{ path: "phone", message: "x" }],
      retryAfter: 30,
    });
  });

  it("turns a ZodError into invalid_input with one entry per failing field, dotted paths", async () => {
    const schema = z.object({ name: z.string().min(1, "too short"), items: z.array(z.object({ qty: z.number() })) });
    const error = schema.safeParse({ name: "", items: [{ qty: "x" }] }).error!;
    const res = toProblem(error);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("invalid_input");
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: "name", message: "too short" },
        { path: "items.0.qty", message: expect.any(String) },
      ]),
    );
  });

  it("hides anything else behind a logged 500", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const res = toProblem(new Error("password authentication failed for user postgres"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("postgres");
    expect(JSON.parse(text)).toMatchObject({ code: "internal", status: 500, type: "https://coupon.dev/problems/internal" });
    expect(logged).toHaveBeenCalledOnce();
  });
});
