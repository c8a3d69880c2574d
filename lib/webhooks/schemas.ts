import { z } from "zod";
import { pageQuerySchema } from "@/lib/api/paging";
import { EVENT_TYPES } from "./events";
import { MAX_URL_LENGTH } from "./rules";

// Shared by the settings form, the server actions, the domain functions and the API (messages are
// message keys, translated by the form; the API returns them as they are).

const urlSchema = z
  .string()
  .trim()
  .min(1, "webhooks.errors.urlRequired")
  .max(MAX_URL_LENGTH, "webhooks.errors.url")
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "webhooks.errors.url")
  .meta({ description: "Where events are POSTed: an http or https URL.", example: "https://crm.example.com/hooks/coupons" });

const eventTypesSchema = z
  .array(z.enum(EVENT_TYPES, "webhooks.errors.eventTypes"))
  .min(1, "webhooks.errors.eventTypes")
  .max(EVENT_TYPES.length * 2, "webhooks.errors.eventTypes")
  .meta({ description: "The event types delivered to this endpoint." });

const descriptionSchema = z.string().trim().max(200, "webhooks.errors.description");

/** A new endpoint. */
export const createWebhookSchema = z
  .object({
    url: urlSchema,
    eventTypes: eventTypesSchema,
    description: descriptionSchema.default(""),
  })
  .meta({ id: "WebhookInput" });
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

/** Changes to an endpoint (any of the fields; `active: false` disables it). */
export const updateWebhookSchema = z
  .object({
    url: urlSchema.optional(),
    eventTypes: eventTypesSchema.optional(),
    description: descriptionSchema.optional(),
    active: z.boolean().optional().meta({ description: "false: no new deliveries, queued ones wait until it is enabled again." }),
  })
  .meta({ id: "WebhookPatch" });
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

/** An endpoint as the API returns it; the secret only once, in the answer that created or rotated it. */
export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Webhook" });
export type WebhookDto = z.infer<typeof webhookSchema>;

export const webhookWithSecretSchema = webhookSchema
  .extend({
    secret: z.string().meta({ description: "Signs every delivery (X-Signature). Shown only in this answer; store it now." }),
  })
  .meta({ id: "WebhookWithSecret" });

export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One delivery of one event to one endpoint. */
export const deliverySchema = z
  .object({
    id: z.string().meta({ description: "The delivery's id (for redelivery)." }),
    endpointId: z.uuid(),
    eventId: z.string().meta({ description: "The event's `id`, as in the posted body (`evt_…`)." }),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES).meta({
      description: "pending: not tried yet; failed: the last try failed, retried at nextAttemptAt; delivered: a 2xx came back; dead: still failing 24 h after it was queued.",
    }),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    lastAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastResponse: z.string().nullable().meta({ description: "The receiver's answer, cut to 2,048 characters." }),
    lastError: z.string().nullable().meta({ description: "Why no HTTP answer came back (timeout, refused…)." }),
    deliveredAt: z.iso.datetime({ offset: true }).nullable(),
    deadAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "WebhookDelivery" });
export type DeliveryDto = z.infer<typeof deliverySchema>;

/** `GET /api/v1/webhooks/{id}/deliveries`: newest first, optionally one status. */
export const deliveryListQuerySchema = pageQuerySchema.extend({
  status: z.enum(DELIVERY_STATUSES).optional().meta({ description: "Only deliveries in this state." }),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;
