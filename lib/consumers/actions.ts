"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formFields, formOf, type ActionState } from "@/lib/action-state";
import { consoleActor, requireContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { tagSchema } from "@/lib/segments/rules";
import { addConsumerTag, eraseConsumer, removeConsumerTag, setOptOut } from "./mutations";
import { logError } from "@/lib/log";

const idSchema = z.uuid();
const page = (id: string) => `/consumers/${id}`;

function failure(verb: string, e: unknown): ActionState {
  if (isAppError(e)) {
    if (e.code === "not_found") return { message: "consumers.errors.notFound" };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title" };
    if (e.code === "invalid_state") return { message: "consumers.errors.alreadyErased" };
  }
  logError(`[consumers] could not ${verb}`, e);
  return { message: "errors.generic" };
}

// Marketers add a tag to one consumer on their page.
export async function addTagAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["consumerId", "tag"]);
  const id = idSchema.safeParse(raw.consumerId);
  if (!id.success) return { message: "consumers.errors.notFound" };
  const tag = tagSchema.safeParse(raw.tag);
  if (!tag.success) return { fieldErrors: { tag: tag.error.issues[0].message }, values: raw };
  try {
    const ctx = await requireContext("consumer:write");
    await addConsumerTag(await consoleActor(ctx), id.data, tag.data);
  } catch (e) {
    return failure("add a tag", e);
  }
  revalidatePath(page(id.data));
  return { ok: true };
}

// Marketers take a tag off (a button per tag).
export async function removeTagAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["consumerId", "tag"]);
  const id = idSchema.safeParse(raw.consumerId);
  if (!id.success) return { message: "consumers.errors.notFound" };
  try {
    const ctx = await requireContext("consumer:write");
    await removeConsumerTag(await consoleActor(ctx), id.data, raw.tag);
  } catch (e) {
    return failure("remove a tag", e);
  }
  revalidatePath(page(id.data));
  return { ok: true };
}

// Marketers record that a consumer wants no marketing texts (or no longer minds them).
export async function setOptOutAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["consumerId", "optedOut"]);
  const id = idSchema.safeParse(raw.consumerId);
  if (!id.success) return { message: "consumers.errors.notFound" };
  try {
    const ctx = await requireContext("consumer:write");
    await setOptOut(await consoleActor(ctx), id.data, raw.optedOut === "1");
  } catch (e) {
    return failure("change the opt-out", e);
  }
  revalidatePath(page(id.data));
  return { ok: true };
}

// Owners erase a consumer (PIPL): the phone goes from every table, the figures stay.
export async function eraseConsumerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["consumerId", "confirm"]);
  const id = idSchema.safeParse(raw.consumerId);
  if (!id.success) return { message: "consumers.errors.notFound" };
  if (raw.confirm !== "ERASE") return { fieldErrors: { confirm: "consumers.errors.confirmErase" } };
  try {
    const ctx = await requireContext("consumer:privacy");
    await eraseConsumer(await consoleActor(ctx), id.data);
  } catch (e) {
    return failure("erase the consumer", e);
  }
  revalidatePath("/consumers");
  redirect(`${page(id.data)}?erased=1`);
}
