import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { emailSchema, newPasswordSchema } from "@/lib/organizations/schemas";
import { PASSWORD_TOKEN_PATTERN } from "./rules";

// Shared by the members forms, their server actions and /api/v1/members. Messages are message keys.

const roleSchema = z.enum(ROLES, "members.errors.role");
const storeIdsSchema = z.array(z.uuid("members.errors.storesUnknown"), "members.errors.stores").max(500, "members.errors.stores");
const influencerIdSchema = z.uuid("members.errors.influencer");

/** A clerk needs a store to redeem at; an influencer needs their influencer record. */
function requireAssignments(v: { role?: string; storeIds?: string[]; influencerId?: string | null }, ctx: z.RefinementCtx) {
  if (v.role === "clerk" && !v.storeIds?.length) ctx.addIssue({ code: "custom", path: ["storeIds"], message: "members.errors.stores" });
  if (v.role === "influencer" && !v.influencerId) ctx.addIssue({ code: "custom", path: ["influencerId"], message: "members.errors.influencer" });
}

export const addMemberSchema = z
  .object({
    email: emailSchema,
    // For someone without an account yet; an existing user keeps their own name.
    name: z.string().trim().max(80, "validation.tooLong").optional(),
    role: roleSchema,
    storeIds: storeIdsSchema.optional(),
    influencerId: influencerIdSchema.optional(),
  })
  .superRefine(requireAssignments);
export type AddMemberInput = z.infer<typeof addMemberSchema>;

/** A change of role, stores or influencer record; what is left out stays as it is. */
export const updateMemberSchema = z
  .object({
    role: roleSchema.optional(),
    storeIds: storeIdsSchema.optional(),
    influencerId: influencerIdSchema.nullable().optional(),
  })
  .refine((v) => v.role !== undefined || v.storeIds !== undefined || v.influencerId !== undefined, {
    message: "members.errors.nothingToChange",
  });
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

export const userIdParamSchema = z.object({ userId: z.uuid() });

const confirmed = (v: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) => {
  if (v.password !== v.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "account.errors.mismatch" });
};

/** A signed-in user's own password change: the current one proves it is them. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "validation.required").max(200, "validation.tooLong"),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .superRefine(confirmed);

/** Setting a password from a one-time link. */
export const setPasswordSchema = z
  .object({
    token: z.string().regex(PASSWORD_TOKEN_PATTERN, "account.errors.linkInvalid"),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .superRefine(confirmed);

/** A member as the API lists it. */
export const memberSchema = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    storeIds: z.array(z.uuid()),
    influencerId: z.uuid().nullable(),
    createdAt: z.string().meta({ description: "When they joined the organisation (ISO 8601)" }),
    lastLoginAt: z.string().nullable(),
    passwordSet: z.boolean().meta({ description: "False until a new member has used their set-password link" }),
  })
  .meta({ id: "Member" });

export const memberWithLinkSchema = memberSchema
  .extend({
    setPasswordUrl: z
      .string()
      .nullable()
      .meta({ description: "For someone who had no account: a one-time link to set their password, shown only in this answer" }),
    setPasswordExpiresAt: z.string().nullable(),
  })
  .meta({ id: "MemberWithLink" });
