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
import { archiveStore, createStore, restoreStore, updateStore } from "./mutations";
import { storeInputSchema } from "./schemas";
import { logError } from "@/lib/log";

const LIST = "/stores";
const FIELDS = ["name", "address"] as const;

/** The form's fields: text inputs plus the checked clerk boxes (one `clerkIds` entry each). */
function readForm(formData: FormData) {
  const raw = formFields(formData, FIELDS);
  const clerkIds = formData.getAll("clerkIds").filter((v): v is string => typeof v === "string");
  // `values` echoes the form after a failed submit; the clerk ids travel comma-joined.
  return { input: { ...raw, clerkIds }, values: { ...raw, clerkIds: clerkIds.join(",") } };
}

/** Field errors by form field: an error on one clerk (`clerkIds.3`) belongs to the clerk list. */
function formErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(error))) out[path.split(".")[0]] ??= message;
  return out;
}

const idSchema = z.object({ id: z.uuid() });

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

// Owners add a store with its clerks; on success the edit page opens with a "created" notice.
export async function createStoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const { input, values: raw } = readForm(formData);
  const parsed = storeInputSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: formErrors(parsed.error), values: raw };
  let id: string;
  try {
    const ctx = await requireContext("store:write");
    ({ id } = await createStore(await actorOf(ctx), parsed.data));
  } catch (e) {
    return failure("create", e, raw);
  }
  revalidatePath(LIST);
  redirect(`${LIST}/${id}?created=1`);
}

// Owners edit a store of their organisation, replacing its clerks (the id comes from a hidden field).
export async function updateStoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const { input, values: raw } = readForm(formData);
  const target = idSchema.safeParse(formFields(formData, ["id"]));
  if (!target.success) return { message: "stores.errors.notFound", values: raw };
  const parsed = storeInputSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: formErrors(parsed.error), values: raw };
  try {
    const ctx = await requireContext("store:write");
    await updateStore(await actorOf(ctx), target.data.id, parsed.data);
  } catch (e) {
    return failure("update", e, raw);
  }
  revalidatePath(LIST);
  revalidatePath(`${LIST}/${target.data.id}`);
  return { ok: true, message: "stores.saved" };
}

// Archive or restore: the form's hidden `id`; the page re-renders in its new state.
export async function archiveStoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return setArchived(formData, true);
}

export async function restoreStoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return setArchived(formData, false);
}

async function setArchived(formData: FormData, archived: boolean): Promise<ActionState> {
  const target = idSchema.safeParse(formFields(formData, ["id"]));
  if (!target.success) return { message: "stores.errors.notFound" };
  try {
    const ctx = await requireContext("store:write");
    const actor = await actorOf(ctx);
    await (archived ? archiveStore(actor, target.data.id) : restoreStore(actor, target.data.id));
  } catch (e) {
    // Someone else already did it: show the current state rather than an error.
    if (!(isAppError(e) && e.code === "invalid_state")) return failure(archived ? "archive" : "restore", e);
  }
  revalidatePath(LIST);
  revalidatePath(`${LIST}/${target.data.id}`);
  return { ok: true, message: archived ? "stores.archivedMessage" : "stores.restoredMessage" };
}

/** Expected refusals become message keys (per field where they have one); anything else is logged. */
function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  const fieldErrors = fieldErrorsOfAppError(e);
  if (fieldErrors) return { fieldErrors, values };
  if (isAppError(e)) {
    if (e.code === "not_found") return { message: "stores.errors.notFound", values };
    if (e.code === "invalid_state") return { message: "stores.errors.archived", values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
  }
  logError(`[stores] could not ${verb} the store`, e);
  return { message: "errors.generic", values };
}
