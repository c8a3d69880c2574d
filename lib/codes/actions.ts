"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { fieldErrorsOf, fieldErrorsOfAppError, formFields, type ActionState, formOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { GROUP_FORM_FIELDS, IMPORT_FORM_FIELDS, parseGroupForm, parseImportForm } from "./form";
import { createGroup, freezeGroup, importGroup, startGroupJob, unfreezeGroup, voidCodes } from "./groups";
import { IMPORT_MAX_BYTES, parseCodesCsv, rowOfErrorPath } from "./import-csv";
import { checkGroupRequest, INLINE_GROUP_LIMIT, jobErrorKey, retryGroupJob, runGroupJob } from "./jobs";
import { createGroupSchema } from "./schemas";
import { logError } from "@/lib/log";

/** A group form's state: ActionState, plus the job to follow and the import's per-row report. */
export type GroupActionState = ActionState & {
  jobId?: string;
  report?: { line: number; message: string; value?: string }[];
  reportTotal?: number;
};

/** At most this many bad rows travel back to the form; the total is always given. */
const REPORT_LIMIT = 500;

const id = z.uuid();
const reasonSchema = z.string().trim().min(1, "validation.required").max(200, "validation.tooLong");

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

const groupsPath = (campaignId: string) => `/campaigns/${campaignId}/groups`;

// Marketers create a unique or shared group. Small groups are written before the answer; big ones
// start a job that runs after it, and the form follows its progress (GET …/groups/jobs/<id>).
export async function createGroupAction(_prev: GroupActionState, form: FormData): Promise<GroupActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, GROUP_FORM_FIELDS);
  const campaignId = id.safeParse(formData.get("campaignId"));
  if (!campaignId.success) return { message: "groups.errors.campaignMissing", values: raw };
  const parsed = parseGroupForm(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: raw };
  const input = parsed.data;
  try {
    const ctx = await requireContext("group:write");
    const actor = await actorOf(ctx);
    await checkGroupRequest(ctx.orgId, campaignId.data, input);
    if (input.mode === "unique" && input.quantity > INLINE_GROUP_LIMIT) {
      const job = await startGroupJob(actor, campaignId.data, input);
      // after(): the answer (with the job id) goes out first; the group is written in the background.
      after(() => runGroupJob(actor, campaignId.data, input, job.id));
      return { ok: true, jobId: job.id, values: raw };
    }
    await createGroup(actor, campaignId.data, input);
  } catch (e) {
    return failure("create", e, raw);
  }
  revalidatePath(groupsPath(campaignId.data));
  redirect(groupsPath(campaignId.data));
}

// Marketers start a failed generation job again (say, its server stopped mid-way), with what it asked for.
export async function retryGroupJobAction(_prev: GroupActionState, form: FormData): Promise<GroupActionState> {
  const formData = formOf(form);
  const jobId = id.safeParse(formData.get("jobId"));
  if (!jobId.success) return { message: "groups.jobs.errors.failed" };
  try {
    const ctx = await requireContext("group:write");
    const actor = await actorOf(ctx);
    const job = await retryGroupJob(actor, jobId.data);
    const input = createGroupSchema.parse(job.input);
    after(() => runGroupJob(actor, job.campaignId, input, job.id));
    revalidatePath(groupsPath(job.campaignId));
    return { ok: true, jobId: job.id };
  } catch (e) {
    // The button has no fields: a field's refusal (the link name was taken meanwhile) is the message.
    const first = isAppError(e) ? e.errors?.[0]?.message : undefined;
    return first ? { message: first } : failure("retry", e);
  }
}

// Marketers create a group from a partner's CSV: every row valid and new, or nothing, with a report per bad row.
export async function importGroupAction(_prev: GroupActionState, form: FormData): Promise<GroupActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, IMPORT_FORM_FIELDS);
  const campaignId = id.safeParse(formData.get("campaignId"));
  if (!campaignId.success) return { message: "groups.errors.campaignMissing", values: raw };
  const parsed = parseImportForm(raw);
  const file = formData.get("file");
  const fileError =
    !(file instanceof File) || file.size === 0
      ? "groups.import.errors.noFile"
      : file.size > IMPORT_MAX_BYTES
        ? "groups.import.errors.tooLarge"
        : undefined;
  if (!parsed.success || fileError) {
    return { fieldErrors: { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...(fileError ? { file: fileError } : {}) }, values: raw };
  }
  const csv = parseCodesCsv(new Uint8Array(await (file as File).arrayBuffer()));
  if (!csv.ok) {
    return csv.line
      ? { fieldErrors: { file: csv.message }, report: [{ line: csv.line, message: csv.message }], reportTotal: 1, values: raw }
      : { fieldErrors: { file: csv.message }, values: raw };
  }
  let groupId: string;
  try {
    const ctx = await requireContext("group:write");
    const group = await importGroup(await actorOf(ctx), campaignId.data, parsed.data, csv.rows);
    groupId = group.id;
  } catch (e) {
    const rowErrors = isAppError(e) && e.code === "invalid_input" ? (e.errors ?? []).filter((x) => rowOfErrorPath(x.path) !== null) : [];
    if (rowErrors.length) {
      const values = new Map(csv.rows.map((r) => [r.line, r.value]));
      const report = rowErrors.slice(0, REPORT_LIMIT).map((x) => {
        const line = rowOfErrorPath(x.path)!;
        return { line, message: x.message, value: values.get(line)?.slice(0, 48) };
      });
      return { message: "groups.import.rejected", report, reportTotal: rowErrors.length, values: raw };
    }
    return failure("import", e, raw);
  }
  revalidatePath(groupsPath(campaignId.data));
  redirect(`/groups/${groupId}`);
}

// Marketers and owners freeze a group (audited, group.frozen webhook): nothing in it can be claimed or redeemed.
export async function freezeGroupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const groupId = id.safeParse(formData.get("groupId"));
  const reason = reasonSchema.safeParse(formData.get("reason") ?? "");
  if (!groupId.success) return { message: "groups.errors.groupMissing" };
  if (!reason.success) return { fieldErrors: { reason: reason.error.issues[0].message } };
  try {
    const ctx = await requireContext("group:freeze");
    await freezeGroup(await actorOf(ctx), groupId.data, reason.data);
  } catch (e) {
    return failure("freeze", e);
  }
  revalidatePath(`/groups/${groupId.data}`);
  return { ok: true, message: "groups.detail.frozenMessage" };
}

// Marketers and owners unfreeze a frozen group (audited).
export async function unfreezeGroupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const groupId = id.safeParse(formData.get("groupId"));
  if (!groupId.success) return { message: "groups.errors.groupMissing" };
  try {
    const ctx = await requireContext("group:freeze");
    await unfreezeGroup(await actorOf(ctx), groupId.data);
  } catch (e) {
    return failure("unfreeze", e);
  }
  revalidatePath(`/groups/${groupId.data}`);
  return { ok: true, message: "groups.detail.unfrozenMessage" };
}

const codesSchema = z.array(z.string().trim().min(1).max(64)).min(1).max(500);

// Marketers and owners void single codes that are not yet redeemed (each audited with the reason).
export async function voidCodesAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const groupId = id.safeParse(formData.get("groupId"));
  const codeList = codesSchema.safeParse(formData.getAll("code"));
  const reason = reasonSchema.safeParse(formData.get("reason") ?? "");
  if (!groupId.success) return { message: "groups.errors.groupMissing" };
  if (!codeList.success) return { message: "groups.codes.void.noneSelected" };
  if (!reason.success) return { fieldErrors: { reason: reason.error.issues[0].message } };
  let changed: number;
  try {
    const ctx = await requireContext("group:freeze");
    changed = await voidCodes(await actorOf(ctx), groupId.data, codeList.data, reason.data);
  } catch (e) {
    return failure("void codes of", e);
  }
  revalidatePath(`/groups/${groupId.data}`);
  return changed > 0
    ? { ok: true, message: "groups.codes.void.done", values: { count: String(changed) } }
    : { message: "groups.codes.void.nothing" };
}

/** Expected refusals become message keys (field errors where the domain names a field); the rest is logged. */
function failure(verb: string, e: unknown, values?: Record<string, string>): GroupActionState {
  if (isAppError(e)) {
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors, values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
    if (e.code === "not_found") return { message: verb === "create" || verb === "import" ? "groups.errors.campaignMissing" : "groups.errors.groupMissing", values };
    if (e.code === "invalid_state") {
      if (verb === "freeze") return { message: "groups.detail.notActive", values };
      if (verb === "unfreeze") return { message: "groups.detail.notFrozen", values };
      return { message: jobErrorKey(e.message), values };
    }
  }
  logError(`[groups] could not ${verb} the group`, e);
  return { message: "errors.generic", values };
}
