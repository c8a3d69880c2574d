import { describe, expect, it } from "vitest";
import { requestIdOf } from "@/lib/http/request-context";
import { metrics, routeClass, statusClass } from "./metrics";

describe("request ids", () => {
  it("keep a proxy's id that looks like one, and replace anything else", () => {
    expect(requestIdOf("7f9c2ba4e88f827d616045507605853e")).toBe("7f9c2ba4e88f827d616045507605853e");
    expect(requestIdOf(["abc-12345678", "other"])).toBe("abc-12345678");
    for (const bad of [undefined, "", "short", "has space inside it", "x".repeat(129), "line\nbreak-123456"]) {
      const id = requestIdOf(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("metrics", () => {
  it("label requests by a handful of route classes, never by slug or id", () => {
    expect(routeClass("POST", "/api/v1/public/groups/demo-live/claims")).toBe("api_public");
    expect(routeClass("POST", "/api/v1/redemptions")).toBe("api_redeem");
    expect(routeClass("GET", "/api/v1/codes/LM88-8ABC")).toBe("api_redeem");
    expect(routeClass("GET", "/api/health")).toBe("probe");
    expect(routeClass("GET", "/api/v1/campaigns")).toBe("api");
    expect(routeClass("GET", "/c/demo-live")).toBe("consumer_page");
    expect(routeClass("POST", "/c/demo-live")).toBe("consumer_action");
    expect(routeClass("GET", "/_next/static/chunks/a.js")).toBe("static");
    expect(routeClass("GET", "/campaigns/1234")).toBe("console_page");
    expect(routeClass("POST", "/redeem")).toBe("console_action");
    expect([statusClass(201), statusClass(404), statusClass(503)]).toEqual(["2xx", "4xx", "5xx"]);
  });

  it("write the Prometheus text format with the counters the code increments", async () => {
    const m = metrics();
    m.claims.inc({ result: "issued" });
    m.claimRefusals.inc({ reason: "sold_out" });
    const text = await m.registry.metrics();
    expect(text).toMatch(/^coupon_claims_total\{result="issued"\} [1-9]/m);
    expect(text).toMatch(/^coupon_claim_refusals_total\{reason="sold_out"\} [1-9]/m);
    expect(text).toContain("# TYPE coupon_http_request_duration_seconds histogram");
    expect(metrics()).toBe(m);
  });
});
