"use client";

import { startTransition, useActionState, useEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { createCampaignAction, updateCampaignAction } from "@/lib/campaigns/actions";
import { joinSlots, joinTiers, readInstant, splitList, splitSlots, splitTiers, type CampaignFormKey, type CampaignFormValues } from "@/lib/campaigns/form";
import { CAMPAIGN_TYPES, MAX_TIERS } from "@/lib/campaigns/schemas";
import type { ActionState } from "@/lib/action-state";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import { CouponPreview, type CouponBrand } from "./coupon-preview";
import { couponViewFromForm } from "./coupon-view";

const TYPES = CAMPAIGN_TYPES;
const SCOPE_FIELDS = ["scopeCategories", "scopeSkus", "scopeExcludeCategories", "scopeExcludeSkus"] as const;
const AUDIENCES = ["all", "new", "tagged", "segment"] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const MAX_SLOTS = 6;

type Props = {
  mode: "create" | "edit";
  campaignId?: string;
  initial: CampaignFormValues;
  stores: { id: string; name: string; address: string }[];
  /** Saved segments, for audience "segment". */
  segments: { id: string; name: string }[];
  /** Unique-code groups a follow-up coupon (复购券) can come from. */
  followUpGroups: { id: string; label: string }[];
  brand: CouponBrand;
  timeZone: string;
  cancelHref: string;
};

/**
 * The campaign form for new and draft campaigns: offer fields per type, validity and claim window in the
 * organisation's zone, limits, audience, usable hours, stores and terms, with the consumer's coupon
 * previewed beside it as one types. Errors come back from the server action as message keys per field.
 */
export function CampaignForm({ mode, campaignId, initial, stores, segments, followUpGroups, brand, timeZone, cancelHref }: Props) {
  const t = useTranslations("campaign.form");
  const tErrors = useTranslations("campaign.errors");
  const tType = useTranslations("campaign.type");
  const tHours = useTranslations("campaign.hours");
  const message = useMessage();
  const [values, setValues] = useState<CampaignFormValues>(initial);
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(mode === "create" ? createCampaignAction : updateCampaignAction, {});
  const formRef = useRef<HTMLFormElement>(null);

  const errors = state.fieldErrors ?? {};
  const errorOf = (key: string) => message(errors[key]);
  const errorCount = Object.keys(errors).length;

  // After a refused save, move focus to the first field that needs fixing.
  useEffect(() => {
    if (!state.fieldErrors) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  const view = useMemo(() => couponViewFromForm(values, timeZone, stores), [values, timeZone, stores]);

  const set = (key: CampaignFormKey, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const bind = (key: CampaignFormKey) => ({
    name: key,
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(key, e.target.value),
  });
  const check = (key: CampaignFormKey) => ({
    name: key,
    checked: values[key] === "on",
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.target.checked ? "on" : ""),
  });

  const weekdays = new Set(splitList(values.weekdays));
  const chosenStores = new Set(splitList(values.storeIds));
  const slots = splitSlots(values.slots);
  const toggleIn = (key: "weekdays" | "storeIds", item: string, on: boolean) => {
    const next = new Set(splitList(values[key]));
    if (on) next.add(item);
    else next.delete(item);
    const list = [...next];
    set(key, key === "weekdays" ? list.sort().join(",") : list.join(","));
  };
  const setSlot = (i: number, part: "from" | "to", value: string) =>
    set("slots", joinSlots(slots.map((s, j) => (j === i ? { ...s, [part]: value } : s))));
  const tiers = splitTiers(values.tiers);
  const setTier = (i: number, part: "minSpend" | "value", value: string) =>
    set("tiers", joinTiers(tiers.map((t, j) => (j === i ? { ...t, [part]: value } : t))));
  // 满减 starts with one empty row, so choosing it shows where to type.
  const pickType = (type: (typeof TYPES)[number]) =>
    setValues((v) => ({ ...v, type, tiers: type === "tiered_off" && !v.tiers ? "|" : v.tiers }));
  const usesBudget = values.type !== "gift" && values.type !== "stored_value";

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(e.currentTarget, submitter instanceof HTMLButtonElement ? submitter : null);
    startTransition(() => dispatch(formData));
  }

  const end = readInstant(values.validUntilDate, values.validUntilTime, timeZone, "end");
  const endsInPast = end instanceof Date && end.getTime() <= Date.now();
  const id = (key: string) => `cf-${key}`;
  const dateTime = (field: "validFrom" | "validUntil" | "releaseAt" | "claimEndsAt") => (
    <DateTimeField
      id={id(field)}
      label={t(field)}
      timeLabel={t("time")}
      error={errorOf(field)}
      hint={t(`${field}Hint`)}
      date={bind(`${field}Date`)}
      time={bind(`${field}Time`)}
    />
  );
  /** A one-line text field whose label is `campaign.form.<key>`; money gets a ¥ in front. */
  const text = (key: CampaignFormKey, o: { hint?: ReactNode; kind?: "money" | "count" | "text"; suffix?: string; maxLength?: number } = {}) => (
    <Field id={id(key)} label={t(key)} error={errorOf(key)} hint={o.hint}>
      {(control) => (
        <Affixed prefix={o.kind === "money" ? "¥" : undefined} suffix={o.suffix}>
          <Input
            {...control}
            {...bind(key)}
            inputMode={o.kind === "money" ? "decimal" : o.kind === "count" ? "numeric" : undefined}
            maxLength={o.maxLength}
            autoComplete="off"
            className={cn(o.kind === "money" && "pl-7", o.suffix && "pr-10")}
          />
        </Affixed>
      )}
    </Field>
  );
  const percent = view.offer.percentOff;
  const percentHint = percent && percent <= 100 ? t("percentHint", { zhe: String((100 - percent) / 10), pay: 100 - percent }) : t("percentHintEmpty");
  const radio = (key: "audience" | "hoursMode" | "storesMode", value: string, label: string, onPick = () => set(key, value)) => (
    <Radio key={value} name={key} value={value} checked={values[key] === value} onChange={onPick} label={label} />
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px] xl:grid-cols-[minmax(0,1fr)_360px]">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="min-w-0 space-y-6" data-testid="campaign-form">
        {campaignId ? <input type="hidden" name="id" value={campaignId} /> : null}
        {state.message && !state.ok ? (
          <Alert tone="error" testId="form-error">
            {message(state.message)}
          </Alert>
        ) : errorCount > 0 ? (
          <Alert tone="error" testId="form-error">
            {t("fixErrors", { count: errorCount })}
          </Alert>
        ) : null}

        <Section title={t("sections.basics")}>
          {text("name", { hint: t("nameHint"), maxLength: 120 })}
          <ChoiceGroup legend={t("type")} error={errorOf("type")} id={id("type")}>
            <div className="grid gap-2 sm:grid-cols-2">
              {TYPES.map((type) => (
                <ChoiceCard
                  key={type}
                  name="type"
                  value={type}
                  checked={values.type === type}
                  onChange={() => pickType(type)}
                  title={tType(type)}
                  description={t(`typeHint.${type}`)}
                  testId={`type-${type}`}
                />
              ))}
            </div>
          </ChoiceGroup>
        </Section>

        <Section title={t("sections.offer")}>
          <div className="grid gap-4 sm:grid-cols-2">
            {values.type === "amount_off" ? text("value", { kind: "money" }) : null}
            {values.type === "percent_off" ? (
              <>
                {text("percentOff", { kind: "count", suffix: "%", hint: percentHint })}
                {text("maxDiscount", { kind: "money", hint: t("maxDiscountHint") })}
              </>
            ) : null}
            {values.type === "gift" ? text("giftName", { hint: t("giftNameHint"), maxLength: 80 }) : null}
            {values.type === "stored_value" ? text("initialBalance", { kind: "money", hint: t("initialBalanceHint") }) : null}
            {values.type !== "stored_value" && values.type !== "tiered_off" ? text("minSpend", { kind: "money", hint: t("minSpendHint") }) : null}
          </div>
          {values.type === "tiered_off" ? (
            <ChoiceGroup legend={t("tiers")} id={id("tiers")} error={errorOf("tiers")}>
              <p className="text-xs text-zinc-500">{t("tiersHint", { max: MAX_TIERS })}</p>
              {tiers.map((tier, i) => (
                <TierRow
                  key={i}
                  id={`${id("tiers")}-${i}`}
                  tier={tier}
                  minError={errorOf(`tiers.${i}.minSpend`)}
                  valueError={errorOf(`tiers.${i}.value`)}
                  minLabel={t("tierMinSpend", { n: i + 1 })}
                  valueLabel={t("tierValue", { n: i + 1 })}
                  spendWord={t("tierSpend")}
                  offWord={t("tierOff")}
                  removeLabel={t("removeTier", { n: i + 1 })}
                  removeText={t("remove")}
                  canRemove={tiers.length > 1}
                  onChange={(part, value) => setTier(i, part, value)}
                  onRemove={() => set("tiers", joinTiers(tiers.filter((_, j) => j !== i)))}
                />
              ))}
              {tiers.length < MAX_TIERS ? (
                <Button variant="secondary" size="sm" onClick={() => set("tiers", joinTiers([...tiers, { minSpend: "", value: "" }]))} data-testid="tier-add">
                  {t("addTier")}
                </Button>
              ) : null}
            </ChoiceGroup>
          ) : null}
          {usesBudget ? (
            <div className="grid gap-4 sm:grid-cols-2">
              {text("budgetTotal", { kind: "money", hint: t("budgetTotalHint") })}
              {text("budgetDaily", { kind: "money", hint: t("budgetDailyHint") })}
            </div>
          ) : null}
        </Section>

        <Section title={t("sections.validity")} description={t("zoneNote", { zone: timeZone })}>
          <div className="grid gap-4 xl:grid-cols-2">
            {dateTime("validFrom")}
            {dateTime("validUntil")}
          </div>
          {endsInPast ? (
            <Alert tone="warning" testId="dates-past-warning">
              {tErrors("datesPastWarning")}
            </Alert>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2">
            {text("validDaysAfterClaim", { kind: "count", suffix: t("daysUnit"), hint: t("validDaysAfterClaimHint") })}
          </div>
        </Section>

        <Section title={t("sections.claiming")}>
          <div className="grid gap-4 xl:grid-cols-2">
            {dateTime("releaseAt")}
            {dateTime("claimEndsAt")}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            {text("totalQuantity", { kind: "count", hint: t("totalQuantityHint") })}
            {text("perConsumerLimit", { kind: "count" })}
            {text("dailyClaimLimit", { kind: "count", hint: t("optional") })}
            {text("dailyPerConsumerLimit", { kind: "count", hint: t("optional") })}
          </div>
          <ChoiceGroup legend={t("audience")} id={id("audience")} error={errorOf("audience")}>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {AUDIENCES.map((a) => radio("audience", a, t(`audiences.${a}`)))}
            </div>
          </ChoiceGroup>
          {values.audience === "tagged" ? (
            <div className="sm:max-w-xs">{text("audienceTag", { hint: t("audienceTagHint"), maxLength: 40 })}</div>
          ) : null}
          {values.audience === "segment" ? (
            <div className="sm:max-w-sm">
              <Field id={id("segmentId")} label={t("segmentId")} error={errorOf("segmentId")} hint={segments.length ? t("segmentHint") : t("noSegments")}>
                {(control) => (
                  <Select {...control} {...bind("segmentId")} data-testid="campaign-segment">
                    <option value="">{t("chooseSegment")}</option>
                    {segments.map((sg) => (
                      <option key={sg.id} value={sg.id}>
                        {sg.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
          ) : null}
        </Section>

        <Section title={t("sections.followUp")}>
          <div className="sm:max-w-md">
            <Field id={id("followUpGroupId")} label={t("followUpGroupId")} error={errorOf("followUp")} hint={t("followUpHint")}>
              {(control) => (
                <Select {...control} {...bind("followUpGroupId")} data-testid="campaign-follow-up">
                  <option value="">{t("noFollowUp")}</option>
                  {followUpGroups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <Checkbox {...check("remindOnClaim")} label={t("remindOnClaim")} hint={t("remindOnClaimHint")} />
          <div className="sm:max-w-xs">{text("remindDays", { hint: t("remindDaysHint"), maxLength: 20 })}</div>
        </Section>

        <Section title={t("sections.usage")}>
          <ChoiceGroup legend={t("hours")} id={id("hoursMode")}>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {radio("hoursMode", "always", t("hoursAlways"))}
              {radio("hoursMode", "limited", t("hoursLimited"), () => setValues((v) => ({ ...v, hoursMode: "limited", slots: v.slots || "-" })))}
            </div>
          </ChoiceGroup>
          {values.hoursMode === "limited" ? (
            <div className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-4">
              <ChoiceGroup legend={t("weekdays")} id={id("weekdays")} error={errorOf("weekdays")}>
                <div className="flex flex-wrap gap-2">
                  {WEEKDAYS.map((d) => (
                    <label
                      key={d}
                      className={cn(
                        "flex h-9 min-w-12 cursor-pointer items-center justify-center rounded-lg border px-3 text-sm font-medium",
                        "has-focus-visible:outline-2 has-focus-visible:outline-rose-600",
                        weekdays.has(String(d)) ? "border-rose-600 bg-rose-50 text-rose-700" : "border-zinc-300 bg-white text-zinc-700",
                      )}
                    >
                      <input
                        type="checkbox"
                        name="weekdays"
                        value={d}
                        checked={weekdays.has(String(d))}
                        onChange={(e) => toggleIn("weekdays", String(d), e.target.checked)}
                        className="sr-only"
                      />
                      {tHours(`day.${d}`)}
                    </label>
                  ))}
                </div>
              </ChoiceGroup>
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium text-zinc-800">{t("slots")}</legend>
                <p className="text-xs text-zinc-500">{t("slotsHint")}</p>
                {slots.map((s, i) => (
                  <SlotRow
                    key={i}
                    id={`${id("slots")}-${i}`}
                    slot={s}
                    error={errorOf(`slots.${i}`)}
                    fromLabel={t("slotFrom", { n: i + 1 })}
                    toLabel={t("slotTo", { n: i + 1 })}
                    removeLabel={t("removeSlot", { n: i + 1 })}
                    removeText={t("remove")}
                    onChange={(part, value) => setSlot(i, part, value)}
                    onRemove={() => set("slots", joinSlots(slots.filter((_, j) => j !== i)))}
                  />
                ))}
                {slots.length < MAX_SLOTS ? (
                  <Button variant="secondary" size="sm" onClick={() => set("slots", joinSlots([...slots, { from: "", to: "" }]))}>
                    {t("addSlot")}
                  </Button>
                ) : null}
              </fieldset>
            </div>
          ) : null}

          <ChoiceGroup legend={t("stores")} id={id("storesMode")}>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {radio("storesMode", "all", t("storesAll"))}
              {radio("storesMode", "some", t("storesSome"))}
            </div>
          </ChoiceGroup>
          {values.storesMode === "some" ? (
            <ChoiceGroup legend={t("storesPick")} id={id("storeIds")} error={errorOf("storeIds")} srOnlyLegend>
              {stores.length === 0 ? (
                <p className="text-sm text-zinc-500">{t("noStores")}</p>
              ) : (
                <ul className="max-h-64 divide-y divide-zinc-100 overflow-y-auto rounded-lg border border-zinc-200 bg-white">
                  {stores.map((s) => (
                    <li key={s.id}>
                      <label className="flex cursor-pointer items-start gap-3 px-3 py-2.5 hover:bg-zinc-50">
                        <input
                          type="checkbox"
                          name="storeIds"
                          value={s.id}
                          checked={chosenStores.has(s.id)}
                          onChange={(e) => toggleIn("storeIds", s.id, e.target.checked)}
                          className="mt-0.5 size-4 accent-rose-600"
                        />
                        <span className="min-w-0">
                          <span className="block text-sm font-medium text-zinc-900">{s.name}</span>
                          {s.address ? <span className="block truncate text-xs text-zinc-500">{s.address}</span> : null}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </ChoiceGroup>
          ) : null}

          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-zinc-800">{t("scope")}</legend>
            <p className="text-xs text-zinc-500">{t("scopeHint")}</p>
            <div className="grid gap-4 sm:grid-cols-2">
              {SCOPE_FIELDS.map((key) => (
                <Field key={key} id={id(key)} label={t(key)} error={errorOf(key)}>
                  {(control) => <textarea {...control} {...bind(key)} rows={2} maxLength={4000} className={cn(controlClasses, "py-2")} data-testid={`campaign-${key}`} />}
                </Field>
              ))}
            </div>
          </fieldset>

          <div className="space-y-3">
            <Checkbox {...check("stackable")} label={t("stackable")} hint={t("stackableHint")} />
            <Checkbox {...check("showRemaining")} label={t("showRemaining")} hint={t("showRemainingHint")} />
            <Checkbox {...check("requirePhoneVerification")} label={t("requirePhoneVerification")} hint={t("requirePhoneVerificationHint")} />
          </div>

          <Field id={id("terms")} label={t("terms")} error={errorOf("terms")} hint={t("termsHint")}>
            {(control) => <textarea {...control} {...bind("terms")} rows={4} maxLength={2000} className={cn(controlClasses, "py-2")} />}
          </Field>
        </Section>

        {/* On narrow screens the preview sits here, folded, instead of beside the form. */}
        <details className="group rounded-xl border border-zinc-200 bg-white lg:hidden">
          <summary
            className={cn(
              "flex cursor-pointer list-none items-center justify-between px-5 py-3.5 text-base font-semibold text-zinc-900",
              "[&::-webkit-details-marker]:hidden",
            )}
          >
            {t("previewTitle")}
            <span className="text-sm font-medium text-rose-700 group-open:hidden">{t("previewShow")}</span>
            <span className="hidden text-sm font-medium text-rose-700 group-open:inline">{t("previewHide")}</span>
          </summary>
          <div className="border-t border-zinc-200 px-4 py-5">
            <CouponPreview view={view} brand={brand} timeZone={timeZone} caption={t("previewCaption")} />
          </div>
        </details>

        <div className="flex flex-col-reverse gap-2 border-t border-zinc-200 pt-5 sm:flex-row sm:justify-end">
          <ButtonLink href={cancelHref} variant="ghost">
            {t("cancel")}
          </ButtonLink>
          <SubmitButton variant="secondary" name="intent" value="save" pending={pending} data-testid="campaign-save">
            {mode === "create" ? t("saveDraft") : t("save")}
          </SubmitButton>
          <SubmitButton name="intent" value="submit" pending={pending} pendingLabel={t("saving")} data-testid="campaign-save-submit">
            {t("saveAndSubmit")}
          </SubmitButton>
        </div>
      </form>

      <aside className="hidden lg:sticky lg:top-6 lg:block lg:self-start" aria-label={t("previewTitle")}>
        <p className="mb-3 text-center text-sm font-medium text-zinc-700">{t("previewTitle")}</p>
        <CouponPreview view={view} brand={brand} timeZone={timeZone} caption={t("previewCaption")} />
      </aside>
    </div>
  );
}

function Section({ title, description, children }: { title: ReactNode; description?: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <div className="border-b border-zinc-200 px-5 py-3.5">
        <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
        {description ? <p className="mt-0.5 text-sm text-zinc-500">{description}</p> : null}
      </div>
      <div className="space-y-5 px-5 py-5">{children}</div>
    </Card>
  );
}

function ChoiceGroup({
  legend,
  id,
  error,
  srOnlyLegend,
  children,
}: {
  legend: ReactNode;
  id: string;
  error?: string;
  srOnlyLegend?: boolean;
  children: ReactNode;
}) {
  return (
    <fieldset
      id={id}
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
      tabIndex={error ? -1 : undefined}
      className="space-y-2 outline-none"
    >
      <legend className={cn("mb-2 text-sm font-medium text-zinc-800", srOnlyLegend && "sr-only")}>{legend}</legend>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function ChoiceCard({
  name,
  value,
  checked,
  onChange,
  title,
  description,
  testId,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  title: ReactNode;
  description: ReactNode;
  testId?: string;
}) {
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-lg border p-3 has-focus-visible:outline-2 has-focus-visible:outline-rose-600",
        checked ? "border-rose-600 bg-rose-50/60 ring-1 ring-rose-600" : "border-zinc-300 bg-white hover:bg-zinc-50",
      )}
      data-testid={testId}
    >
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} className="mt-0.5 size-4 accent-rose-600" />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-zinc-900">{title}</span>
        <span className="block text-xs text-zinc-500">{description}</span>
      </span>
    </label>
  );
}

function Radio({ name, value, checked, onChange, label }: { name: string; value: string; checked: boolean; onChange: () => void; label: ReactNode }) {
  return (
    <label className="flex cursor-pointer items-center gap-2 text-sm text-zinc-800">
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} className="size-4 accent-rose-600" />
      {label}
    </label>
  );
}

function Checkbox({
  name,
  checked,
  onChange,
  label,
  hint,
}: {
  name: string;
  checked: boolean;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
  label: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <label className="flex cursor-pointer items-start gap-3">
      <input type="checkbox" name={name} checked={checked} onChange={onChange} className="mt-0.5 size-4 shrink-0 accent-rose-600" />
      <span>
        <span className="block text-sm font-medium text-zinc-800">{label}</span>
        {hint ? <span className="block text-xs text-zinc-500">{hint}</span> : null}
      </span>
    </label>
  );
}

function Affixed({ prefix, suffix, children }: { prefix?: string; suffix?: string; children: ReactNode }) {
  return (
    <div className="relative">
      {prefix ? (
        <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-zinc-500" aria-hidden="true">
          {prefix}
        </span>
      ) : null}
      {children}
      {suffix ? (
        <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-zinc-500" aria-hidden="true">
          {suffix}
        </span>
      ) : null}
    </div>
  );
}

/** One usable-hours slot: from and to on the local clock; its error (e.g. end before start) right under it. */
function SlotRow({
  id,
  slot,
  error,
  fromLabel,
  toLabel,
  removeLabel,
  removeText,
  onChange,
  onRemove,
}: {
  id: string;
  slot: { from: string; to: string };
  error?: string;
  fromLabel: string;
  toLabel: string;
  removeLabel: string;
  removeText: string;
  onChange: (part: "from" | "to", value: string) => void;
  onRemove: () => void;
}) {
  const a11y = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <div className="w-32 shrink-0">
          <Input type="time" name="slotFrom" aria-label={fromLabel} {...a11y} value={slot.from} onChange={(e) => onChange("from", e.target.value)} />
        </div>
        <span className="text-zinc-400" aria-hidden="true">
          –
        </span>
        <div className="w-32 shrink-0">
          <Input type="time" name="slotTo" aria-label={toLabel} {...a11y} value={slot.to} onChange={(e) => onChange("to", e.target.value)} />
        </div>
        <Button variant="ghost" size="sm" onClick={onRemove} aria-label={removeLabel}>
          {removeText}
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One 满减 tier: 满 ¥__ 减 ¥__, each amount with its own error right under the row. */
function TierRow({
  id,
  tier,
  minError,
  valueError,
  minLabel,
  valueLabel,
  spendWord,
  offWord,
  removeLabel,
  removeText,
  canRemove,
  onChange,
  onRemove,
}: {
  id: string;
  tier: { minSpend: string; value: string };
  minError?: string;
  valueError?: string;
  minLabel: string;
  valueLabel: string;
  spendWord: string;
  offWord: string;
  removeLabel: string;
  removeText: string;
  canRemove: boolean;
  onChange: (part: "minSpend" | "value", value: string) => void;
  onRemove: () => void;
}) {
  const a11y = (error: string | undefined, part: string) => ({
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-${part}-error` : undefined,
  });
  const money = (name: string, label: string, value: string, error: string | undefined, part: "minSpend" | "value") => (
    <div className="relative w-32 shrink-0">
      <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-zinc-500" aria-hidden="true">
        ¥
      </span>
      <Input
        name={name}
        aria-label={label}
        {...a11y(error, part)}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(part, e.target.value)}
        className="pl-7"
        data-testid={`${name}`}
      />
    </div>
  );
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
        <span aria-hidden="true">{spendWord}</span>
        {money("tierMinSpend", minLabel, tier.minSpend, minError, "minSpend")}
        <span aria-hidden="true">{offWord}</span>
        {money("tierValue", valueLabel, tier.value, valueError, "value")}
        {canRemove ? (
          <Button variant="ghost" size="sm" onClick={onRemove} aria-label={removeLabel}>
            {removeText}
          </Button>
        ) : null}
      </div>
      {minError ? (
        <p id={`${id}-minSpend-error`} className="text-sm text-red-600">
          {minError}
        </p>
      ) : null}
      {valueError ? (
        <p id={`${id}-value-error`} className="text-sm text-red-600">
          {valueError}
        </p>
      ) : null}
    </div>
  );
}

type Bound = { name: string; value: string; onChange: (e: ChangeEvent<HTMLInputElement>) => void };

/** A local date and an optional time, in the organisation's zone; one label and one error for both. */
function DateTimeField({
  id,
  label,
  timeLabel,
  error,
  hint,
  date,
  time,
}: {
  id: string;
  label: ReactNode;
  timeLabel: string;
  error?: string;
  hint?: ReactNode;
  date: Bound;
  time: Bound;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(control) => (
        <div className="flex gap-2">
          <div className="min-w-0 flex-1">
            <Input {...control} type="date" {...date} />
          </div>
          <div className="w-32 shrink-0">
            <Input
              type="time"
              {...time}
              aria-label={timeLabel}
              title={timeLabel}
              aria-invalid={control["aria-invalid"]}
              aria-describedby={control["aria-describedby"]}
            />
          </div>
        </div>
      )}
    </Field>
  );
}
