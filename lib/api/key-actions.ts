"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { fieldErrorsOf, fieldErrorsOfAppError, formFields, type ActionState, formOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { createApiKey, createApiKeySchema, revokeApiKey } from "./keys";
import { logError } from "@/lib/log";

const PAGE = "/settings/api-keys";
const revokeSchema = z.object({ id: z.uuid() });

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

// Owners create a key (roles: API_KEY_ROLES, never owner; a clerk key with its stores); the state carries the secret, shown once.
export async function createApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, ["name", "role"]);
  const storeIds = formData.getAll("storeIds").filter((v): v is string => typeof v === "string");
  const values = { ...raw, storeIds: storeIds.join(",") };
  const parsed = createApiKeySchema.safeParse({ ...raw, storeIds });
  if (!parsed.success) {
    // An error on one store (`storeIds.2`) belongs to the store list.
    const fieldErrors: Record<string, string> = {};
    for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error))) fieldErrors[path.split(".")[0]] ??= message;
    return { fieldErrors, values };
  }
  try {
    const ctx = await requireContext("apikey:manage");
    const { secret } = await createApiKey(await actorOf(ctx), { ...parsed.data, storeIds: parsed.data.storeIds ?? undefined });
    revalidatePath(PAGE);
    return { ok: true, message: "apiKeys.created", secret };
  } catch (e) {
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors, values };
    return failure("create", e, values);
  }
}

// Owners revoke a key of their organisation; calls with it are refused from the next request on.
export async function revokeApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = revokeSchema.safeParse(formFields(formData, ["id"]));
  if (!parsed.success) return { message: "apiKeys.notFound" };
  try {
    const ctx = await requireContext("apikey:manage");
    await revokeApiKey(await actorOf(ctx), parsed.data.id);
    revalidatePath(PAGE);
    return { ok: true, message: "apiKeys.revokedMessage" };
  } catch (e) {
    if (isAppError(e) && e.code === "invalid_state") {
      revalidatePath(PAGE);
      return { message: "apiKeys.alreadyRevoked" };
    }
    return failure("revoke", e);
  }
}

/** Expected refusals become their message key; anything else is logged and shown as the generic error. */
function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  if (isAppError(e)) {
    if (e.code === "not_found") return { message: "apiKeys.notFound", values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
  }
  logError(`[api-keys] could not ${verb} the key`, e);
  return { message: "apiKeys.errors.generic", values };
}
