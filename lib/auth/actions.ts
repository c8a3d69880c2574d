"use server";

import { AuthError } from "next-auth";
import { eq } from "drizzle-orm";
import { auth, signIn, signOut } from "@/auth";
import { db } from "@/db";
import { users } from "@/db/schema";
import { formFields, type ActionState, formOf } from "@/lib/action-state";
import { safeNextPath } from "./next-path";
import { logError } from "@/lib/log";

// Sign in with email and password; on success Auth.js redirects (a thrown value, so it is rethrown).
export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const formData = formOf(form);
  const { email, password, next } = formFields(formData, ["email", "password", "next"]);
  const values = { email };
  const fieldErrors: Record<string, string> = {};
  if (!email.trim()) fieldErrors.email = "validation.required";
  if (!password) fieldErrors.password = "validation.required";
  if (Object.keys(fieldErrors).length) return { fieldErrors, values };

  try {
    // "/" sends each role to its own home; a `next` path is honoured only when it stays on this site.
    await signIn("credentials", { email: email.trim(), password, redirectTo: safeNextPath(next) ?? "/" });
    return { ok: true };
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      if (e.type === "CredentialsSignin" && code === "rate_limited") return { message: "auth.errors.rateLimited", values };
      if (e.type === "CredentialsSignin") return { message: "auth.errors.invalidCredentials", values };
      logError("[auth] sign-in failed", e.type);
      return { message: "errors.generic", values };
    }
    throw e;
  }
}

// Ends the session and returns to the login page. The user's sessions issued until now are revoked on
// the server too, so a request still in flight that sets the cookie again cannot sign them back in.
export async function signOutAction(): Promise<void> {
  const session = await auth();
  if (session?.user?.id) await db.update(users).set({ signedOutAt: new Date() }).where(eq(users.id, session.user.id));
  await signOut({ redirectTo: "/login" });
}
