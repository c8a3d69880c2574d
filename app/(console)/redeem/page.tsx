import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { sectionPermission } from "@/lib/console/sections";
import { listRedeemStores, listTodayRedemptions } from "@/lib/redemptions/queries";
import { RedeemCounter } from "./_components/redeem-counter";
import { StorePicker } from "./_components/store-picker";
import { TodayList } from "./_components/today-list";
import { REDEEM_STORE_COOKIE } from "./store-cookie";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("redeem") };
}

// The clerk's counter (clerks and owners): pick the store once, scan or type a code, redeem it, and
// today's redemptions at that store with reversal where allowed.
export default async function RedeemPage() {
  const ctx = await requirePageContext(sectionPermission("redeem"));
  const actor: Actor = { orgId: ctx.orgId, role: ctx.role, userId: ctx.userId, apiKeyId: null };
  const [t, stores, jar] = await Promise.all([getTranslations("redeem"), listRedeemStores(actor), cookies()]);
  const remembered = jar.get(REDEEM_STORE_COOKIE)?.value;
  // One store: it is the store. Several: the one this device remembered, if the person may still use it.
  const store = stores.length === 1 ? stores[0] : (stores.find((s) => s.id === remembered) ?? null);
  const today = store ? await listTodayRedemptions(actor, store.id) : null;

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader title={t("title")} description={t("description")} />
      {stores.length === 0 ? (
        <Alert tone="warning" testId="no-store">
          {ctx.role === "clerk" ? t("noStore") : t("noStoreOwner")}
        </Alert>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <div className="space-y-4">
            <StorePicker stores={stores} current={store} />
            {store ? <RedeemCounter key={store.id} storeId={store.id} /> : null}
          </div>
          {store && today ? (
            <TodayList
              items={today.items}
              timeZone={today.timeZone}
              windowMinutes={today.windowMinutes}
              reverseAny={can(ctx.role, "redemption:reverse_any")}
              storeName={store.name}
            />
          ) : null}
        </div>
      )}
    </div>
  );
}
