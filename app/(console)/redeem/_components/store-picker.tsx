"use client";

import { useState } from "react";
import { useFormStatus } from "react-dom";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { chooseStoreAction } from "../actions";

type Store = { id: string; name: string; address: string };

function StoreButton({ store, current }: { store: Store; current: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name="storeId"
      value={store.id}
      disabled={pending}
      aria-current={current ? "true" : undefined}
      className={cn(
        "flex min-h-14 w-full items-center justify-between gap-3 rounded-xl border px-4 py-3 text-left transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600 disabled:opacity-60",
        current ? "border-rose-300 bg-rose-50" : "border-zinc-200 bg-white hover:border-rose-200 hover:bg-rose-50/40",
      )}
      data-testid="store-choice"
    >
      <span className="min-w-0">
        <span className="block text-base font-semibold text-zinc-900">{store.name}</span>
        {store.address ? <span className="block truncate text-sm text-zinc-500">{store.address}</span> : null}
      </span>
      {pending ? <Spinner /> : null}
    </button>
  );
}

/**
 * The store this device redeems at: picked once and remembered (a cookie); a clerk with one store
 * never sees the choice. `open` when nothing is chosen yet.
 */
export function StorePicker({ stores, current }: { stores: Store[]; current: Store | null }) {
  const t = useTranslations("redeem.store");
  const [open, setOpen] = useState(current == null);
  if (current && !open) {
    return (
      <div className="flex items-center justify-between gap-3 rounded-xl border border-zinc-200 bg-white px-4 py-3" data-testid="current-store">
        <p className="min-w-0 truncate text-base">
          <span className="text-zinc-500">{t("current")}</span> <span className="font-semibold text-zinc-900">{current.name}</span>
        </p>
        {stores.length > 1 ? (
          <button type="button" onClick={() => setOpen(true)} className="h-10 shrink-0 rounded-lg px-3 text-sm font-medium text-rose-700 hover:bg-rose-50" data-testid="store-change">
            {t("change")}
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4" aria-labelledby="store-picker-title" data-testid="store-picker">
      <h2 id="store-picker-title" className="text-base font-semibold text-zinc-900">
        {t("title")}
      </h2>
      <p className="mt-0.5 text-sm text-zinc-600">{t("description")}</p>
      <form action={chooseStoreAction} onSubmit={() => setTimeout(() => setOpen(false), 0)} className="mt-3 space-y-2">
        {stores.map((s) => (
          <StoreButton key={s.id} store={s} current={s.id === current?.id} />
        ))}
      </form>
      {current ? (
        <button type="button" onClick={() => setOpen(false)} className="mt-2 h-10 w-full text-sm text-zinc-600 underline">
          {t("keep", { store: current.name })}
        </button>
      ) : null}
    </section>
  );
}
