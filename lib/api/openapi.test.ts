import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const apiRoot = path.join(process.cwd(), "app/api/v1");

/** Every route.ts under app/api/v1 with the HTTP methods it exports, as OpenAPI paths. */
function routes(dir = apiRoot): { path: string; methods: string[] }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routes(full);
    if (e.name !== "route.ts") return [];
    const source = fs.readFileSync(full, "utf8");
    const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1].toLowerCase());
    const rel = path.relative(path.join(process.cwd(), "app"), path.dirname(full)).replace(/\[(\w+)\]/g, "{$1}");
    return [{ path: `/${rel}`, methods }];
  });
}

describe("OpenAPI document", () => {
  it("documents every method of every /api/v1 route", () => {
    const doc = openApiDocument();
    const found = routes();
    expect(found.length).toBeGreaterThan(5);
    const missing = found.flatMap((r) =>
      r.methods.filter((m) => !(doc.paths?.[r.path] as Record<string, unknown> | undefined)?.[m]).map((m) => `${m.toUpperCase()} ${r.path}`),
    );
    expect(missing).toEqual([]);
  });

  it("carries the request schemas with their constraints", () => {
    const doc = openApiDocument();
    type Prop = { anyOf?: { maximum?: number }[]; enum?: string[] };
    const schemas = doc.components?.schemas as Record<string, { properties?: Record<string, Prop> }>;
    expect(schemas.CampaignInput.properties?.percentOff?.anyOf?.[0]?.maximum).toBe(100);
    expect(schemas.CampaignInput.properties?.type?.enum).toEqual(["amount_off", "percent_off", "gift", "stored_value", "tiered_off"]);
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["Campaign", "CodeGroup", "CodeGroupInput", "Problem"]));
  });
});
