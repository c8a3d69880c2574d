"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/auth";
import { fieldErrorsOf, fieldErrorsOfAppError, formFields, type ActionState, formOf } from "@/lib/action-state";
import { consoleActor, currentUserId, requireContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { publicBaseUrl } from "@/lib/http/base-url";
import { clientIp } from "@/lib/http/client-ip";
import { consume, limiter } from "@/lib/security/rate-limit";
import { addMember, changeOwnPassword, issuePasswordReset, removeMember, setPasswordWithToken, updateMember } from "./mutations";
import { addMemberSchema, changePasswordSchema, setPasswordSchema, updateMemberSchema, userIdParamSchema } from "./schemas";
import { logError } from "@/lib/log";

const PAGE = "/settings/members";

/** A member form's fields: text inputs, the ticked stores, and an influencer choice ("" = none). */
function readMemberForm(formData: FormData) {
  const raw = formFields(formData, ["email", "name", "role", "influencerId"]);
  const storeIds = formData.getAll("storeIds").filter((v): v is string => typeof v === "string");
  const input = { ...raw, storeIds, influencerId: raw.influencerId || undefined, name: raw.name || undefined };
  return { input, values: { ...raw, storeIds: storeIds.join(",") } };
}

/** Field errors by form field: an error on one store (`storeIds.2`) belongs to the store list. */
function formErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(error))) out[path.split(".")[0]] ??= message;
  return out;
}

// Owners add someone by email with a role; someone new gets a one-time set-password link, shown once.
export async function addMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const { input, values } = readMemberForm(formData);
  const parsed = addMemberSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: formErrors(parsed.error), values };
  try {
    const ctx = await requireContext("member:manage");
    const { link } = await addMember(await consoleActor(ctx), parsed.data, await publicBaseUrl());
    revalidatePath(PAGE);
    return { ok: true, message: link ? "members.addedNew" : "members.addedExisting", secret: link?.url };
  } catch (e) {
    return failure("add", e, values);
  }
}

// Owners change a member's role, stores or influencer record (the user id comes from a hidden field).
export async function updateMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const target = userIdParamSchema.safeParse(formFields(formData, ["userId"]));
  if (!target.success) return { message: "members.errors.notFound" };
  const { input, values } = readMemberForm(formData);
  const parsed = updateMemberSchema.safeParse({ role: input.role, storeIds: input.role === "clerk" ? input.storeIds : undefined, influencerId: input.influencerId ?? null });
  if (!parsed.success) return { fieldErrors: formErrors(parsed.error), values };
  try {
    const ctx = await requireContext("member:manage");
    await updateMember(await consoleActor(ctx), target.data.userId, parsed.data);
  } catch (e) {
    return failure("update", e, values);
  }
  revalidatePath(PAGE);
  return { ok: true, message: "members.saved" };
}

// Owners remove a member: their sessions end and the API keys they created are revoked, at once.
export async function removeMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const target = userIdParamSchema.safeParse(formFields(formData, ["userId"]));
  if (!target.success) return { message: "members.errors.notFound" };
  try {
    const ctx = await requireContext("member:manage");
    await removeMember(await consoleActor(ctx), target.data.userId);
  } catch (e) {
    return failure("remove", e);
  }
  revalidatePath(PAGE);
  return { ok: true, message: "members.removed" };
}

// Owners issue a one-time reset link for a member (shown once; an earlier link stops working).
export async function issueResetLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const target = userIdParamSchema.safeParse(formFields(formData, ["userId"]));
  if (!target.success) return { message: "members.errors.notFound" };
  try {
    const ctx = await requireContext("member:manage");
    const link = await issuePasswordReset(await consoleActor(ctx), target.data.userId, await publicBaseUrl());
    return { ok: true, message: "members.resetIssued", secret: link.url };
  } catch (e) {
    return failure("reset", e);
  }
}

// Anyone signed in changes their own password; their other sessions end and this browser is signed in anew.
export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = changePasswordSchema.safeParse(formFields(formData, ["currentPassword", "password", "confirmPassword"]));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const userId = await currentUserId();
  if (!userId) return { message: "errors.forbidden.title" };
  const h = await headers();
  let email: string;
  try {
    ({ email } = await changeOwnPassword(userId, parsed.data.currentPassword, parsed.data.password, { ip: clientIp(h), userAgent: h.get("user-agent") }));
  } catch (e) {
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors };
    logError("[account] could not change the password", e);
    return { message: "errors.generic" };
  }
  try {
    // Every session of the user ended with the change; this browser gets a new one.
    await signIn("credentials", { email, password: parsed.data.password, redirect: false });
  } catch (e) {
    if (e instanceof AuthError) redirect("/login?passwordChanged=1");
    throw e;
  }
  // A new request, so the page reads the new session cookie (this one still carries the revoked one).
  redirect("/account?changed=1");
}

// Public: sets a password from a one-time link, then sends the person to sign in. Rate-limited per IP.
export async function setPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = setPasswordSchema.safeParse(formFields(formData, ["token", "password", "confirmPassword"]));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const h = await headers();
  const ip = clientIp(h);
  let email: string;
  try {
    await consume(limiter("set-password-ip", 20, 15 * 60), ip);
    ({ email } = await setPasswordWithToken(parsed.data.token, parsed.data.password, { ip, userAgent: h.get("user-agent") }));
  } catch (e) {
    if (isAppError(e) && e.code === "rate_limited") return { message: "auth.errors.rateLimited" };
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors };
    logError("[account] could not set the password", e);
    return { message: "errors.generic" };
  }
  redirect(`/login?passwordSet=1&email=${encodeURIComponent(email)}`);
}

/** Expected refusals become message keys (per field where they have one); anything else is logged. */
function failure(verb: string, e: unknown, values?: Record<string, string>): ActionState {
  const fieldErrors = fieldErrorsOfAppError(e);
  if (fieldErrors) {
    const { _form, ...rest } = fieldErrors;
    return _form && !Object.keys(rest).length ? { message: _form, values } : { fieldErrors: rest, message: _form, values };
  }
  if (isAppError(e)) {
    if (e.code === "not_found") return { message: "members.errors.notFound", values };
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "errors.forbidden.title", values };
  }
  logError(`[members] could not ${verb} the member`, e);
  return { message: "errors.generic", values };
}
