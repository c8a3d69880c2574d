import { z } from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import type { Permission } from "@/lib/auth/permissions";
import { ERROR_STATUS } from "@/lib/errors";
import { influencerListQuerySchema, influencerSchema } from "@/lib/influencers/schemas";
import { storeListQuerySchema, storeSchema } from "@/lib/stores/schemas";
import { pageSchema } from "./paging";
import { PROBLEM_CONTENT_TYPE } from "./problem";

// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the routes validate with.
// To document a new route, add its path to `paths` below with `operation()`; nothing else is needed.

export const problemSchema = z
  .object({
    type: z.string().meta({ example: "https://coupon.dev/problems/not_found" }),
    title: z.string(),
    status: z.number().int(),
    code: z.enum([...(Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[]), "internal"]),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    retryAfter: z.number().int().optional().meta({ description: "Seconds to wait (also sent as Retry-After)." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details; `code` is the stable machine value." });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (`invalid_input`), with the failing fields in `errors`",
  401: "Missing, unknown or revoked API key, or no session (`unauthorized`)",
  403: "The role does not allow this, or a cross-site cookie request (`forbidden`)",
  404: "No such row in this organisation (`not_found`)",
  409: "Refused by a business rule (see `code`)",
  413: "Body over 1 MB (`payload_too_large`)",
  429: "Too many requests (`rate_limited`), see Retry-After",
};

/** Problem responses for the given statuses. */
export function problemResponses(...statuses: number[]): ZodOpenApiResponsesObject {
  const out: ZodOpenApiResponsesObject = {};
  for (const status of statuses) {
    out[`${status}` as `4${string}`] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? "Error",
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
    };
  }
  return out;
}

/** A JSON response object for `schema`. */
export function jsonResponse(description: string, schema: z.ZodType) {
  return { description, content: { "application/json": { schema } } };
}

type OperationInput = Omit<ZodOpenApiOperationObject, "security"> & {
  /** The permission the route checks; omit only for public routes. */
  permission?: Permission;
  /** Error statuses beyond the defaults (400 if it takes input; 401 and 403 unless public). */
  errors?: number[];
};

/** An operation with our conventions: bearer or cookie auth, the permission noted, problem responses added. */
export function operation({ permission, errors = [], ...op }: OperationInput): ZodOpenApiOperationObject {
  const takesInput = Boolean(op.requestBody || op.requestParams?.query || op.requestParams?.path);
  const statuses = new Set([...(takesInput ? [400] : []), ...(permission ? [401, 403] : []), ...errors]);
  return {
    ...op,
    ...(permission
      ? {
          security: [{ bearerAuth: [] }, { sessionCookie: [] }],
          "x-permission": permission,
          description: [op.description, `Requires the \`${permission}\` permission.`].filter(Boolean).join("\n\n"),
        }
      : { security: [] }),
    responses: { ...op.responses, ...problemResponses(...[...statuses].sort((a, b) => a - b)) },
  };
}

/** Every documented route, by path. */
export const paths: ZodOpenApiPathsObject = {
  "/api/v1/stores": {
    get: operation({
      operationId: "listStores",
      tags: ["Stores"],
      summary: "List the organisation's stores",
      permission: "store:read",
      requestParams: { query: storeListQuerySchema },
      responses: { "200": jsonResponse("A page of stores, by name", pageSchema(storeSchema).meta({ id: "StorePage" })) },
    }),
  },
  "/api/v1/influencers": {
    get: operation({
      operationId: "listInfluencers",
      tags: ["Influencers"],
      summary: "List the organisation's influencers",
      permission: "influencer:read",
      requestParams: { query: influencerListQuerySchema },
      responses: {
        "200": jsonResponse("A page of influencers, by display name", pageSchema(influencerSchema).meta({ id: "InfluencerPage" })),
      },
    }),
  },
  "/api/v1/openapi.json": {
    get: operation({
      operationId: "getOpenApiDocument",
      tags: ["Meta"],
      summary: "This document",
      responses: { "200": { description: "The OpenAPI 3.1 document of /api/v1" } },
    }),
  },
};

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document (built once per process). */
export function openApiDocument() {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Coupon Console API",
      version: "1.0.0",
      description:
        "Campaigns, code groups, claims and redemptions. JSON bodies, camelCase fields, money in integer fen, " +
        "times as ISO 8601 with offset. Errors are RFC 9457 problem details with a stable `code`.",
    },
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "cc_live_…",
          description: "An API key created under Settings → API keys; it carries one role of one organisation.",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "The console's session cookie (`__Secure-authjs.session-token` over HTTPS); writes must send a same-site Origin header.",
        },
      },
    },
  });
  return cached;
}
