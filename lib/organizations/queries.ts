import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { memberships, organizations } from "@/db/schema";
import { DEMO_SLUG } from "@/db/seed/demo";
import { reversalWindowMinutes } from "@/lib/redemptions/rules";

/** Whether `userId` belongs to `orgId` (checked before switching the active organisation). */
export async function isMember(orgId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return Boolean(row);
}

/** Whether the demo organisation was seeded: the login page then shows the demo accounts. */
export async function demoOrganizationExists(): Promise<boolean> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEMO_SLUG))
    .limit(1);
  return Boolean(row);
}

/** What the owner's settings forms edit: name, time zone and brand; the clerks' reversal window. */
export async function getOrganizationSettings(orgId: string) {
  const [row] = await db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      timeZone: organizations.timeZone,
      brandColor: organizations.brandColor,
      logoUrl: organizations.logoUrl,
      settings: organizations.settings,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  return row ? { ...row, reversalWindowMinutes: reversalWindowMinutes(row.settings) } : null;
}

export type OrganizationSettings = NonNullable<Awaited<ReturnType<typeof getOrganizationSettings>>>;
