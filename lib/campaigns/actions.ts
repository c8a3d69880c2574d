"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { fieldErrorsOf, fieldErrorsOfAppError, formFields, type ActionState, formOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { campaignFormValuesFromFormData, parseCampaignForm, type CampaignFormValues } from "./form";
import { ACTION_PERMISSION, CAMPAIGN_ACTIONS, type CampaignAction } from "./lifecycle";
import { createCampaign, duplicateCampaign, setClaimMode, stopNewClaims, transitionCampaign, updateCampaign } from "./mutations";
import { CLAIM_MODES, rejectCampaignSchema } from "./schemas";
import { logError } from "@/lib/log";

const idSchema = z.uuid();

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

function revalidateCampaign(id?: string) {
  revalidatePath("/campaigns");
  revalidatePath("/reviews");
  revalidatePath("/dashboard");
  if (id) revalidatePath(`/campaigns/${id}`);
}

// Marketers create a draft from the form (yuan and local dates in the organisation's zone); with
// intent=submit it goes to review at once. Lands on the campaign's page.
export async function createCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const values = campaignFormValuesFromFormData(formData);
  let id: string;
  try {
    const ctx = await requireContext("campaign:write");
    const parsed = parseCampaignForm(values, ctx.org.timeZone);
    if (!parsed.ok) return { fieldErrors: parsed.fieldErrors, values };
    const actor = await actorOf(ctx);
    ({ id } = await createCampaign(actor, parsed.input));
    await submitIfAsked(actor, id, formData);
  } catch (e) {
    return formFailure("create", e, values);
  }
  revalidateCampaign(id);
  redirect(`/campaigns/${id}`);
}

// Marketers edit a draft (a submitted campaign is what the reviewer saw, so it no longer changes).
export async function updateCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const values = campaignFormValuesFromFormData(formData);
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) return { message: "campaign.errors.notFound", values };
  try {
    const ctx = await requireContext("campaign:write");
    const parsed = parseCampaignForm(values, ctx.org.timeZone);
    if (!parsed.ok) return { fieldErrors: parsed.fieldErrors, values };
    const actor = await actorOf(ctx);
    await updateCampaign(actor, id.data, parsed.input);
    await submitIfAsked(actor, id.data, formData);
  } catch (e) {
    return formFailure("update", e, values);
  }
  revalidateCampaign(id.data);
  redirect(`/campaigns/${id.data}`);
}

// "Copy as draft" from a campaign's page: opens the new draft's edit form.
export async function duplicateCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const id = idSchema.safeParse(formFields(formData, ["id"]).id);
  if (!id.success) return { message: "campaign.errors.notFound" };
  let copy: { id: string };
  try {
    const ctx = await requireContext("campaign:write");
    const t = await getTranslations("campaigns.detail");
    copy = await duplicateCampaign(await actorOf(ctx), id.data, t("copySuffix"));
  } catch (e) {
    return transitionFailure("submit", e, {});
  }
  revalidatePath("/campaigns");
  redirect(`/campaigns/${copy.id}/edit?copied=1`);
}

// One lifecycle step, named by the form's `action` field (submit, approve, reject with a comment, pause, resume, end).
export async function transitionCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  if (formData.get("action") === "stopClaims") return stopClaims(formData);
  const action = z.enum(CAMPAIGN_ACTIONS).safeParse(formData.get("action"));
  if (!action.success) return { message: "errors.generic" };
  return transition(action.data, formData);
}

// Marketers send a draft to review.
export async function submitCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return transition("submit", formData);
}

// Reviewers and owners approve someone else's submission.
export async function approveCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return transition("approve", formData);
}

// Reviewers and owners send someone else's submission back to draft, saying why.
export async function rejectCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return transition("reject", formData);
}

// Marketers stop claims and redemptions for a while.
export async function pauseCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return transition("pause", formData);
}

// Marketers let a paused campaign run again.
export async function resumeCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return transition("resume", formData);
}

// Marketers end a campaign for good.
export async function endCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  return transition("end", formData);
}

// The pause dialog's other choice: no new claims, the codes already out stay redeemable.
async function stopClaims(formData: FormData): Promise<ActionState> {
  const id = idSchema.safeParse(formFields(formData, ["id"]).id);
  if (!id.success) return { message: "campaign.errors.notFound" };
  try {
    const ctx = await requireContext("campaign:write");
    await stopNewClaims(await actorOf(ctx), id.data);
  } catch (e) {
    revalidateCampaign(id.data);
    return transitionFailure("pause", e, {});
  }
  revalidateCampaign(id.data);
  return { ok: true, message: "campaign.actions.done.stopClaims" };
}

// Marketers and owners close new claims on a live campaign while issued codes stay redeemable
// (停止新领取), or reopen them; separate from pause, which stops redemptions too.
export async function setClaimModeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const raw = formFields(formData, ["id", "claimMode"]);
  const id = idSchema.safeParse(raw.id);
  const mode = z.enum(CLAIM_MODES).safeParse(raw.claimMode);
  if (!id.success) return { message: "campaign.errors.notFound" };
  if (!mode.success) return { message: "errors.generic" };
  let ctx: ConsoleContext;
  try {
    ctx = await requireContext(ACTION_PERMISSION.pause);
  } catch (e) {
    return transitionFailure("pause", e, {}, "context");
  }
  try {
    await setClaimMode(await actorOf(ctx), id.data, mode.data);
  } catch (e) {
    revalidateCampaign(id.data);
    return transitionFailure("pause", e, {});
  }
  revalidateCampaign(id.data);
  return { ok: true, message: mode.data === "open" ? "campaign.actions.done.claimsReopened" : "campaign.actions.done.claimsClosed" };
}

/** "Save and submit": the draft is saved either way; if the submit fails, the campaign's page still offers it. */
async function submitIfAsked(actor: Actor, id: string, formData: FormData) {
  if (formData.get("intent") !== "submit") return;
  try {
    await transitionCampaign(actor, id, "submit");
  } catch (e) {
    logError("[campaigns] saved, but could not submit the campaign", e);
  }
}

async function transition(action: CampaignAction, formData: FormData): Promise<ActionState> {
  const raw = formFields(formData, ["id", "comment"]);
  const id = idSchema.safeParse(raw.id);
  if (!id.success) return { message: "campaign.errors.notFound" };
  let comment: string | undefined;
  if (action === "reject") {
    const parsed = rejectCampaignSchema.safeParse({ comment: raw.comment });
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { comment: raw.comment } };
    comment = parsed.data.comment;
  } else if (action === "approve" && raw.comment.trim()) {
    comment = raw.comment.trim().slice(0, 1000);
  }
  let ctx: ConsoleContext;
  try {
    ctx = await requireContext(ACTION_PERMISSION[action]);
  } catch (e) {
    return transitionFailure(action, e, raw, "context");
  }
  let name = "";
  try {
    ({ name } = await transitionCampaign(await actorOf(ctx), id.data, action, comment));
  } catch (e) {
    revalidateCampaign(id.data);
    return transitionFailure(action, e, raw);
  }
  revalidateCampaign(id.data);
  // From the review queue the campaign's card has left the list: back to it, saying what was done.
  if (formData.get("returnTo") === "/reviews" && (action === "approve" || action === "reject")) {
    redirect(`/reviews?${new URLSearchParams({ done: action, name })}`);
  }
  return { ok: true, message: `campaign.actions.done.${action}` };
}

function formFailure(verb: string, e: unknown, values: CampaignFormValues): ActionState {
  const fieldErrors = fieldErrorsOfAppError(e);
  if (fieldErrors) return { fieldErrors, values };
  if (isAppError(e)) {
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "campaign.errors.forbidden", values };
    if (e.code === "not_found") return { message: "campaign.errors.notFound", values };
    if (e.code === "invalid_state") return { message: "campaign.errors.notDraft", values };
    if (e.code === "invalid_input") return { message: "campaign.errors.invalid", values };
  }
  logError(`[campaigns] could not ${verb} the campaign`, e);
  return { message: "errors.generic", values };
}

function transitionFailure(action: CampaignAction, e: unknown, values: Record<string, string>, stage: "context" | "domain" = "domain"): ActionState {
  if (isAppError(e)) {
    // The role was checked before the domain call, so the domain refusing a review is the four-eyes rule.
    if (stage === "domain" && e.code === "forbidden" && (action === "approve" || action === "reject")) {
      return { message: "campaign.errors.ownSubmission", values };
    }
    if (e.code === "unauthorized" || e.code === "forbidden") return { message: "campaign.errors.forbidden", values };
    if (e.code === "not_found") return { message: "campaign.errors.notFound", values };
    if (e.code === "invalid_state" && e.details?.reason === "dates_past") return { message: "campaign.errors.datesPast", values };
    if (e.code === "invalid_state") return { message: "campaign.errors.stateChanged", values };
  }
  logError(`[campaigns] could not ${action} the campaign`, e);
  return { message: "errors.generic", values };
}
