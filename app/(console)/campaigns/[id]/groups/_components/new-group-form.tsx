"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useLocale, useTranslations } from "next-intl";
import { createGroupAction, importGroupAction, type GroupActionState } from "@/lib/codes/actions";
import { codeSpace, MAX_LENGTH, MIN_LENGTH, sampleCode, scientific, superscript, ALPHABET_SIZE } from "@/lib/codes/code-space";
import type { JobProgress } from "@/lib/codes/jobs";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import { jobUrl, LiveJob } from "@/components/groups/job-progress";

type Influencer = { id: string; label: string };
type Limits = { maxQuantity: number; inlineLimit: number; importMaxBytes: number };

/** Two ways to make a group: generate codes (unique or shared), or import a partner's CSV. */
/** `influencerId` preselects the binding (the influencer page's "create a code group for this influencer"). */
export function NewGroupForm({ campaignId, orgId, influencers, limits, influencerId }: { campaignId: string; orgId: string; influencers: Influencer[]; limits: Limits; influencerId?: string }) {
  const t = useTranslations("groups.form");
  const [tab, setTab] = useState<"generate" | "import">("generate");
  const tabs = [
    { key: "generate" as const, label: t("tabs.generate") },
    { key: "import" as const, label: t("tabs.import") },
  ];
  return (
    <div className="max-w-3xl">
      <div role="tablist" aria-label={t("tabs.label")} className="mb-4 inline-flex rounded-lg border border-zinc-200 bg-white p-1 shadow-xs">
        {tabs.map((x) => (
          <button
            key={x.key}
            type="button"
            role="tab"
            id={`group-tab-${x.key}`}
            aria-selected={tab === x.key}
            aria-controls={`group-panel-${x.key}`}
            onClick={() => setTab(x.key)}
            data-testid={`group-tab-${x.key}`}
            className={cn(
              "rounded-md px-4 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-rose-600",
              tab === x.key ? "bg-rose-600 text-white shadow-xs" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
            )}
          >
            {x.label}
          </button>
        ))}
      </div>
      {/* Both panels stay mounted, so switching tabs keeps what was typed. */}
      <div role="tabpanel" id="group-panel-generate" aria-labelledby="group-tab-generate" hidden={tab !== "generate"}>
        <GenerateForm campaignId={campaignId} orgId={orgId} influencers={influencers} limits={limits} preselect={influencerId} />
      </div>
      <div role="tabpanel" id="group-panel-import" aria-labelledby="group-tab-import" hidden={tab !== "import"}>
        <ImportForm campaignId={campaignId} influencers={influencers} limits={limits} preselect={influencerId} />
      </div>
    </div>
  );
}

/**
 * Submits through the action without React's automatic form reset: a reset would drop the chosen file,
 * put controlled selects back on their first option and lose what was typed while a job runs.
 */
function submitWith(action: (data: FormData) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => action(data));
  };
}

function Section({ title, description, children }: { title: ReactNode; description?: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <CardBody className="space-y-5">{children}</CardBody>
    </Card>
  );
}

/** Name, binding (an influencer or a channel) and the optional link name: shared by both tabs. */
function BindingFields({ prefix, state, influencers, preselect }: { prefix: string; state: GroupActionState; influencers: Influencer[]; preselect?: string }) {
  const t = useTranslations("groups.form");
  const message = useMessage();
  const v = state.values ?? {};
  const [bind, setBind] = useState<"influencer" | "channel">(v.bind === "channel" || influencers.length === 0 ? "channel" : "influencer");
  // Controlled: a form reset after the action would put an uncontrolled select back on its first option.
  const [influencerId, setInfluencerId] = useState(v.influencerId ?? preselect ?? "");
  const errors = state.fieldErrors ?? {};
  return (
    <>
      <Field id={`${prefix}-name`} label={t("name")} error={message(errors.name)} hint={t("nameHint")}>
        {(control) => <Input {...control} name="name" required maxLength={80} defaultValue={v.name ?? ""} data-testid={`${prefix}-name`} />}
      </Field>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-zinc-800">{t("bind")}</legend>
        <div className="flex flex-wrap gap-2">
          {(["influencer", "channel"] as const).map((b) => (
            <label
              key={b}
              className={cn(
                "inline-flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm has-focus-visible:outline-2 has-focus-visible:outline-rose-600",
                bind === b ? "border-rose-500 bg-rose-50 text-rose-800" : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50",
              )}
            >
              <input type="radio" name="bind" value={b} checked={bind === b} onChange={() => setBind(b)} className="sr-only" data-testid={`${prefix}-bind-${b}`} />
              {t(`bindTo.${b}`)}
            </label>
          ))}
        </div>
        {bind === "influencer" ? (
          <Field id={`${prefix}-influencer`} label={t("influencer")} error={message(errors.influencerId)} hint={influencers.length === 0 ? t("noInfluencers") : undefined}>
            {(control) => (
              <Select {...control} name="influencerId" value={influencerId} onChange={(e) => setInfluencerId(e.target.value)} data-testid={`${prefix}-influencer`}>
                <option value="">{t("chooseInfluencer")}</option>
                {influencers.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : (
          <Field id={`${prefix}-channel`} label={t("channel")} error={message(errors.channel)} hint={t("channelHint")}>
            {(control) => <Input {...control} name="channel" maxLength={60} defaultValue={v.channel ?? ""} placeholder={t("channelPlaceholder")} data-testid={`${prefix}-channel`} />}
          </Field>
        )}
      </fieldset>
      <Field id={`${prefix}-slug`} label={t("slug")} error={message(errors.slug)} hint={t("slugHint")}>
        {(control) => (
          <div className="flex items-stretch">
            <span className="inline-flex items-center rounded-l-lg border border-r-0 border-zinc-300 bg-zinc-50 px-3 font-mono text-sm text-zinc-500">/c/</span>
            <Input {...control} name="slug" maxLength={48} defaultValue={v.slug ?? ""} placeholder={t("slugPlaceholder")} className="rounded-l-none font-mono" autoComplete="off" spellCheck={false} />
          </div>
        )}
      </Field>
    </>
  );
}

function GenerateForm({ campaignId, orgId, influencers, limits, preselect }: { campaignId: string; orgId: string; influencers: Influencer[]; limits: Limits; preselect?: string }) {
  const t = useTranslations("groups.form");
  const message = useMessage();
  const router = useRouter();
  const [state, action, pending] = useActionState<GroupActionState, FormData>(createGroupAction, {});
  const v = state.values ?? {};
  const errors = state.fieldErrors ?? {};
  const [mode, setMode] = useState<"unique" | "shared">(v.mode === "shared" ? "shared" : "unique");
  const [quantity, setQuantity] = useState(v.quantity ?? "1000");
  const [length, setLength] = useState(v.codeLength ?? "");
  const [prefix, setPrefix] = useState(v.prefix ?? "");
  // The job this form started and whether it is still running (the form is locked meanwhile).
  const [job, setJob] = useState<{ id: string; running: boolean } | null>(null);
  if (state.ok && state.jobId && job?.id !== state.jobId) setJob({ id: state.jobId, running: true });

  const q = Number(quantity.replace(/[\s,_，]/g, ""));
  const quantityValid = Number.isInteger(q) && q >= 1;
  const space = codeSpace(quantityValid ? q : 1, length ? Number(length) : null);
  const tooShort = mode === "unique" && quantityValid && !space.safe;
  const busy = pending || Boolean(job?.running);
  // The progress appears next to the submit button the person just pressed; bring it into view.
  const progressRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (job?.id) progressRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [job?.id]);
  const initialJob: JobProgress | null = job
    ? { id: job.id, name: v.name ?? "", quantity: quantityValid ? q : 0, done: 0, state: "running", groupId: null, errorKey: null, retryable: false }
    : null;

  return (
    <form onSubmit={submitWith(action)} className="space-y-6" noValidate data-testid="group-form">
      <input type="hidden" name="campaignId" value={campaignId} />
      {state.message && !state.ok ? <Alert tone="error" testId="form-error">{message(state.message)}</Alert> : null}

      <fieldset disabled={busy} className="space-y-6">
        <Section title={t("sections.group")}>
          <BindingFields prefix="group" state={state} influencers={influencers} preselect={preselect} />
        </Section>

        <Section title={t("sections.codes")}>
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-zinc-800">{t("mode")}</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {(["unique", "shared"] as const).map((m) => (
                <label
                  key={m}
                  className={cn(
                    "cursor-pointer rounded-lg border p-4 text-sm has-focus-visible:outline-2 has-focus-visible:outline-rose-600",
                    mode === m ? "border-rose-500 bg-rose-50/60 ring-1 ring-rose-500" : "border-zinc-300 bg-white hover:bg-zinc-50",
                  )}
                >
                  <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="sr-only" data-testid={`group-mode-${m}`} />
                  <span className="block font-medium text-zinc-900">{t(`modes.${m}.title`)}</span>
                  <span className="mt-1 block text-zinc-600">{t(`modes.${m}.description`)}</span>
                </label>
              ))}
            </div>
          </fieldset>

          {mode === "unique" ? (
            <>
              <div className="grid gap-5 sm:grid-cols-3">
                <Field
                  id="group-quantity"
                  label={t("quantity")}
                  error={message(errors.quantity)}
                  hint={t("quantityHint", { max: limits.maxQuantity.toLocaleString("en-US"), inline: limits.inlineLimit.toLocaleString("en-US") })}
                >
                  {(control) => (
                    <Input
                      {...control}
                      name="quantity"
                      inputMode="numeric"
                      required
                      value={quantity}
                      onChange={(e) => setQuantity(e.target.value)}
                      data-testid="group-quantity"
                    />
                  )}
                </Field>
                <Field id="group-prefix" label={t("prefix")} error={message(errors.prefix)} hint={t("prefixHint")}>
                  {(control) => (
                    <Input
                      {...control}
                      name="prefix"
                      maxLength={8}
                      value={prefix}
                      onChange={(e) => setPrefix(e.target.value.toUpperCase())}
                      placeholder="LM"
                      autoComplete="off"
                      spellCheck={false}
                      className="font-mono uppercase"
                      data-testid="group-prefix"
                    />
                  )}
                </Field>
                <Field id="group-length" label={t("codeLength")} error={message(errors.codeLength) ?? (tooShort ? t("errors.tooShortClient") : undefined)}>
                  {(control) => (
                    <Select {...control} name="codeLength" value={length} onChange={(e) => setLength(e.target.value)} data-testid="group-length">
                      <option value="">{t("lengthAuto", { length: codeSpace(quantityValid ? q : 1).length })}</option>
                      {Array.from({ length: MAX_LENGTH - MIN_LENGTH + 1 }, (_, i) => MIN_LENGTH + i).map((n) => (
                        <option key={n} value={n}>
                          {t("lengthOption", { length: n })}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
              <CodeSpaceReadout quantity={quantityValid ? q : null} space={space} prefix={prefix} />
            </>
          ) : (
            <div className="grid gap-5 sm:grid-cols-3">
              <Field id="group-shared-code" label={t("sharedCode")} error={message(errors.sharedCode)} hint={t("sharedCodeHint")}>
                {(control) => (
                  <Input
                    {...control}
                    name="sharedCode"
                    maxLength={24}
                    defaultValue={v.sharedCode ?? ""}
                    placeholder="LM888"
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono uppercase"
                    data-testid="group-shared-code"
                  />
                )}
              </Field>
              <Field id="group-total" label={t("total")} error={message(errors.quantity)} hint={t("totalHint")}>
                {(control) => (
                  <Input {...control} name="quantity" inputMode="numeric" required value={quantity} onChange={(e) => setQuantity(e.target.value)} data-testid="group-total" />
                )}
              </Field>
              <Field id="group-per-consumer" label={t("perConsumerLimit")} error={message(errors.perConsumerLimit)} hint={t("perConsumerLimitHint")}>
                {(control) => <Input {...control} name="perConsumerLimit" inputMode="numeric" defaultValue={v.perConsumerLimit ?? "1"} data-testid="group-per-consumer" />}
              </Field>
            </div>
          )}
        </Section>

        {initialJob ? (
          <Card data-testid="group-progress" ref={progressRef}>
            <CardBody className="space-y-3">
              <LiveJob
                key={initialJob.id}
                initial={initialJob}
                url={jobUrl(campaignId, initialJob.id, orgId)}
                onFinished={(done) => {
                  setJob({ id: done.id, running: false });
                  if (done.state === "succeeded") router.push(`/campaigns/${campaignId}/groups`);
                }}
              />
              {job?.running ? <p className="text-xs text-zinc-500">{t("backgroundNote")}</p> : null}
            </CardBody>
          </Card>
        ) : null}
        <div className="flex flex-wrap items-center justify-end gap-3">
          {mode === "unique" && quantityValid && q > limits.inlineLimit ? <p className="text-sm text-zinc-500">{t("backgroundHint")}</p> : null}
          <SubmitButton pending={busy} pendingLabel={t("pending")} disabled={tooShort} data-testid="group-submit">
            {t("submit")}
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}

/** The code space of the chosen length, and the odds that one random guess hits a live code. */
function CodeSpaceReadout({ quantity, space, prefix }: { quantity: number | null; space: ReturnType<typeof codeSpace>; prefix: string }) {
  const t = useTranslations("groups.form.space");
  const locale = useLocale();
  const big = (n: number) => {
    if (n < 1e12) return new Intl.NumberFormat(locale, { notation: "compact", maximumSignificantDigits: 3 }).format(n);
    const s = scientific(n);
    return `${s.mantissa} × 10${superscript(s.exponent)}`;
  };
  const spaceSci = scientific(space.space);
  return (
    <div
      className={cn("rounded-lg border px-4 py-3 text-sm", space.safe ? "border-emerald-200 bg-emerald-50/60 text-emerald-900" : "border-red-200 bg-red-50 text-red-800")}
      aria-live="polite"
      data-testid="code-space"
      data-safe={space.safe}
    >
      <p className="font-medium">{t("title")}</p>
      <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="text-zinc-600">{t("example")}</dt>
        <dd className="font-mono">{sampleCode(prefix, space.length)}</dd>
        <dt className="text-zinc-600">{t("space")}</dt>
        <dd className="tabular-nums">
          {t("spaceValue", { base: ALPHABET_SIZE, length: space.length, lengthSup: superscript(space.length), mantissa: spaceSci.mantissa, exponent: superscript(spaceSci.exponent) })}
        </dd>
        <dt className="text-zinc-600">{t("odds")}</dt>
        <dd className="tabular-nums" data-testid="code-space-odds">
          {quantity ? t("oddsValue", { oneIn: big(space.oneIn) }) : "—"}
        </dd>
      </dl>
      <p className="mt-2 text-xs">{space.safe ? t("safe") : t("unsafe")}</p>
    </div>
  );
}

function ImportForm({ campaignId, influencers, limits, preselect }: { campaignId: string; influencers: Influencer[]; limits: Limits; preselect?: string }) {
  const t = useTranslations("groups.import");
  const tAll = useTranslations();
  const message = useMessage();
  const [state, action, pending] = useActionState<GroupActionState, FormData>(importGroupAction, {});
  const [fileError, setFileError] = useState<string | null>(null);
  const fileId = useId();
  const errors = state.fieldErrors ?? {};
  const kb = Math.floor(limits.importMaxBytes / 1024);

  return (
    <form
      className="space-y-6"
      noValidate
      data-testid="import-form"
      onSubmit={(e) => {
        // Say so before uploading a file the server would refuse anyway.
        const file = (e.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
        if (file && file.size > limits.importMaxBytes) {
          e.preventDefault();
          setFileError(t("errors.tooLarge", { kb }));
          return;
        }
        setFileError(null);
        submitWith(action)(e);
      }}
    >
      <input type="hidden" name="campaignId" value={campaignId} />
      {state.message && !state.ok && !state.report ? <Alert tone="error" testId="form-error">{message(state.message)}</Alert> : null}
      {state.report?.length ? (
        <Alert tone="error" title={t("report.title", { count: state.reportTotal ?? state.report.length })} testId="import-report">
          <p>{t("report.nothingImported")}</p>
          <div className="mt-3 max-h-80 overflow-auto rounded-md border border-red-200 bg-white">
            <table className="w-full text-left text-sm text-zinc-800">
              <thead className="sticky top-0 bg-red-50 text-xs text-red-900">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("report.line")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("report.value")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("report.reason")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-red-100">
                {state.report.map((r) => (
                  <tr key={`${r.line}-${r.message}`} data-testid="import-report-row">
                    <td className="px-3 py-1.5 tabular-nums">{r.line}</td>
                    <td className="max-w-48 truncate px-3 py-1.5 font-mono">{r.value || "—"}</td>
                    <td className="px-3 py-1.5">{tAll.has(r.message) ? tAll(r.message) : r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(state.reportTotal ?? 0) > state.report.length ? <p className="mt-2 text-xs">{t("report.more", { shown: state.report.length, total: state.reportTotal ?? 0 })}</p> : null}
        </Alert>
      ) : null}

      <fieldset disabled={pending} className="space-y-6">
        <Section title={t("sections.group")}>
          <BindingFields prefix="import" state={state} influencers={influencers} preselect={preselect} />
        </Section>
        <Section title={t("sections.file")} description={t("description")}>
          <Field id={fileId} label={t("file")} error={fileError ?? (errors.file ? (errors.file === "groups.import.errors.tooLarge" ? t("errors.tooLarge", { kb }) : message(errors.file)) : undefined)} hint={t("fileHint", { kb })}>
            {(control) => (
              <input
                {...control}
                type="file"
                name="file"
                accept=".csv,.txt,text/csv,text/plain"
                required
                data-testid="import-file"
                className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-lg file:border file:border-zinc-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-zinc-800 hover:file:bg-zinc-50"
              />
            )}
          </Field>
          <div className="rounded-lg bg-zinc-50 px-4 py-3 text-xs text-zinc-600">
            <p className="font-medium text-zinc-700">{t("exampleTitle")}</p>
            <pre className="mt-1 font-mono leading-5">{"code\nPARTNER0001\nPARTNER0002\n…"}</pre>
          </div>
        </Section>
        <div className="flex justify-end">
          <SubmitButton pending={pending} pendingLabel={t("pending")} data-testid="import-submit">
            {t("submit")}
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
