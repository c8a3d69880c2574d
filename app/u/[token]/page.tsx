import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { getTranslations } from "next-intl/server";
import { db } from "@/db";
import { consumers, organizations } from "@/db/schema";
import { readUnsubscribeToken } from "@/lib/sends/rules";
import { unsubscribeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("unsubscribe");
  return { title: t("title"), robots: { index: false }, referrer: "no-referrer" };
}

// A consumer stops the brand's marketing texts (退订). Their codes stay theirs.
export default async function UnsubscribePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string; busy?: string }> }) {
  const [{ token }, { done, busy }, t] = await Promise.all([params, searchParams, getTranslations("unsubscribe")]);
  const id = readUnsubscribeToken(process.env.AUTH_SECRET ?? "", token);
  const [row] = id
    ? await db.select({ brand: organizations.name, optedOut: consumers.optedOutAt }).from(consumers).innerJoin(organizations, eq(organizations.id, consumers.orgId)).where(eq(consumers.id, id))
    : [];
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-5 py-10">
      <div className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm" data-testid="unsubscribe">
        {!row ? (
          <p className="text-base text-zinc-700">{t("invalid")}</p>
        ) : done || row.optedOut ? (
          <>
            <h1 className="text-lg font-semibold text-zinc-900">{t("doneTitle")}</h1>
            <p className="mt-2 text-sm text-zinc-600" data-testid="unsubscribe-done">
              {t("done", { brand: row.brand })}
            </p>
          </>
        ) : (
          <form action={unsubscribeAction.bind(null, token)}>
            <h1 className="text-lg font-semibold text-zinc-900">{t("title")}</h1>
            <p className="mt-2 text-sm text-zinc-600">{t("confirm", { brand: row.brand })}</p>
            {busy ? <p className="mt-2 text-sm text-amber-800">{t("busy")}</p> : null}
            <button type="submit" className="mt-5 h-12 w-full rounded-xl bg-zinc-900 text-base font-semibold text-white hover:bg-zinc-800" data-testid="unsubscribe-confirm">
              {t("button")}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
