"use client";

import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/lib/action-state";
import type { Role } from "@/lib/auth/permissions";
import { addMemberAction, issueResetLinkAction, removeMemberAction, updateMemberAction } from "@/lib/members/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";

export type Choice = { id: string; name: string };
export type MemberView = { userId: string; name: string; email: string; role: Role; storeIds: string[]; influencerId: string | null };
type Options = { roles: { value: Role; label: string }[]; stores: Choice[]; influencers: Choice[] };

/** A one-time link, shown right after it was made and never again. */
function OneTimeLink({ url, title, onDone }: { url: string; title: string; onDone: () => void }) {
  const t = useTranslations("members.link");
  const tCommon = useTranslations("common");
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-4" role="status" data-testid="member-link">
      <p className="text-sm font-semibold text-amber-900">{title}</p>
      <p className="mt-1 text-sm text-amber-900">{t("warning")}</p>
      <div className="mt-3">
        <CopyField value={url} label={t("label")} copyLabel={tCommon("copy")} copiedLabel={tCommon("copied")} testId="member-link-value" />
      </div>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone}>
        {t("done")}
      </Button>
    </div>
  );
}

/** Role, and what the role needs: stores for a clerk, the influencer record for an influencer. */
function RoleFields({ idPrefix, options, state, initial }: { idPrefix: string; options: Options; state: ActionState; initial?: MemberView }) {
  const t = useTranslations("members.form");
  const message = useMessage();
  const [role, setRole] = useState<string>(state.values?.role ?? initial?.role ?? "clerk");
  const checked = state.values?.storeIds !== undefined ? state.values.storeIds.split(",").filter(Boolean) : (initial?.storeIds ?? (options.stores.length === 1 ? [options.stores[0].id] : []));
  return (
    <>
      <Field id={`${idPrefix}-role`} label={t("role")} error={message(state.fieldErrors?.role)}>
        {(control) => (
          <Select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value)} data-testid="member-role">
            {options.roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {role === "clerk" ? (
        <fieldset className="space-y-2 sm:col-span-full" aria-describedby={`${idPrefix}-stores-note`} data-testid="member-stores">
          <legend className="text-sm font-medium text-zinc-800">{t("stores")}</legend>
          {options.stores.length === 0 ? <p className="text-sm text-amber-800">{t("noStores")}</p> : null}
          <div className="flex flex-wrap gap-x-5 gap-y-2" key={checked.join(",")}>
            {options.stores.map((s) => (
              <label key={s.id} className="flex min-h-8 items-center gap-2 text-sm text-zinc-800">
                <input type="checkbox" name="storeIds" value={s.id} defaultChecked={checked.includes(s.id)} className="size-4 accent-rose-600" />
                {s.name}
              </label>
            ))}
          </div>
          <p id={`${idPrefix}-stores-note`} className={state.fieldErrors?.storeIds ? "text-sm text-red-600" : "text-xs text-zinc-500"}>
            {state.fieldErrors?.storeIds ? message(state.fieldErrors.storeIds) : t("storesHint")}
          </p>
        </fieldset>
      ) : null}
      {role === "influencer" ? (
        <Field id={`${idPrefix}-influencer`} label={t("influencer")} error={message(state.fieldErrors?.influencerId)} hint={options.influencers.length ? t("influencerHint") : t("noInfluencers")}>
          {(control) => (
            <Select {...control} name="influencerId" defaultValue={state.values?.influencerId ?? initial?.influencerId ?? ""} data-testid="member-influencer">
              <option value="">{t("influencerPlaceholder")}</option>
              {options.influencers.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}
    </>
  );
}

/** Owners add someone by email; for someone new the set-password link appears here once. */
export function AddMemberForm(options: Options) {
  const t = useTranslations("members");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(addMemberAction, {});
  const [dismissed, setDismissed] = useState<string | null>(null);
  const link = state.secret && state.secret !== dismissed ? state.secret : null;
  // A successful add starts a fresh form; a refused one keeps what was typed.
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <div className="space-y-4">
      {link ? <OneTimeLink url={link} title={t("link.inviteTitle")} onDone={() => setDismissed(link)} /> : null}
      {state.ok && !link && state.message ? <Alert tone="success">{message(state.message)}</Alert> : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}
      <form action={action} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_12rem]" noValidate data-testid="member-add-form" key={state.ok ? `ok-${state.secret ?? ""}` : "form"}>
        <Field id="member-email" label={t("form.email")} error={message(state.fieldErrors?.email)} hint={t("form.emailHint")}>
          {(control) => <Input {...control} name="email" type="email" inputMode="email" required maxLength={254} defaultValue={values.email ?? ""} data-testid="member-email" />}
        </Field>
        <Field id="member-name" label={t("form.name")} error={message(state.fieldErrors?.name)} hint={t("form.nameHint")}>
          {(control) => <Input {...control} name="name" maxLength={80} defaultValue={values.name ?? ""} data-testid="member-name" />}
        </Field>
        <RoleFields idPrefix="member-add" options={options} state={state.ok ? {} : state} />
        <div className="sm:col-span-full">
          <SubmitButton pending={pending} pendingLabel={t("form.adding")} data-testid="member-add">
            {t("form.add")}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}

/** A dialog opened by a button, closed on success. */
function ActionDialog({
  label,
  title,
  testId,
  variant = "secondary",
  children,
  open,
  setOpen,
}: {
  label: string;
  title: string;
  testId: string;
  variant?: "secondary" | "danger";
  children: ReactNode;
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open) dialog.current?.close();
  }, [open]);
  return (
    <>
      <Button variant={variant} size="sm" onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-label={title}
        className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl border border-zinc-200 p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <div className="p-6">
          <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
          {children}
        </div>
      </dialog>
    </>
  );
}

function EditMember({ member, options }: { member: MemberView; options: Options }) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(updateMemberAction, {});
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (state.ok) setOpen(false);
  }, [state]);
  return (
    <ActionDialog label={t("edit.button")} title={t("edit.title", { name: member.name })} testId="member-edit" open={open} setOpen={setOpen}>
      <form action={action} className="mt-4 grid gap-4" noValidate>
        <input type="hidden" name="userId" value={member.userId} />
        <p className="text-sm text-zinc-600">{t("edit.note")}</p>
        <RoleFields idPrefix={`member-${member.userId}`} options={options} state={state.ok ? {} : state} initial={member} />
        {state.message && !state.ok ? (
          <p className="text-sm text-red-600" role="alert">
            {message(state.message)}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <SubmitButton pending={pending} pendingLabel={t("edit.saving")} data-testid="member-save">
            {t("edit.save")}
          </SubmitButton>
        </div>
      </form>
    </ActionDialog>
  );
}

function ResetLink({ member }: { member: MemberView }) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(issueResetLinkAction, {});
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog label={t("reset.button")} title={t("reset.title", { name: member.name })} testId="member-reset" open={open} setOpen={setOpen}>
      {state.ok && state.secret ? (
        <div className="mt-4">
          <OneTimeLink url={state.secret} title={t("link.resetTitle")} onDone={() => setOpen(false)} />
        </div>
      ) : (
        <form action={action} className="mt-2">
          <input type="hidden" name="userId" value={member.userId} />
          <p className="text-sm whitespace-normal text-zinc-600">{t("reset.confirm", { email: member.email })}</p>
          {state.message && !state.ok ? (
            <p className="mt-3 text-sm text-red-600" role="alert">
              {message(state.message)}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <SubmitButton pending={pending} pendingLabel={t("reset.pending")} data-testid="member-reset-confirm">
              {t("reset.submit")}
            </SubmitButton>
          </div>
        </form>
      )}
    </ActionDialog>
  );
}

function RemoveMember({ member, isSelf }: { member: MemberView; isSelf: boolean }) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(removeMemberAction, {});
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (state.ok) setOpen(false);
  }, [state]);
  return (
    <ActionDialog label={t("remove.button")} title={t("remove.title", { name: member.name })} testId="member-remove" variant="danger" open={open} setOpen={setOpen}>
      <form action={action} className="mt-2">
        <input type="hidden" name="userId" value={member.userId} />
        <p className="text-sm whitespace-normal text-zinc-600">{isSelf ? t("remove.confirmSelf") : t("remove.confirm", { email: member.email })}</p>
        {state.message && !state.ok ? (
          <p className="mt-3 text-sm text-red-600" role="alert" data-testid="member-remove-error">
            {message(state.message)}
          </p>
        ) : null}
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <SubmitButton variant="destructive" pending={pending} pendingLabel={t("remove.pending")} data-testid="member-remove-confirm">
            {t("remove.submit")}
          </SubmitButton>
        </div>
      </form>
    </ActionDialog>
  );
}

/** A member row's actions: change role and stores, a reset link, remove. */
export function MemberActions({ member, isSelf, ...options }: { member: MemberView; isSelf: boolean } & Options) {
  return (
    <div className="flex justify-end gap-2">
      <EditMember member={member} options={options} />
      <ResetLink member={member} />
      <RemoveMember member={member} isSelf={isSelf} />
    </div>
  );
}
