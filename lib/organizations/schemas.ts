import { z } from "zod";
import { normalizeHexColor, normalizeLogoUrl, normalizeTimeZone } from "./brand";

// Messages are keys under "validation.*" in messages/<locale>.json; the form translates them.

/** Organisation slugs: lower-case letters, digits and inner hyphens, 3–40 characters. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export const orgNameSchema = z.string().trim().min(1, "validation.required").max(80, "validation.tooLong");

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "validation.required")
  .min(3, "validation.slugLength")
  .max(40, "validation.slugLength")
  .regex(SLUG_PATTERN, "validation.slugFormat");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "validation.required")
  .max(254, "validation.tooLong")
  .pipe(z.email("validation.email"));

export const newPasswordSchema = z.string().min(8, "validation.passwordMin").max(200, "validation.tooLong");

/** A new organisation for someone already signed in (onboarding). */
export const createOrganizationSchema = z.object({
  orgName: orgNameSchema,
  orgSlug: orgSlugSchema,
});

/** Sign-up: a new person and the organisation they will own. */
export const registerSchema = createOrganizationSchema.extend({
  name: z.string().trim().min(1, "validation.required").max(80, "validation.tooLong"),
  email: emailSchema,
  password: newPasswordSchema,
});

export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;
export type RegisterInput = z.infer<typeof registerSchema>;

/**
 * The owner's organisation settings form. The logo comes as a choice: none, a linked https image, or
 * an uploaded file (read and checked by the mutation, as its bytes are not a form string).
 */
export const organizationSettingsSchema = z
  .object({
    name: orgNameSchema,
    timeZone: z
      .string()
      .transform((v, ctx) => normalizeTimeZone(v) ?? (ctx.addIssue({ code: "custom", message: "settings.brand.errors.timeZone" }), z.NEVER)),
    brandColor: z
      .string()
      .transform((v, ctx) => normalizeHexColor(v) ?? (ctx.addIssue({ code: "custom", message: "settings.brand.errors.color" }), z.NEVER)),
    logoSource: z.enum(["none", "upload", "url"], { message: "settings.brand.errors.logoUrl" }),
    logoUrl: z.string(),
  })
  .superRefine(
    (v, ctx) => {
      if (v.logoSource === "url" && !normalizeLogoUrl(v.logoUrl)) {
        ctx.addIssue({ code: "custom", path: ["logoUrl"], message: "settings.brand.errors.logoUrl" });
      }
    },
    // Checked even when another field failed, so the form shows every error at once.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform(({ logoUrl, ...rest }) => ({ ...rest, logoUrl: rest.logoSource === "url" ? normalizeLogoUrl(logoUrl) : null }));

export type OrganizationSettingsInput = z.infer<typeof organizationSettingsSchema>;

/**
 * The owner's redemption settings: how many minutes after a redemption a clerk may still reverse it
 * (0–1440; 0: never by themselves). Stored in `organizations.settings.reversalWindowMinutes`.
 */
export const redemptionSettingsSchema = z.object({
  reversalWindowMinutes: z
    .string("settings.counter.errors.window")
    .trim()
    .regex(/^\d{1,4}$/, "settings.counter.errors.window")
    .transform(Number)
    .pipe(z.number().int().min(0, "settings.counter.errors.window").max(1440, "settings.counter.errors.window")),
});

export type RedemptionSettingsInput = z.infer<typeof redemptionSettingsSchema>;

const hhmmField = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "settings.audience.errors.time");
const wholeNumber = (max: number, message: string) =>
  z
    .string()
    .transform((v) => v.normalize("NFKC").trim())
    .pipe(z.string().regex(/^\d{1,8}$/, message))
    .transform(Number)
    .pipe(z.number().int().min(0, message).max(max, message));

/** The owner's consumer and text settings form: quiet hours (both blank: none), the approval threshold, retention months (blank: keep). */
export const audienceSettingsFormSchema = z
  .object({
    quietFrom: z.string(),
    quietTo: z.string(),
    sendApprovalThreshold: wholeNumber(10_000_000, "settings.audience.errors.threshold"),
    consumerRetentionMonths: z.string().transform((v) => v.normalize("NFKC").trim()),
    privacyUrl: z.string().transform((v) => v.trim()),
  })
  .transform((v, ctx) => {
    let quietHours: { from: string; to: string } | null = null;
    if (v.quietFrom.trim() || v.quietTo.trim()) {
      const from = hhmmField.safeParse(v.quietFrom);
      const to = hhmmField.safeParse(v.quietTo);
      if (!from.success) ctx.addIssue({ code: "custom", path: ["quietFrom"], message: "settings.audience.errors.time" });
      if (!to.success) ctx.addIssue({ code: "custom", path: ["quietTo"], message: "settings.audience.errors.time" });
      if (!from.success || !to.success) return z.NEVER;
      quietHours = { from: from.data, to: to.data };
    }
    let months: number | null = null;
    if (v.consumerRetentionMonths) {
      const n = Number(v.consumerRetentionMonths);
      if (!/^\d{1,3}$/.test(v.consumerRetentionMonths) || n < 1 || n > 120) {
        ctx.addIssue({ code: "custom", path: ["consumerRetentionMonths"], message: "settings.audience.errors.months" });
        return z.NEVER;
      }
      months = n;
    }
    let privacyUrl: string | null = null;
    if (v.privacyUrl) {
      let url: URL | null = null;
      try {
        url = new URL(v.privacyUrl);
      } catch {
        url = null;
      }
      if (!url || url.protocol !== "https:" || v.privacyUrl.length > 500 || /\s/.test(v.privacyUrl)) {
        ctx.addIssue({ code: "custom", path: ["privacyUrl"], message: "settings.audience.errors.privacyUrl" });
        return z.NEVER;
      }
      privacyUrl = url.toString();
    }
    return { quietHours, sendApprovalThreshold: v.sendApprovalThreshold, consumerRetentionMonths: months, privacyUrl };
  });
