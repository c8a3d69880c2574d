"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { fieldErrorsOf, fieldErrorsOfAppError, formFields, type ActionState, formOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from "./endpoints";
import { wakeWebhookWorker } from "./outbox";
import { createWebhookSchema } from "./schemas";
import { logError } from "@/lib/log";

const LIST = "/settings/webhooks";
const FIELDS = ["url", "description"] as const;
const idSchema = z.object({ id: z.uuid() });
const deliverySchema = z.object({ deliveryId: z.coerce.number().int().positive(), id: z.uuid() });

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

/** The form's fields: URL, description and one `eventTypes` entry per checked box. */
function readForm(formData: FormData) {
  const raw = formFields(formData, FIELDS);
  const eventTypes = formData.getAll("eventTypes").filter((v): v is string => typeof v === "string");
  return { input: { ...raw, eventTypes }, values: { ...raw, eventTypes: eventTypes.join(",") } };
}

/** Field errors by form field (an error on one type, `eventTypes.2`, belongs to the list). */
function formErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(error))) out[path.split(".")[0]] ??= message;
  return out;
}

function pages(id?: string) {
  revalidatePath(LIST);
  if (id) revalidatePath(`${LIST}/${id}`);
}

// Owners register an endpoint; the state carries its secret, shown once.
export async function createWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const { input, values } = readForm(formData);
  const parsed = createWebhookSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: formErrors(parsed.error), values };
  try {
    const ctx = await requireContext("webhook:manage");
    const { secret } = await createWebhookEndpoint(await actorOf(ctx), parsed.data);
    pages();
    return { ok: true, message: "webhooks.created", secret };
  } catch (e) {
    return failure("create", e, values);
  }
}

// Owners change an endpoint's URL, description and event types (the id comes from a hidden field).
export async function updateWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const { input, values } = readForm(formData);
  const target = idSchema.safeParse(formFields(formData, ["id"]));
  if (!target.success) return { message: "webhooks.notFound", values };
  const parsed = createWebhookSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: formErrors(parsed.error), values };
  try {
    const ctx = await requireContext("webhook:manage");
    await updateWebhookEndpoint(await actorOf(ctx), target.data.id, parsed.data);
    pages(target.data.id);
    return { ok: true, message: "webhooks.saved" };
  } catch (e) {
    return failure("update", e, values);
  }
}

// Owners disable an endpoint (no new deliveries; queued ones wait) or enable it again.
export async function setWebhookActiveAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = idSchema.extend({ active: z.enum(["true", "false"]) }).safeParse(formFields(formData, ["id", "active"]));
  if (!parsed.success) return { message: "webhooks.notFound" };
  const active = parsed.data.active === "true";
  try {
    const ctx = await requireContext("webhook:manage");
    await updateWebhookEndpoint(await actorOf(ctx), parsed.data.id, { active });
    pages(parsed.data.id);
    if (active) wakeWebhookWorker();
    return { ok: true, message: active ? "webhooks.enabledMessage" : "webhooks.disabledMessage" };
  } catch (e) {
    return failure("toggle", e);
  }
}

// Owners replace the signing secret; the new one is in the state, shown once.
export async function rotateWebhookSecretAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = idSchema.safeParse(formFields(formData, ["id"]));
  if (!parsed.success) return { message: "webhooks.notFound" };
  try {
    const ctx = await requireContext("webhook:manage");
    const { secret } = await rotateWebhookSecret(await actorOf(ctx), parsed.data.id);
    pages(parsed.data.id);
    return { ok: true, message: "webhooks.rotated", secret };
  } catch (e) {
    return failure("rotate", e);
  }
}

// Owners delete an endpoint with its delivery history, then land on the list.
export async function deleteWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = idSchema.safeParse(formFields(formData, ["id"]));
  if (!parsed.success) return { message: "webhooks.notFound" };
  try {
    const ctx = await requireContext("webhook:manage");
    await deleteWebhookEndpoint(await actorOf(ctx), parsed.data.id);
  } catch (e) {
    return failure("delete", e);
  }
  pages();
  redirect(`${LIST}?deleted=1`);
}

// Owners send a `webhook.test` event to this endpoint only, and the worker is woken to send it now.
export async function sendTestWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = idSchema.safeParse(formFields(formData, ["id"]));
  if (!parsed.success) return { message: "webhooks.notFound" };
  try {
    const ctx = await requireContext("webhook:manage");
    await sendTestEvent(await actorOf(ctx), parsed.data.id);
    wakeWebhookWorker();
    pages(parsed.data.id);
    return { ok: true, message: "webhooks.test.sent" };
  } catch (e) {
    return failure("test", e);
  }
}

// Owners send a failed or dead delivery again, now.
export async function redeliverWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = deliverySchema.safeParse(formFields(formData, ["deliveryId", "id"]));
  if (!parsed.success) return { message: "webhooks.deliveries.notFound" };
  try {
    const ctx = await requireContext("webhook:manage");
    await redeliverWebhook(await actorOf(ctx), parsed.data.deliveryId);
    wakeWebhookWorker();
    pages(parsed.data.id);
    return { ok: true, message: "webhooks.deliveries.redelivered" };
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") return { message: "webhooks.deliveries.notFound" };
    return failure("redeliver", e);
  }
}

/** Expected refusals become their message key; anything else is logged and shown as the generic error. */
function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  if (isAppError(e)) {
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors, values };
    if (e.code === "not_found") return { message: "webhooks.notFound", values };
    if (e.code === "invalid_state") return { message: verb === "redeliver" ? "webhooks.deliveries.notRedeliverable" : "webhooks.test.disabled", values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
  }
  logError(`[webhooks] could not ${verb}`, e);
  return { message: "webhooks.errors.generic", values };
}
