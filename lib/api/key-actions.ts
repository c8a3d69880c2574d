"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { fieldErrorsOf, formFields, type ActionState } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { createApiKey, createApiKeySchema, revokeApiKey } from "./keys";

const PAGE = "/settings/api-keys";
const revokeSchema = z.object({ id: z.uuid() });

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

// Owners create a key (roles: API_KEY_ROLES, never owner); the state carries the secret, shown once.
export async function createApiKeyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formFields(formData, ["name", "role"]);
  const parsed = createApiKeySchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: raw };
  try {
    const ctx = await requireContext("apikey:manage");
    const { secret } = await createApiKey(await actorOf(ctx), parsed.data);
    revalidatePath(PAGE);
    return { ok: true, message: "apiKeys.created", secret };
  } catch (e) {
    return failure("create", e, raw);
  }
}

// Owners revoke a key of their organisation; calls with it are refused from the next request on.
export async function revokeApiKeyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
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
  console.error(`[api-keys] could not ${verb} the key`, e);
  return { message: "apiKeys.errors.generic", values };
}
