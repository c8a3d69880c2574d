"use client";

import { useActionState, useRef } from "react";
import { useTranslations } from "next-intl";
import type { Role } from "@/lib/auth/permissions";
import { signInAction } from "@/lib/auth/actions";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

type Demo = { password: string; accounts: { email: string; role: Role }[] } | null;

export function LoginForm({ next, demo, notice, initialEmail = "" }: { next: string | null; demo: Demo; notice?: string | null; initialEmail?: string }) {
  const t = useTranslations("auth");
  const tRoles = useTranslations("roles");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(signInAction, {});
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);

  function fill(address: string) {
    if (!demo || !email.current || !password.current) return;
    email.current.value = address;
    password.current.value = demo.password;
    password.current.focus();
  }

  return (
    <>
      <form action={action} className="mt-6 space-y-4" noValidate>
        {state.message ? <Alert tone="error" testId="form-error">
          {message(state.message)}
        </Alert> : notice ? <Alert tone="success" testId="login-notice">{notice}</Alert> : null}
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field id="login-email" label={t("login.email")} error={message(state.fieldErrors?.email)}>
          {(control) => (
            <Input
              {...control}
              ref={email}
              name="email"
              type="email"
              inputMode="email"
              autoComplete="username"
              required
              autoFocus
              defaultValue={state.values?.email ?? initialEmail}
            />
          )}
        </Field>
        <Field id="login-password" label={t("login.password")} error={message(state.fieldErrors?.password)}>
          {(control) => <Input {...control} ref={password} name="password" type="password" autoComplete="current-password" required />}
        </Field>
        <SubmitButton pending={pending} pendingLabel={t("login.pending")} className="w-full">
          {t("login.submit")}
        </SubmitButton>
      </form>

      {demo ? (
        <section className="mt-6 rounded-lg border border-dashed border-zinc-300 bg-zinc-50 px-4 py-3" aria-labelledby="demo-title" data-testid="demo-hint">
          <h2 id="demo-title" className="text-sm font-medium text-zinc-900">
            {t("demo.title")}
          </h2>
          <p className="mt-0.5 text-xs text-zinc-600">
            {t.rich("demo.description", {
              password: demo.password,
              b: (chunks) => <code className="rounded bg-white px-1 py-0.5 font-mono text-zinc-900 ring-1 ring-zinc-200">{chunks}</code>,
            })}{" "}
            {t("demo.fill")}
          </p>
          <ul className="mt-2 divide-y divide-zinc-200/70">
            {demo.accounts.map((a) => (
              <li key={a.email}>
                <button
                  type="button"
                  onClick={() => fill(a.email)}
                  className="flex w-full items-baseline justify-between gap-3 rounded-md px-2 py-1.5 text-left text-xs hover:bg-white focus-visible:outline-2 focus-visible:outline-rose-600"
                >
                  <span className="truncate font-mono text-zinc-800">{a.email}</span>
                  <span className="shrink-0 text-zinc-500">{tRoles(a.role)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
