import { z } from "zod";

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
