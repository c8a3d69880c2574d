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
import { archiveInfluencer, createInfluencer, restoreInfluencer, updateInfluencer } from "./mutations";
import { influencerInputSchema } from "./schemas";
import { logError } from "@/lib/log";

const LIST = "/influencers";
const FIELDS = ["displayName", "platform", "handle", "notes", "userId"] as const;
const idSchema = z.object({ id: z.uuid() });

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

// Marketers and owners add an influencer; on success the edit page opens with a "created" notice.
export async function createInfluencerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, FIELDS);
  const parsed = influencerInputSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: raw };
  let id: string;
  try {
    const ctx = await requireContext("influencer:write");
    ({ id } = await createInfluencer(await actorOf(ctx), parsed.data));
  } catch (e) {
    return failure("create", e, raw);
  }
  revalidatePath(LIST);
  redirect(`${LIST}/${id}?created=1`);
}

// Marketers and owners edit an influencer of their organisation (the id comes from a hidden field).
export async function updateInfluencerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, FIELDS);
  const target = idSchema.safeParse(formFields(formData, ["id"]));
  if (!target.success) return { message: "influencers.errors.notFound", values: raw };
  const parsed = influencerInputSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: raw };
  try {
    const ctx = await requireContext("influencer:write");
    await updateInfluencer(await actorOf(ctx), target.data.id, parsed.data);
  } catch (e) {
    return failure("update", e, raw);
  }
  revalidatePath(LIST);
  revalidatePath(`${LIST}/${target.data.id}`);
  return { ok: true, message: "influencers.saved" };
}

// Archive or restore: the form's hidden `id`; the page re-renders in its new state.
export async function archiveInfluencerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return setArchived(formData, true);
}

export async function restoreInfluencerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return setArchived(formData, false);
}

async function setArchived(formData: FormData, archived: boolean): Promise<ActionState> {
  const target = idSchema.safeParse(formFields(formData, ["id"]));
  if (!target.success) return { message: "influencers.errors.notFound" };
  try {
    const ctx = await requireContext("influencer:write");
    const actor = await actorOf(ctx);
    await (archived ? archiveInfluencer(actor, target.data.id) : restoreInfluencer(actor, target.data.id));
  } catch (e) {
    // Someone else already did it: show the current state rather than an error.
    if (!(isAppError(e) && e.code === "invalid_state")) return failure(archived ? "archive" : "restore", e);
  }
  revalidatePath(LIST);
  revalidatePath(`${LIST}/${target.data.id}`);
  return { ok: true, message: archived ? "influencers.archivedMessage" : "influencers.restoredMessage" };
}

/** Expected refusals become message keys (per field where they have one); anything else is logged. */
function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  const fieldErrors = fieldErrorsOfAppError(e);
  if (fieldErrors && isAppError(e) && e.details?.existingId) {
    return { fieldErrors, values, message: "influencers.errors.duplicateExists", link: `${LIST}/${e.details.existingId}` };
  }
  if (fieldErrors) return { fieldErrors, values };
  if (isAppError(e)) {
    if (e.code === "not_found") return { message: "influencers.errors.notFound", values };
    if (e.code === "invalid_state") return { message: "influencers.errors.archived", values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
  }
  logError(`[influencers] could not ${verb} the influencer`, e);
  return { message: "errors.generic", values };
}
