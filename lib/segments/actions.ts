"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { fieldErrorsOfAppError, formFields, formOf, type ActionState } from "@/lib/action-state";
import { consoleActor, requireContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { cancelSend, createSend, resumeSend, reviewSend } from "@/lib/sends/sends";
import { parseSegmentForm, SEGMENT_FORM_KEYS, type SegmentFormValues } from "./form";
import { createSegment, deleteSegment, updateSegment } from "./mutations";
import { segmentSize } from "./queries";
import { contradiction } from "./rules";
import { logError } from "@/lib/log";

const idSchema = z.uuid();
const LIST = "/consumers/segments";

function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  const fieldErrors = fieldErrorsOfAppError(e);
  if (fieldErrors) {
    const { _form, ...rest } = fieldErrors;
    return { fieldErrors: rest, message: _form, values };
  }
  if (isAppError(e)) {
    if (e.code === "not_found") return { message: "segments.errors.notFound", values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: e.message.includes("Someone other") ? "sends.errors.ownSend" : "errors.forbidden.title", values };
    if (e.code === "invalid_state") return { message: "sends.errors.notNow", values };
  }
  logError(`[segments] could not ${verb}`, e);
  return { message: "errors.generic", values };
}

export type SegmentPreview = { size: number; textable: number; contradiction: string | null } | { fieldErrors: Record<string, string> };

/** The live size while the editor is filled in (members now, and how many of them may be texted). */
export async function previewSegmentAction(values: SegmentFormValues): Promise<SegmentPreview> {
  const ctx = await requireContext("consumer:read");
  const clean = Object.fromEntries(SEGMENT_FORM_KEYS.map((k) => [k, typeof values?.[k] === "string" ? values[k] : ""])) as SegmentFormValues;
  const parsed = parseSegmentForm({ ...clean, name: clean.name || "preview" });
  if (!parsed.ok) return { fieldErrors: parsed.fieldErrors };
  const size = await segmentSize(ctx.orgId, parsed.input.rules);
  return { ...size, contradiction: contradiction(parsed.input.rules) };
}

// Marketers save a segment (new, or the one named by the hidden id) and land on its page.
export async function saveSegmentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const values = formFields(formData, SEGMENT_FORM_KEYS);
  const id = formFields(formData, ["id"]).id;
  const parsed = parseSegmentForm(values);
  if (!parsed.ok) return { fieldErrors: parsed.fieldErrors, values };
  let saved: string;
  try {
    const ctx = await requireContext("consumer:write");
    const actor = await consoleActor(ctx);
    saved = id ? (await updateSegment(actor, idSchema.parse(id), parsed.input)).id : (await createSegment(actor, parsed.input)).id;
  } catch (e) {
    return failure("save the segment", e, values);
  }
  revalidatePath(LIST);
  redirect(`${LIST}/${saved}?saved=1`);
}

export async function deleteSegmentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = idSchema.safeParse(formFields(formOf(form), ["id"]).id);
  if (!id.success) return { message: "segments.errors.notFound" };
  try {
    const ctx = await requireContext("consumer:write");
    await deleteSegment(await consoleActor(ctx), id.data);
  } catch (e) {
    return failure("delete the segment", e);
  }
  revalidatePath(LIST);
  redirect(LIST);
}

// Marketers send a group's codes to every member (定向发放); big sends wait for a reviewer.
export async function createSendAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["segmentId", "groupId", "sms"]);
  const segmentId = idSchema.safeParse(raw.segmentId);
  const groupId = idSchema.safeParse(raw.groupId);
  if (!segmentId.success) return { message: "segments.errors.notFound" };
  if (!groupId.success) return { fieldErrors: { groupId: "sends.errors.group" }, values: raw };
  try {
    const ctx = await requireContext("send:create");
    const send = await createSend(await consoleActor(ctx), segmentId.data, { groupId: groupId.data, sms: raw.sms === "on" });
    revalidatePath(`${LIST}/${segmentId.data}`);
    revalidatePath("/consumers/sends");
    return { ok: true, message: send.status === "pending_approval" ? "sends.waitingApproval" : "sends.queued" };
  } catch (e) {
    return failure("start the send", e, raw);
  }
}

// Reviewers approve or reject a send waiting for approval (never their own).
export async function reviewSendAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["sendId", "decision", "comment"]);
  const id = idSchema.safeParse(raw.sendId);
  if (!id.success) return { message: "sends.errors.notFound" };
  try {
    const ctx = await requireContext("send:approve");
    await reviewSend(await consoleActor(ctx), id.data, { approve: raw.decision === "approve", comment: raw.comment.trim().slice(0, 500) || undefined });
  } catch (e) {
    return failure("review the send", e);
  }
  revalidatePath("/consumers/sends");
  revalidatePath("/reviews");
  return { ok: true, message: raw.decision === "approve" ? "sends.approved" : "sends.rejected" };
}

// Marketers stop a send, or start a stopped one again where it stopped.
export async function controlSendAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const raw = formFields(formOf(form), ["sendId", "do"]);
  const id = idSchema.safeParse(raw.sendId);
  if (!id.success) return { message: "sends.errors.notFound" };
  try {
    const ctx = await requireContext("send:create");
    const actor = await consoleActor(ctx);
    await (raw.do === "resume" ? resumeSend(actor, id.data) : cancelSend(actor, id.data));
  } catch (e) {
    return failure("change the send", e);
  }
  revalidatePath("/consumers/sends");
  return { ok: true };
}
