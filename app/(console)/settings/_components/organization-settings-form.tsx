"use client";

import { startTransition, useActionState, useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useMessage } from "@/components/forms/use-message";
import type { ActionState } from "@/lib/action-state";
import { COMMON_TIME_ZONES, normalizeHexColor } from "@/lib/organizations/brand";
import { updateOrganizationSettingsAction } from "@/lib/organizations/actions";

type LogoSource = "none" | "upload" | "url";

export type OrganizationSettingsValues = {
  name: string;
  slug: string;
  timeZone: string;
  brandColor: string;
  logoUrl: string | null;
  /** Whether the stored logo is an upload (a data: URL) rather than a link. */
  logoUploaded: boolean;
};

/** Name, time zone, brand colour (with a live swatch) and logo (an upload or a link), with a preview. */
export function OrganizationSettingsForm({ current, timeZones }: { current: OrganizationSettingsValues; timeZones: readonly string[] }) {
  const t = useTranslations("settings.brand");
  const message = useMessage();
  const [state, action, pending] = useActionState<ActionState, FormData>(updateOrganizationSettingsAction, {});
  const v = state.ok ? undefined : state.values;
  const initialSource: LogoSource = current.logoUploaded ? "upload" : current.logoUrl ? "url" : "none";

  const [name, setName] = useState(v?.name ?? current.name);
  const [color, setColor] = useState(v?.brandColor ?? current.brandColor);
  const [source, setSource] = useState<LogoSource>((v?.logoSource as LogoSource | undefined) ?? initialSource);
  const [filePreview, setFilePreview] = useState<string | null>(null);
  const swatch = normalizeHexColor(color);

  useEffect(() => () => (filePreview ? URL.revokeObjectURL(filePreview) : undefined), [filePreview]);

  const previewLogo = source === "upload" ? (filePreview ?? (current.logoUploaded ? current.logoUrl : null)) : null;
  const fe = state.fieldErrors ?? {};

  return (
    <form
      action={action}
      // Submitted by hand so React does not reset the form afterwards: the radios, the chosen file and
      // what was typed stay as they are while the person fixes a field (the action still works without JS).
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
      className="space-y-5"
      noValidate
      data-testid="org-settings-form"
    >
      {state.ok && state.message ? (
        <Alert tone="success" testId="org-settings-saved">
          {message(state.message)}
        </Alert>
      ) : null}
      {state.message && !state.ok ? <Alert tone="error">{message(state.message)}</Alert> : null}

      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="org-name" label={t("name")} error={message(fe.name)}>
          {(control) => <Input {...control} name="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id="org-slug" label={t("slug")} hint={t("slugHint")}>
          {(control) => <Input {...control} value={current.slug} readOnly disabled className="font-mono" />}
        </Field>
      </div>

      <Field id="org-time-zone" label={t("timeZone")} error={message(fe.timeZone)} hint={t("timeZoneHint")}>
        {(control) => (
          <Select {...control} name="timeZone" defaultValue={v?.timeZone ?? current.timeZone}>
            {!timeZones.includes(current.timeZone) ? <option value={current.timeZone}>{current.timeZone}</option> : null}
            <optgroup label={t("timeZoneCommon")}>
              {timeZones.slice(0, COMMON_TIME_ZONES.length).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("timeZoneAll")}>
              {timeZones.slice(COMMON_TIME_ZONES.length).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </optgroup>
          </Select>
        )}
      </Field>

      <Field id="org-brand-color" label={t("brandColor")} error={message(fe.brandColor)} hint={t("brandColorHint")}>
        {(control) => (
          <div className="flex items-center gap-3">
            <input
              type="color"
              aria-label={t("colorPicker")}
              value={swatch ?? "#000000"}
              onChange={(e) => setColor(e.target.value)}
              className="h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-zinc-300 bg-white p-1 shadow-xs"
            />
            <Input
              {...control}
              name="brandColor"
              value={color}
              onChange={(e) => setColor(e.target.value)}
              maxLength={7}
              spellCheck={false}
              autoComplete="off"
              className="max-w-36 font-mono"
            />
            <span
              aria-hidden="true"
              data-testid="brand-swatch"
              className="h-10 w-16 shrink-0 rounded-lg border border-zinc-200"
              style={swatch ? { backgroundColor: swatch } : { backgroundImage: "repeating-linear-gradient(45deg,#f4f4f5 0 6px,#fff 6px 12px)" }}
            />
          </div>
        )}
      </Field>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-zinc-800">{t("logo")}</legend>
        <div className="space-y-2">
          {(["none", "upload", "url"] as const).map((s) => (
            <label key={s} className="flex items-start gap-2 text-sm text-zinc-700">
              <input
                type="radio"
                name="logoSource"
                value={s}
                checked={source === s}
                onChange={() => setSource(s)}
                className="mt-0.5 size-4 accent-rose-600"
                data-testid={`logo-source-${s}`}
              />
              {t(`logoSource.${s}`)}
            </label>
          ))}
        </div>
        {source === "upload" ? (
          <Field
            id="org-logo-file"
            label={t("logoFile")}
            error={message(fe.logoFile)}
            hint={current.logoUploaded ? `${t("logoFileHint")} ${t("logoFileKeep")}` : t("logoFileHint")}
          >
            {(control) => (
              <input
                {...control}
                type="file"
                name="logoFile"
                accept="image/png,image/jpeg,image/webp"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  setFilePreview(f ? URL.createObjectURL(f) : null);
                }}
                className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-lg file:border file:border-zinc-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-zinc-800 hover:file:bg-zinc-50"
              />
            )}
          </Field>
        ) : null}
        {source === "url" ? (
          <Field id="org-logo-url" label={t("logoUrl")} error={message(fe.logoUrl)} hint={t("logoUrlHint")}>
            {(control) => (
              <Input
                {...control}
                type="url"
                name="logoUrl"
                inputMode="url"
                placeholder="https://"
                defaultValue={v?.logoUrl ?? (current.logoUploaded ? "" : (current.logoUrl ?? ""))}
              />
            )}
          </Field>
        ) : (
          <input type="hidden" name="logoUrl" value="" />
        )}
      </fieldset>

      <div>
        <p className="text-sm font-medium text-zinc-800">{t("preview")}</p>
        <div className="mt-2 flex items-center gap-3 rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3" data-testid="brand-preview">
          {previewLogo ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data: or blob: URL, nothing to optimise
            <img src={previewLogo} alt={t("previewAlt")} width={40} height={40} className="size-10 rounded-full bg-white object-cover" />
          ) : (
            <span
              aria-hidden="true"
              className="grid size-10 place-items-center rounded-full text-lg font-bold text-white"
              style={{ backgroundColor: swatch ?? current.brandColor }}
            >
              {[...(name.trim() || current.name)][0]}
            </span>
          )}
          <span className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900">{name.trim() || current.name}</span>
          <span className="rounded-lg px-3 py-1.5 text-sm font-medium text-white" style={{ backgroundColor: swatch ?? current.brandColor }} aria-hidden="true">
            {t("previewButton")}
          </span>
        </div>
      </div>

      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <SubmitButton pending={pending} pendingLabel={t("pending")} data-testid="org-settings-submit">
          {t("submit")}
        </SubmitButton>
      </div>
    </form>
  );
}
