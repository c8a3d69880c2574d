import { redirect } from "next/navigation";
import { currentUserId, getConsoleContext } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/permissions";

// The front door: each role lands on its own section of its active organisation.
export default async function Home() {
  const ctx = await getConsoleContext();
  if (ctx) redirect(homeFor(ctx.role));
  redirect((await currentUserId()) ? "/onboarding" : "/login");
}
