"use client";

import type { ComponentProps } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "./button";
import { Spinner } from "./spinner";

type Props = Omit<ComponentProps<typeof Button>, "type"> & { pending?: boolean; pendingLabel?: string };

/** A submit button that is disabled, and says so, while its form is being sent. */
export function SubmitButton({ children, pending, pendingLabel, disabled, ...props }: Props) {
  const status = useFormStatus();
  const busy = pending ?? status.pending;
  return (
    <Button type="submit" disabled={busy || disabled} aria-disabled={busy || disabled} aria-busy={busy} {...props}>
      {busy ? <Spinner /> : null}
      {busy && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
