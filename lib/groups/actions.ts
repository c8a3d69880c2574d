"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { formOf, type ActionState } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { logError } from "@/lib/log";
import { formPathOf, parseVariantsForm } from "./form";
import { clearFixedVariant, setGroupVariants, useVariantForEveryone } from "./mutations";
import { fixVariantSchema, groupIdSchema } from "./schemas";

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

const text = (formData: FormData) => (key: string) => {
  const v = formData.get(key);
  return typeof v === "string" ? v : "";
};

function revalidateGroup(groupId: string) {
  revalidatePath(`/groups/${groupId}`);
  revalidatePath("/analytics");
}

// Marketers and owners set a unique group's A/B variants (or remove them), before its first claim.
// The campaign type only says which fields the form has; the domain checks them against the real one.
export async function setGroupVariantsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const get = text(formData);
  const target = groupIdSchema.safeParse({ groupId: get("groupId") });
  if (!target.success) return { message: "groups.errors.groupMissing" };
  const values = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("$")));
  const parsed = parseVariantsForm(get, get("campaignType"));
  if (!parsed.ok) return { fieldErrors: parsed.fieldErrors, values };
  const removing = parsed.data.variants.length === 0;
  try {
    const ctx = await requireContext("group:write");
    await setGroupVariants(await actorOf(ctx), target.data.groupId, parsed.data);
  } catch (e) {
    return failure("set the variants of", e, values);
  }
  revalidateGroup(target.data.groupId);
  return { ok: true, message: removing ? "groups.ab.removed" : "groups.ab.saved" };
}

// Marketers and owners give every new claim of the group one variant (earlier claims keep theirs).
export async function useVariantForEveryoneAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const get = text(formOf(form));
  const target = fixVariantSchema.safeParse({ groupId: get("groupId"), variantId: get("variantId") });
  if (!target.success) return { message: "groups.ab.errors.noVariant" };
  try {
    const ctx = await requireContext("group:write");
    await useVariantForEveryone(await actorOf(ctx), target.data.groupId, target.data.variantId);
  } catch (e) {
    return failure("fix a variant of", e);
  }
  revalidateGroup(target.data.groupId);
  return { ok: true, message: "groups.ab.fixedMessage" };
}

// Marketers and owners undo it: new claims are split across the variants again.
export async function clearFixedVariantAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const get = text(formOf(form));
  const target = groupIdSchema.safeParse({ groupId: get("groupId") });
  if (!target.success) return { message: "groups.errors.groupMissing" };
  try {
    const ctx = await requireContext("group:write");
    await clearFixedVariant(await actorOf(ctx), target.data.groupId);
  } catch (e) {
    // Someone else already undid it: the page shows the current state.
    if (!(isAppError(e) && e.details?.reason === "not_fixed")) return failure("unfix the variant of", e);
  }
  revalidateGroup(target.data.groupId);
  return { ok: true, message: "groups.ab.unfixedMessage" };
}

/** Expected refusals become message keys (per form field where the domain names one); the rest is logged. */
function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  if (isAppError(e)) {
    if (e.errors?.length) {
      const fieldErrors: Record<string, string> = {};
      for (const err of e.errors) fieldErrors[formPathOf(err.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)))] ??= err.message;
      return { fieldErrors, values };
    }
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
    if (e.code === "not_found") return { message: e.details?.reason === "no_variant" ? "groups.ab.errors.noVariant" : "groups.errors.groupMissing", values };
    if (e.code === "invalid_state") {
      const reason = e.details?.reason;
      if (reason === "claimed" || reason === "type" || reason === "not_unique") return { message: `groups.ab.errors.${reason}`, values };
    }
  }
  logError(`[groups] could not ${verb} the group`, e);
  return { message: "errors.generic", values };
}
