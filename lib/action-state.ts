import type { z } from "zod";
import { isAppError } from "@/lib/errors";

/**
 * What every console server action returns to its form. `message` and the `fieldErrors` values are
 * message keys (translated by the form); `values` echoes what was typed so a failed submit keeps it.
 */
export type ActionState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  secret?: string;
  /** A page the message points to (e.g. the existing influencer a duplicate would repeat). */
  link?: string;
};

/**
 * What a server action was given as its form: the FormData, or an empty one when a hand-made call
 * passed something else (an action is a public endpoint; its arguments are whatever the caller sent).
 */
export function formOf(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}

/** The named fields of a form as strings (missing ones as ""), ready for a zod schema. */
export function formFields<K extends string>(formData: FormData, keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  const form = formOf(formData);
  for (const key of keys) {
    const value = form.get(key);
    out[key] = typeof value === "string" ? value : "";
  }
  return out;
}

/** The first message of each failing field of a zod error. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "_form";
    out[path] ??= issue.message;
  }
  return out;
}

/** An AppError's field errors (their messages are message keys), or undefined. */
export function fieldErrorsOfAppError(e: unknown): Record<string, string> | undefined {
  if (!isAppError(e) || !e.errors?.length) return undefined;
  return Object.fromEntries(e.errors.map((err) => [err.path, err.message]));
}
