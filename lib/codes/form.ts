import { z } from "zod";
import { createGroupSchema, type CreateGroupInput } from "./schemas";

/** The group form's fields, as the browser sends them. */
export const GROUP_FORM_FIELDS = [
  "name",
  "bind",
  "influencerId",
  "channel",
  "slug",
  "mode",
  "quantity",
  "prefix",
  "codeLength",
  "sharedCode",
  "perConsumerLimit",
] as const;
export type GroupFormFields = Record<(typeof GROUP_FORM_FIELDS)[number], string>;

/** The import form: the same binding fields, no generation settings. */
export const IMPORT_FORM_FIELDS = ["name", "bind", "influencerId", "channel", "slug"] as const;
export type ImportFormFields = Record<(typeof IMPORT_FORM_FIELDS)[number], string>;

/** "1,000,000" or "1 000 000" → 1000000; "" → undefined; anything else → NaN (which zod refuses). */
function count(s: string): number | undefined {
  const t = s.replace(/[\s,_，]/g, "");
  if (t === "") return undefined;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

const bindSchema = z
  .object({
    bind: z.enum(["influencer", "channel"], { message: "groups.form.errors.bind" }),
    influencerId: z.string(),
    channel: z.string().trim().max(60, "validation.tooLong"),
  })
  .superRefine((b, ctx) => {
    if (b.bind === "influencer" && !b.influencerId) ctx.addIssue({ code: "custom", path: ["influencerId"], message: "groups.form.errors.influencerRequired" });
    if (b.bind === "channel" && !b.channel) ctx.addIssue({ code: "custom", path: ["channel"], message: "groups.form.errors.channelRequired" });
  });

function binding(raw: { bind: string; influencerId: string; channel: string }) {
  return raw.bind === "influencer" ? { influencerId: raw.influencerId || null, channel: null } : { influencerId: null, channel: raw.channel.trim() || null };
}

type Parsed<T> = { success: true; data: T } | { success: false; error: z.ZodError };

// The shared schema's own messages are keys where it wrote them ("group.errors.prefix"); zod's
// defaults (a missing name, a number out of range) become the form's keys here.
const FALLBACK_KEYS: Record<string, string> = {
  quantity: "groups.form.errors.quantity",
  codeLength: "groups.form.errors.codeLength",
  perConsumerLimit: "groups.form.errors.perConsumerLimit",
  influencerId: "group.errors.unknownInfluencer",
  mode: "groups.form.errors.mode",
};

function keyed(issues: z.core.$ZodIssue[]): z.ZodError {
  return new z.ZodError(
    issues.map((issue) => {
      if (/^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(issue.message)) return issue;
      const field = String(issue.path[0] ?? "");
      const message =
        field === "name" || field === "channel"
          ? issue.code === "too_big"
            ? "validation.tooLong"
            : "validation.required"
          : (FALLBACK_KEYS[field] ?? "errors.generic");
      return { ...issue, message };
    }),
  );
}

/**
 * The group form → a CreateGroupInput. Bound to exactly one of an influencer or a channel; the
 * settings of the other mode are dropped (a shared group has no prefix, a unique one no shared code).
 */
export function parseGroupForm(raw: GroupFormFields): Parsed<CreateGroupInput> {
  const bound = bindSchema.safeParse(raw);
  const unique = raw.mode !== "shared";
  const input = {
    name: raw.name,
    slug: raw.slug.trim() || null,
    ...binding(raw),
    mode: raw.mode,
    quantity: count(raw.quantity),
    prefix: unique ? raw.prefix : "",
    codeLength: unique ? (count(raw.codeLength) ?? null) : null,
    sharedCode: unique ? null : raw.sharedCode,
    perConsumerLimit: unique ? null : (count(raw.perConsumerLimit) ?? null),
  };
  const parsed = createGroupSchema.safeParse(input);
  if (bound.success && parsed.success) return parsed;
  return { success: false, error: keyed([...(bound.success ? [] : bound.error.issues), ...(parsed.success ? [] : parsed.error.issues)]) };
}

const importSchema = z.object({
  name: z.string().trim().min(1, "validation.required").max(80, "validation.tooLong"),
  slug: createGroupSchema.shape.slug,
});

export type ImportGroupFields = { name: string; slug: string | null; influencerId: string | null; channel: string | null };

/** The import form's binding and name. */
export function parseImportForm(raw: ImportFormFields): Parsed<ImportGroupFields> {
  const bound = bindSchema.safeParse(raw);
  const parsed = importSchema.safeParse({ name: raw.name, slug: raw.slug.trim() || null });
  if (bound.success && parsed.success) return { success: true, data: { name: parsed.data.name, slug: parsed.data.slug ?? null, ...binding(raw) } };
  return { success: false, error: keyed([...(bound.success ? [] : bound.error.issues), ...(parsed.success ? [] : parsed.error.issues)]) };
}
