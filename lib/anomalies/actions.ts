"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { formFields, type ActionState, formOf } from "@/lib/action-state";
import type { Actor } from "@/lib/auth/actor";
import { requireContext, type ConsoleContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { markAlertsRead, reviewAlert, updateAnomalyRules } from "./mutations";
import { parseRulesForm, RULE_FORM_FIELDS } from "./rules";
import { logError } from "@/lib/log";
import { markBudgetNoticesRead } from "@/lib/campaigns/mutations";

async function actorOf(ctx: ConsoleContext): Promise<Actor> {
  const h = await headers();
  return { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") };
}

function failure(what: string, e: unknown): ActionState {
  if (isAppError(e)) {
    if (e.code === "forbidden" || e.code === "unauthorized") return { message: "errors.forbidden.title" };
    if (e.code === "invalid_state" || e.code === "not_found") return { message: "errors.generic" };
  }
  logError(`[anomalies] could not ${what}`, e);
  return { message: "errors.generic" };
}

// The owner saves the organisation's anomaly rules (audited).
export async function updateAnomalyRulesAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const values = formFields(formData, RULE_FORM_FIELDS);
  const parsed = parseRulesForm(values);
  if (!parsed.success) return { fieldErrors: parsed.errors, values };
  try {
    const ctx = await requireContext("settings:manage");
    await updateAnomalyRules(await actorOf(ctx), parsed.data);
  } catch (e) {
    return { ...failure("save the rules", e), values };
  }
  revalidatePath("/settings/anomalies");
  return { ok: true, message: "anomalies.saved" };
}

const alertId = z.uuid();

// An owner or marketer handles an alert, unfreezing its group first when asked (both audited).
export async function reviewAlertAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const id = alertId.safeParse(formData.get("alertId"));
  if (!id.success) return { message: "errors.generic" };
  const unfreeze = formData.get("unfreeze") === "1";
  try {
    const ctx = await requireContext("group:freeze");
    await reviewAlert(await actorOf(ctx), id.data, { unfreeze });
  } catch (e) {
    return failure("review the alert", e);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: unfreeze ? "alerts.unfrozen" : "alerts.reviewed" };
}

// The signed-in user marks their alert and budget notifications as read (the header badge goes to zero).
export async function markAlertsReadAction(): Promise<void> {
  const ctx = await requireContext("group:freeze");
  await Promise.all([markAlertsRead(ctx.orgId, ctx.userId), markBudgetNoticesRead(ctx.orgId, ctx.userId)]);
  revalidatePath("/", "layout");
}
