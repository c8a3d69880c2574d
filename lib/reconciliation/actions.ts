"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { formFields, type ActionState, formOf } from "@/lib/action-state";
import { requireContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { markStatementChecked } from "./mutations";
import { periodOf } from "./rules";
import { checkFormSchema } from "./schemas";
import { logError } from "@/lib/log";

// A reviewer (or owner) marks a closed period's statement of one scope as checked (audited).
export async function markStatementCheckedAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const parsed = checkFormSchema.safeParse(formFields(formData, ["period", "date", "scope"]));
  if (!parsed.success) return { message: "errors.generic" };
  try {
    const ctx = await requireContext("reconciliation:check");
    const h = await headers();
    await markStatementChecked(
      { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null, ip: clientIp(h), userAgent: h.get("user-agent") },
      { period: periodOf(parsed.data.period, parsed.data.date), scope: parsed.data.scope },
    );
  } catch (e) {
    if (isAppError(e)) {
      if (e.code === "invalid_state") return { message: "reconciliation.errors.notClosed" };
      if (e.code === "not_found") return { message: "reconciliation.errors.notFound" };
      if (e.code === "forbidden" || e.code === "unauthorized") return { message: "errors.forbidden.title" };
    }
    logError("[reconciliation] could not mark the statement as checked", e);
    return { message: "errors.generic" };
  }
  revalidatePath("/reconciliation", "layout");
  return { ok: true, message: "reconciliation.check.done" };
}
