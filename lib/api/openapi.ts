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
import { campaignListQuerySchema, campaignPatchSchema, campaignSchema } from "@/lib/campaigns/dto";
import { CAMPAIGN_ACTIONS } from "@/lib/campaigns/lifecycle";
import { createCampaignSchema } from "@/lib/campaigns/schemas";
import { codeGroupSchema, codeSchema, freezeBodySchema } from "@/lib/codes/dto";
import { codeListQuerySchema, createGroupSchema } from "@/lib/codes/schemas";
import { statementQuerySchema, statementSchema } from "@/lib/reconciliation/dto";
import { claimBodySchema, claimResultSchema, otpBodySchema, otpResultSchema } from "@/lib/claims/schemas";
import {
  createWebhookSchema,
  deliveryListQuerySchema,
  deliverySchema,
  updateWebhookSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from "@/lib/webhooks/schemas";
import {
  redemptionInputSchema,
  redemptionResultSchema,
  reversalInputSchema,
  reversalResultSchema,
  validationResultSchema,
} from "@/lib/redemptions/schemas";
import { campaignStatsQuerySchema, campaignStatsSchema } from "@/lib/analytics/schemas";
import { consumerDetailSchema, consumerListQuerySchema, consumerSchema, putTagsSchema } from "@/lib/consumers/schemas";
import { jobSchema, segmentInputSchema, segmentPatchSchema, segmentSchema, sendInputSchema } from "@/lib/segments/schemas";
import { addMemberSchema, memberSchema, memberWithLinkSchema, updateMemberSchema, userIdParamSchema } from "@/lib/members/schemas";
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
  403: "The role does not allow this, or a cross-site cookie request (`forbidden`); on public claims, phone verification missing or failed (`otp_required`, `otp_invalid`)",
  404: "No such row in this organisation (`not_found`)",
  409: "Refused by a business rule (see `code`)",
  413: "Body over 1 MB (`payload_too_large`)",
  429: "Too many requests (`rate_limited`), see Retry-After",
  502: "The SMS provider could not send the text message (`sms_failed`)",
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

const idParam = z.object({ id: z.uuid() });
const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

/** Every documented route, by path. */
export const paths: ZodOpenApiPathsObject = {
  "/api/v1/campaigns": {
    get: operation({
      operationId: "listCampaigns",
      tags: ["Campaigns"],
      summary: "List campaigns, newest first",
      permission: "campaign:read",
      requestParams: { query: campaignListQuerySchema },
      responses: { "200": jsonResponse("A page of campaigns", pageSchema(campaignSchema).meta({ id: "CampaignPage" })) },
    }),
    post: operation({
      operationId: "createCampaign",
      tags: ["Campaigns"],
      summary: "Create a campaign in draft",
      permission: "campaign:write",
      requestBody: json(createCampaignSchema),
      responses: { "201": jsonResponse("The draft campaign", campaignSchema) },
    }),
  },
  "/api/v1/campaigns/{id}": {
    get: operation({
      operationId: "getCampaign",
      tags: ["Campaigns"],
      summary: "One campaign",
      permission: "campaign:read",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "200": jsonResponse("The campaign", campaignSchema) },
    }),
    patch: operation({
      operationId: "updateCampaign",
      tags: ["Campaigns"],
      summary: "Change a draft (fields merged over the stored ones, then checked whole)",
      permission: "campaign:write",
      requestParams: { path: idParam },
      requestBody: json(campaignPatchSchema),
      errors: [404, 409],
      responses: { "200": jsonResponse("The campaign", campaignSchema) },
    }),
  },
  "/api/v1/campaigns/{id}/{action}": {
    post: operation({
      operationId: "transitionCampaign",
      tags: ["Campaigns"],
      summary: "submit · approve · reject {comment} · pause · resume · end",
      description:
        "Approve and reject need `campaign:review` and a different person than the submitter (an API key acts for the owner who created it); the others need `campaign:write`.",
      permission: "campaign:read",
      requestParams: { path: z.object({ id: z.uuid(), action: z.enum(CAMPAIGN_ACTIONS) }) },
      requestBody: json(z.object({ comment: z.string().max(1000).optional() })),
      errors: [404, 409],
      responses: { "200": jsonResponse("The campaign after the transition", campaignSchema) },
    }),
  },
  "/api/v1/campaigns/{id}/stats": {
    get: operation({
      operationId: "getCampaignStats",
      tags: ["Campaigns"],
      summary: "The campaign's views, claims, redemptions and money, in total and per group",
      description:
        "Counted over local days of the organisation's time zone (`from`, `to`: both included, both optional). " +
        "Redemptions that were reversed are left out, on the day the redemption happened. Money in fen.",
      permission: "analytics:read",
      requestParams: { path: idParam, query: campaignStatsQuerySchema },
      errors: [404],
      responses: { "200": jsonResponse("The campaign's numbers", campaignStatsSchema) },
    }),
  },
  "/api/v1/campaigns/{id}/groups": {
    get: operation({
      operationId: "listGroups",
      tags: ["Code groups"],
      summary: "The campaign's code groups",
      permission: "group:read",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "200": jsonResponse("Every group of the campaign", pageSchema(codeGroupSchema).meta({ id: "CodeGroupPage" })) },
    }),
    post: operation({
      operationId: "createGroup",
      tags: ["Code groups"],
      summary: "Create a group; answers once every code exists",
      permission: "group:write",
      requestParams: { path: idParam },
      requestBody: json(createGroupSchema),
      errors: [404, 409],
      responses: { "201": jsonResponse("The group", codeGroupSchema) },
    }),
  },
  "/api/v1/groups/{id}": {
    get: operation({
      operationId: "getGroup",
      tags: ["Code groups"],
      summary: "One code group",
      permission: "group:read",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "200": jsonResponse("The group", codeGroupSchema) },
    }),
  },
  "/api/v1/groups/{id}/freeze": {
    post: operation({
      operationId: "freezeGroup",
      tags: ["Code groups"],
      summary: "Freeze every code of the group (audited; emits group.frozen)",
      permission: "group:freeze",
      requestParams: { path: idParam },
      requestBody: json(freezeBodySchema),
      errors: [404, 409],
      responses: { "200": jsonResponse("The frozen group", codeGroupSchema) },
    }),
  },
  "/api/v1/groups/{id}/unfreeze": {
    post: operation({
      operationId: "unfreezeGroup",
      tags: ["Code groups"],
      summary: "Unfreeze the group",
      permission: "group:freeze",
      requestParams: { path: idParam },
      errors: [404, 409],
      responses: { "200": jsonResponse("The active group", codeGroupSchema) },
    }),
  },
  "/api/v1/groups/{id}/qr": {
    get: operation({
      operationId: "groupQr",
      tags: ["Code groups"],
      summary: "The group's claim link as a QR image",
      permission: "group:read",
      requestParams: { path: idParam, query: z.object({ format: z.enum(["svg", "png"]).default("svg"), size: z.enum(["screen", "print"]).default("screen") }) },
      errors: [404],
      responses: {
        "200": {
          description: "The QR code (a download)",
          content: { "image/svg+xml": { schema: z.string() }, "image/png": { schema: z.string().meta({ format: "binary" }) } },
        },
      },
    }),
  },
  "/api/v1/groups/{id}/codes": {
    get: operation({
      operationId: "listCodes",
      tags: ["Code groups"],
      summary: "A page of the group's codes; with `Accept: text/csv` the whole group streams as CSV (needs code:export, audited)",
      permission: "group:read",
      requestParams: { path: idParam, query: codeListQuerySchema },
      errors: [404],
      responses: {
        "200": {
          description: "A page of codes (JSON) or every code (CSV)",
          content: {
            "application/json": { schema: pageSchema(codeSchema).meta({ id: "CodePage" }) },
            "text/csv": { schema: z.string() },
          },
        },
      },
    }),
  },
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
  "/api/v1/public/groups/{slug}/claims": {
    post: operation({
      operationId: "claimCode",
      tags: ["Claims"],
      summary: "A consumer claims a code (public, rate-limited per IP, phone and X-Device-Id)",
      description:
        "A unique code from the group's pool, or its shared code. The same phone claiming again gets the code it holds (200, `repeat: true`).",
      requestParams: { path: z.object({ slug: z.string() }), header: z.object({ "x-device-id": z.string().optional() }) },
      requestBody: json(claimBodySchema),
      errors: [403, 404, 409, 429],
      responses: { "201": jsonResponse("The new code", claimResultSchema), "200": jsonResponse("The code this phone already holds", claimResultSchema) },
    }),
  },
  "/api/v1/public/groups/{slug}/otp": {
    post: operation({
      operationId: "sendClaimOtp",
      tags: ["Claims"],
      summary: "Text a one-time code to a phone, for offers that verify phone numbers (public, rate-limited)",
      description:
        "Sends six digits by SMS, valid for OTP_TTL_SECONDS (default 300) and OTP_MAX_ATTEMPTS tries (default 5); a new code replaces the previous one. " +
        "Pass it as `otp` when claiming. At most OTP_SENDS_PER_PHONE_PER_HOUR sends per phone (default 5), plus the per-IP, per-phone and per-device limits of claims.",
      requestParams: { path: z.object({ slug: z.string() }), header: z.object({ "x-device-id": z.string().optional() }) },
      requestBody: json(otpBodySchema),
      errors: [404, 429, 502],
      responses: { "202": jsonResponse("The code is on its way", otpResultSchema) },
    }),
  },
  "/api/v1/redemptions/validate": {
    post: operation({
      operationId: "validateRedemption",
      tags: ["Redemptions"],
      summary: "What a code is worth for this order at this store, or why it cannot be used (writes nothing)",
      description:
        "Answers 200 either way: `valid: true` with the discount and the amount to pay, or `valid: false` with the refusal `code` " +
        "(already_redeemed, expired, not_started, ended, paused, frozen, wrong_store, outside_hours, below_min_spend, insufficient_balance, limit_reached, invalid_state, not_found), " +
        "a `detail` in English and the `facts` behind it. A clerk key or clerk user may use only its stores (403 otherwise); an unknown store is 404.",
      permission: "redemption:validate",
      requestBody: json(redemptionInputSchema),
      errors: [404],
      responses: { "200": jsonResponse("The code's value for this order, or the refusal", validationResultSchema) },
    }),
  },
  "/api/v1/redemptions": {
    post: operation({
      operationId: "redeemCode",
      tags: ["Redemptions"],
      summary: "Redeem a code for an order, exactly once per Idempotency-Key",
      description:
        "Send one `Idempotency-Key` (8–200 printable characters; a UUID) per redemption attempt and the same key on every retry. " +
        "A retry with the same key and body gets the first answer again (201, header `Idempotent-Replayed: true`) and redeems nothing more; " +
        "the same key with another body is `idempotency_conflict`. Stored value: `orderAmount` is spent from the balance, up to what is left, and `balance` is what remains. " +
        "Refusals are problem details with the codes of validate.",
      permission: "redemption:create",
      requestParams: { header: z.object({ "idempotency-key": z.string().meta({ description: "One per redemption attempt." }) }) },
      requestBody: json(redemptionInputSchema),
      errors: [404, 409],
      responses: { "201": jsonResponse("The redemption (or, replayed, the first answer for this key)", redemptionResultSchema) },
    }),
  },
  "/api/v1/redemptions/{id}/reversal": {
    post: operation({
      operationId: "reverseRedemption",
      tags: ["Redemptions"],
      summary: "Undo a redemption: the code is usable again (stored value is credited back)",
      description:
        "Clerks (users and clerk keys) may reverse at their stores within the organisation's reversal window (default 30 minutes); " +
        "reviewers and owners at any time. A redemption is reversed once (`invalid_state` after that).",
      permission: "redemption:reverse",
      requestParams: { path: z.object({ id: z.uuid() }) },
      requestBody: json(reversalInputSchema),
      errors: [404, 409],
      responses: { "200": jsonResponse("The reversal", reversalResultSchema) },
    }),
  },
  "/api/v1/webhooks": {
    get: operation({
      operationId: "listWebhooks",
      tags: ["Webhooks"],
      summary: "The organisation's webhook endpoints (never their secrets)",
      description: "API keys cannot carry the owner role, so these routes answer a signed-in owner's session.",
      permission: "webhook:manage",
      responses: { "200": jsonResponse("Every endpoint, oldest first", pageSchema(webhookSchema).meta({ id: "WebhookPage" })) },
    }),
    post: operation({
      operationId: "createWebhook",
      tags: ["Webhooks"],
      summary: "Register an endpoint; the answer carries its signing secret, shown only this once",
      description:
        "Events are POSTed as `{ id, type, createdAt, data }` with `X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">`, " +
        "retried with exponential backoff until a 2xx for 24 h, in order per subject. See docs/webhooks.md.",
      permission: "webhook:manage",
      requestBody: json(createWebhookSchema),
      responses: { "201": jsonResponse("The endpoint with its secret", webhookWithSecretSchema) },
    }),
  },
  "/api/v1/webhooks/{id}": {
    get: operation({
      operationId: "getWebhook",
      tags: ["Webhooks"],
      summary: "One endpoint",
      permission: "webhook:manage",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "200": jsonResponse("The endpoint", webhookSchema) },
    }),
    patch: operation({
      operationId: "updateWebhook",
      tags: ["Webhooks"],
      summary: "Change URL, event types or description, or disable/enable (`active`)",
      permission: "webhook:manage",
      requestParams: { path: idParam },
      requestBody: json(updateWebhookSchema),
      errors: [404],
      responses: { "200": jsonResponse("The endpoint", webhookSchema) },
    }),
    delete: operation({
      operationId: "deleteWebhook",
      tags: ["Webhooks"],
      summary: "Delete an endpoint and its delivery history",
      permission: "webhook:manage",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "204": { description: "Deleted" } },
    }),
  },
  "/api/v1/webhooks/{id}/deliveries": {
    get: operation({
      operationId: "listWebhookDeliveries",
      tags: ["Webhooks"],
      summary: "The endpoint's deliveries, newest first",
      permission: "webhook:manage",
      requestParams: { path: idParam, query: deliveryListQuerySchema },
      errors: [404],
      responses: { "200": jsonResponse("A page of deliveries", pageSchema(deliverySchema).meta({ id: "WebhookDeliveryPage" })) },
    }),
  },
  "/api/v1/webhooks/{id}/test": {
    post: operation({
      operationId: "sendWebhookTest",
      tags: ["Webhooks"],
      summary: "Queue a `webhook.test` event for this endpoint only",
      permission: "webhook:manage",
      requestParams: { path: idParam },
      errors: [404, 409],
      responses: {
        "202": jsonResponse("Queued", z.object({ deliveryId: z.string(), eventId: z.string() }).meta({ id: "WebhookTestQueued" })),
      },
    }),
  },
  "/api/v1/webhooks/{id}/rotate-secret": {
    post: operation({
      operationId: "rotateWebhookSecret",
      tags: ["Webhooks"],
      summary: "Replace the signing secret at once; the answer carries the new one, shown only this once",
      permission: "webhook:manage",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "200": jsonResponse("The endpoint with its new secret", webhookWithSecretSchema) },
    }),
  },
  "/api/v1/webhook-deliveries/{id}/redeliver": {
    post: operation({
      operationId: "redeliverWebhook",
      tags: ["Webhooks"],
      summary: "Send a failed or dead delivery again, now (fresh 24 h of retries)",
      permission: "webhook:manage",
      requestParams: { path: z.object({ id: z.string().regex(/^[1-9]\d{0,15}$/) }) },
      errors: [404, 409],
      responses: { "200": jsonResponse("The delivery, pending again", deliverySchema) },
    }),
  },
  "/api/v1/members": {
    get: operation({
      operationId: "listMembers",
      tags: ["Members"],
      summary: "The organisation's members, owners first",
      description: "API keys cannot carry the owner role, so these routes answer a signed-in owner's session.",
      permission: "member:manage",
      responses: { "200": jsonResponse("Every member", z.object({ items: z.array(memberSchema) }).meta({ id: "MemberList" })) },
    }),
    post: operation({
      operationId: "addMember",
      tags: ["Members"],
      summary: "Add someone by email with a role (stores for a clerk, the influencer record for an influencer)",
      description:
        "Someone with an account is added as they are. For someone new an account is made without a password, and the " +
        "answer carries `setPasswordUrl`: a one-time link, valid 72 hours, shown only here.",
      permission: "member:manage",
      requestBody: json(addMemberSchema),
      errors: [409],
      responses: { "201": jsonResponse("The new member", memberWithLinkSchema) },
    }),
  },
  "/api/v1/members/{userId}": {
    get: operation({
      operationId: "getMember",
      tags: ["Members"],
      summary: "One member",
      permission: "member:manage",
      requestParams: { path: userIdParamSchema },
      errors: [404],
      responses: { "200": jsonResponse("The member", memberSchema) },
    }),
    patch: operation({
      operationId: "updateMember",
      tags: ["Members"],
      summary: "Change role, stores or influencer record",
      description:
        "A change that takes permissions away ends the person's sessions at once; a role that cannot manage API keys " +
        "revokes the keys they created. The last owner cannot be demoted (`invalid_state`).",
      permission: "member:manage",
      requestParams: { path: userIdParamSchema },
      requestBody: json(updateMemberSchema),
      errors: [404, 409],
      responses: { "200": jsonResponse("The member", memberSchema) },
    }),
    delete: operation({
      operationId: "removeMember",
      tags: ["Members"],
      summary: "Remove a member: their sessions end and the API keys they created here are revoked, at once",
      permission: "member:manage",
      requestParams: { path: userIdParamSchema },
      errors: [404, 409],
      responses: { "204": { description: "Removed" } },
    }),
  },
  "/api/v1/consumers": {
    get: operation({
      operationId: "listConsumers",
      tags: ["Consumers"],
      summary: "Consumers, newest first: masked phones, tags and counters (claims, redemptions, order and discount totals)",
      description: "`q`: the last four digits or the whole number; `tag`; `segmentId` (members now).",
      permission: "consumer:read",
      requestParams: { query: consumerListQuerySchema },
      responses: { "200": jsonResponse("A page of consumers", pageSchema(consumerSchema).meta({ id: "ConsumerPage" })) },
    }),
  },
  "/api/v1/consumers/{id}": {
    get: operation({
      operationId: "getConsumer",
      tags: ["Consumers"],
      summary: "One consumer with the timeline of their claims and redemptions (influencer, store)",
      permission: "consumer:read",
      requestParams: { path: idParam },
      errors: [404],
      responses: { "200": jsonResponse("The consumer", consumerDetailSchema) },
    }),
    delete: operation({
      operationId: "eraseConsumer",
      tags: ["Consumers"],
      summary: "Erase a consumer (PIPL): the phone is removed from every table; claims, redemptions and counts stay",
      description: "Owners only (their console session: API keys cannot be owners).",
      permission: "consumer:privacy",
      requestParams: { path: idParam },
      errors: [404, 409],
      responses: { "204": { description: "Erased" } },
    }),
  },
  "/api/v1/consumers/tags": {
    put: operation({
      operationId: "putConsumerTags",
      tags: ["Consumers"],
      summary: "Set a consumer's whole tag list by phone (a CRM sync); a phone not seen before becomes a consumer",
      description: "Tags are normalised: NFKC, trimmed, lower case; at most 50 of up to 40 characters.",
      permission: "consumer:write",
      requestBody: json(putTagsSchema),
      responses: { "200": jsonResponse("The consumer's tags", z.object({ id: z.uuid(), tags: z.array(z.string()), created: z.boolean() })) },
    }),
  },
  "/api/v1/consumers/tags/import": {
    post: operation({
      operationId: "importConsumerTags",
      tags: ["Consumers"],
      summary: "Import `phone,tag` rows (text/csv, streamed, up to 128 MB): all rows or none",
      description:
        "A header row (phone,tag) is optional; a phone on several rows gets every tag. Any bad row refuses the whole file " +
        "(`invalid_input`, with up to 1,000 bad rows in `errors` as `line N`). With `Accept: application/x-ndjson` the " +
        "answer streams progress lines (`reading`, `merging`) and ends with `done`.",
      permission: "consumer:write",
      requestBody: { content: { "text/csv": { schema: z.string() } } },
      responses: { "200": jsonResponse("What was imported", z.object({ ok: z.literal(true), rows: z.number().int(), consumers: z.number().int(), created: z.number().int() })) },
    }),
  },
  "/api/v1/consumers/opt-outs": {
    post: operation({
      operationId: "optOutConsumer",
      tags: ["Consumers"],
      summary: "A gateway's inbound 退订 (\"T\") reply: no more marketing texts to this phone",
      permission: "consumer:write",
      requestBody: json(z.object({ phone: z.string() })),
      responses: { "200": jsonResponse("Whether a consumer was found and opted out", z.object({ optedOut: z.boolean() })) },
    }),
  },
  "/api/v1/segments": {
    get: operation({
      operationId: "listSegments",
      tags: ["Segments"],
      summary: "Segments, with how many consumers meet each now",
      permission: "consumer:read",
      responses: { "200": jsonResponse("Every segment", z.object({ items: z.array(segmentSchema) }).meta({ id: "SegmentList" })) },
    }),
    post: operation({
      operationId: "createSegment",
      tags: ["Segments"],
      summary: "Save a segment: rules over tags and counters, all of which must hold",
      description:
        "`tagsAny`, `tagsAll`; `newConsumer` (true: never claimed here; false: has claimed); `dormantDays` (had a redemption, " +
        "none in the last N local days); `minOrderTotal` (fen) and `minRedemptions`, within `withinDays` local days or ever.",
      permission: "consumer:write",
      requestBody: json(segmentInputSchema),
      errors: [409],
      responses: { "201": jsonResponse("The segment and its size", segmentSchema) },
    }),
  },
  "/api/v1/segments/{id}": {
    get: operation({ operationId: "getSegment", tags: ["Segments"], summary: "One segment and its size", permission: "consumer:read", requestParams: { path: idParam }, errors: [404], responses: { "200": jsonResponse("The segment", segmentSchema) } }),
    patch: operation({
      operationId: "updateSegment",
      tags: ["Segments"],
      summary: "Change a segment's name or rules (campaigns using it apply the new rules from the next claim on)",
      permission: "consumer:write",
      requestParams: { path: idParam },
      requestBody: json(segmentPatchSchema),
      errors: [404, 409],
      responses: { "200": jsonResponse("The segment", segmentSchema) },
    }),
    delete: operation({
      operationId: "deleteSegment",
      tags: ["Segments"],
      summary: "Delete a segment no campaign uses as its audience",
      permission: "consumer:write",
      requestParams: { path: idParam },
      errors: [404, 409],
      responses: { "204": { description: "Deleted" } },
    }),
  },
  "/api/v1/segments/{id}/send": {
    post: operation({
      operationId: "sendToSegment",
      tags: ["Segments"],
      summary: "定向发放: every member gets one code of a unique group (never two), texted when `sms`",
      description:
        "Answers 202 with the job to follow (`GET /api/v1/jobs/{id}`). A send to as many members as the owner's threshold " +
        "(default 5,000) or more waits for a reviewer's approval (`pending_approval`). Texts respect the opt-out list and quiet hours.",
      permission: "send:create",
      requestParams: { path: idParam },
      requestBody: json(sendInputSchema),
      errors: [404, 409],
      responses: { "202": jsonResponse("The send's job", z.object({ jobId: z.uuid(), status: z.string(), total: z.number().int() })) },
    }),
  },
  "/api/v1/jobs/{id}": {
    get: operation({ operationId: "getJob", tags: ["Segments"], summary: "A send's progress", permission: "consumer:read", requestParams: { path: idParam }, errors: [404], responses: { "200": jsonResponse("The job", jobSchema) } }),
  },
  "/api/v1/sends/{id}/{action}": {
    post: operation({
      operationId: "actOnSend",
      tags: ["Segments"],
      summary: "approve / reject a send waiting for approval (send:approve, not its author); cancel or resume it (send:create)",
      permission: "consumer:read",
      requestParams: { path: z.object({ id: z.uuid(), action: z.enum(["approve", "reject", "cancel", "resume"]) }) },
      requestBody: json(z.object({ comment: z.string().optional() })),
      errors: [404, 409],
      responses: { "200": jsonResponse("The job", jobSchema) },
    }),
  },
  "/api/v1/reconciliation": {
    get: operation({
      operationId: "getStatement",
      tags: ["Reconciliation"],
      summary: "A day's or a Monday–Sunday week's statement, by store or by campaign",
      description:
        "Counts the redemptions made in the period and the reversals made in the period (a later reversal of an earlier redemption is an adjustment on the day it happens, so a closed period never changes). " +
        "The same figures as the console's reconciliation page and its CSV/XLSX exports; money in fen.",
      permission: "reconciliation:read",
      requestParams: { query: statementQuerySchema },
      responses: { "200": jsonResponse("The statement", statementSchema) },
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
