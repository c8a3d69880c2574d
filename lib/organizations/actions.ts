"use server";

import { cookies, headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { fieldErrorsOf, fieldErrorsOfAppError, formFields, type ActionState, formOf } from "@/lib/action-state";
import { ACTIVE_ORG_COOKIE, consoleActor, requireContext, requireUserId } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { LOGO_MAX_BYTES } from "./brand";
import { createOrganizationForUser, createOrganizationWithOwner, updateAudienceSettings, updateOrganizationSettings, updateRedemptionSettings } from "./mutations";
import { isMember } from "./queries";
import { consume, registerLimiter } from "@/lib/security/rate-limit";
import { audienceSettingsFormSchema, createOrganizationSchema, organizationSettingsSchema, redemptionSettingsSchema, registerSchema } from "./schemas";
import { logError } from "@/lib/log";

const ORG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

async function setActiveOrg(orgId: string) {
  (await cookies()).set(ACTIVE_ORG_COOKIE, orgId, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production",
    path: "/",
    maxAge: ORG_COOKIE_MAX_AGE,
  });
}

// Sign-up: a new user, their organisation and owner membership at once, then signed in.
export async function registerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, ["name", "email", "password", "orgName", "orgSlug"]);
  const values = { name: raw.name, email: raw.email, orgName: raw.orgName, orgSlug: raw.orgSlug };
  const parsed = registerSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };

  let orgId: string;
  try {
    await consume(registerLimiter(), clientIp(await headers()));
    ({ orgId } = await createOrganizationWithOwner(parsed.data));
  } catch (e) {
    if (isAppError(e) && e.code === "rate_limited") return { message: "auth.errors.registerRateLimited", values };
    const fieldErrors = fieldErrorsOfAppError(e);
    // An email with an account is not confirmed to a visitor: the same words as for any refusal to sign up.
    if (fieldErrors?.email) return { message: "auth.errors.registerRefused", values };
    if (fieldErrors) return { fieldErrors, values };
    logError("[register] could not create the organisation", e);
    return { message: "errors.generic", values };
  }
  await setActiveOrg(orgId);
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: "/" });
  } catch (e) {
    // The account exists; if signing in is refused (rate limit), let the person sign in by hand.
    if (e instanceof AuthError) redirect("/login");
    throw e;
  }
  return { ok: true };
}

// Onboarding (or "new organisation"): the signed-in user creates an organisation and becomes its owner.
export async function createOrganizationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const userId = await requireUserId();
  const raw = formFields(formData, ["orgName", "orgSlug"]);
  const parsed = createOrganizationSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: raw };
  let orgId: string;
  try {
    ({ orgId } = await createOrganizationForUser(userId, parsed.data));
  } catch (e) {
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors, values: raw };
    logError("[onboarding] could not create the organisation", e);
    return { message: "errors.generic", values: raw };
  }
  await setActiveOrg(orgId);
  revalidatePath("/", "layout");
  redirect("/");
}

// Switches the active organisation after checking, on the server, that the user belongs to it.
export async function switchOrganizationAction(form: FormData): Promise<void> {
  const formData = formOf(form);
  const userId = await requireUserId();
  const orgId = formData.get("orgId");
  if (typeof orgId !== "string" || !/^[0-9a-f-]{36}$/i.test(orgId) || !(await isMember(orgId, userId))) {
    redirect("/");
  }
  await setActiveOrg(orgId);
  revalidatePath("/", "layout");
  // The new organisation may give another role: start again from that role's home.
  redirect("/");
}

const SETTINGS_FIELDS = ["name", "timeZone", "brandColor", "logoSource", "logoUrl"] as const;

// The owner saves the organisation's name, time zone and brand; a logo file comes as `logoFile`.
export async function updateOrganizationSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const values = formFields(formData, SETTINGS_FIELDS);
  const parsed = organizationSettingsSchema.safeParse(values);
  const file = formData.get("logoFile");
  const hasFile = file instanceof File && file.size > 0 && values.logoSource === "upload";
  // Refused by its size before its bytes are read.
  const tooLarge = hasFile && file.size > LOGO_MAX_BYTES ? { logoFile: "settings.brand.errors.logoTooLarge" } : undefined;
  if (!parsed.success || tooLarge) return { fieldErrors: { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...tooLarge }, values };
  try {
    const ctx = await requireContext("settings:manage");
    const h = await headers();
    const bytes = hasFile ? new Uint8Array(await file.arrayBuffer()) : null;
    await updateOrganizationSettings(
      { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") },
      parsed.data,
      bytes,
    );
  } catch (e) {
    const fieldErrors = fieldErrorsOfAppError(e);
    if (fieldErrors) return { fieldErrors, values };
    if (isAppError(e) && (e.code === "unauthorized" || e.code === "forbidden")) return { message: "errors.forbidden.title", values };
    logError("[settings] could not save the organisation settings", e);
    return { message: "errors.generic", values };
  }
  // The name shows in the sidebar and the zone on every page.
  revalidatePath("/", "layout");
  return { ok: true, message: "settings.brand.saved" };
}

// The owner sets how many minutes clerks may reverse a redemption (0–1440).
export async function updateRedemptionSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const values = formFields(formData, ["reversalWindowMinutes"]);
  const parsed = redemptionSettingsSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    const ctx = await requireContext("settings:manage");
    const h = await headers();
    await updateRedemptionSettings(
      { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") },
      parsed.data,
    );
  } catch (e) {
    if (isAppError(e) && (e.code === "unauthorized" || e.code === "forbidden")) return { message: "errors.forbidden.title", values };
    logError("[settings] could not save the redemption settings", e);
    return { message: "errors.generic", values };
  }
  revalidatePath("/settings");
  revalidatePath("/redeem");
  return { ok: true, message: "settings.counter.saved", values: { reversalWindowMinutes: String(parsed.data.reversalWindowMinutes) } };
}

// Owners set quiet hours for texts, the size from which a send needs a reviewer, and consumer retention.
export async function updateAudienceSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formFields(formOf(form), ["quietFrom", "quietTo", "sendApprovalThreshold", "consumerRetentionMonths", "privacyUrl"]);
  const parsed = audienceSettingsFormSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    const ctx = await requireContext("settings:manage");
    await updateAudienceSettings(await consoleActor(ctx), parsed.data);
  } catch (e) {
    if (isAppError(e) && (e.code === "unauthorized" || e.code === "forbidden")) return { message: "errors.forbidden.title", values };
    logError("[settings] could not save the consumer settings", e);
    return { message: "errors.generic", values };
  }
  revalidatePath("/settings");
  return { ok: true, message: "settings.audience.saved", values };
}
