"use client";

import type { ComponentProps } from "react";

/** A select that submits its form when changed (the form also has a submit button for when scripts are off). */
export function AutoSubmitSelect(props: ComponentProps<"select">) {
  return <select {...props} onChange={(e) => e.currentTarget.form?.requestSubmit()} />;
}
