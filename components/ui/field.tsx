import type { ReactNode } from "react";
import { Label } from "./input";

type Props = {
  id: string;
  label: ReactNode;
  /** Translated error text; when set, the control gets aria-invalid and points to it. */
  error?: string;
  hint?: ReactNode;
  /** Renders the control with the ids it must carry. */
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
};

/** A label, a control, and its hint or error, wired together with aria-describedby. */
export function Field({ id, label, error, hint, children }: Props) {
  // An error replaces the hint: it says the same thing more urgently.
  const hintId = hint && !error ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={errorId} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {hintId ? (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
