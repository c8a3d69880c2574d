import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "../index";
import {
  campaigns,
  codeGroups,
  influencers,
  memberships,
  organizations,
  storeClerks,
  stores,
  users,
} from "../schema";
import { hashPassword } from "../../lib/auth/password";
import { defaultCodeLength, generateCodes } from "../../lib/codes/rules";
import type { Role } from "../../lib/auth/permissions";

// Small builders shared by the demo seed and the tests: each inserts one thing and returns its row.

export async function seedOrganization(x: Executor, v: { slug: string; name: string; timeZone?: string }) {
  const [org] = await x.insert(organizations).values(v).returning();
  return org;
}

export async function seedUser(x: Executor, v: { email: string; name: string; password?: string; passwordHash?: string }) {
  const passwordHash = v.passwordHash ?? (await hashPassword(v.password ?? randomUUID()));
  const [user] = await x.insert(users).values({ email: v.email.toLowerCase(), name: v.name, passwordHash }).returning();
  return user;
}

/**
 * An organisation with one user per role (emails `<role>@<slug>.test`), for tests. Users get an
 * unusable password hash unless `password` is given, which keeps fixtures fast.
 */
export async function seedTestOrg(x: Executor, slug: string, opts: { password?: string } = {}) {
  const org = await seedOrganization(x, { slug, name: `Org ${slug}` });
  const passwordHash = opts.password ? await hashPassword(opts.password) : "none";
  const roles = ["owner", "marketer", "reviewer", "clerk", "influencer"] as const;
  const users = {} as Record<Role, typeof import("../schema").users.$inferSelect>;
  for (const role of roles) {
    users[role] = await seedUser(x, { email: `${role}@${slug}.test`, name: `${role} ${slug}`, passwordHash });
    await seedMember(x, { orgId: org.id, userId: users[role].id, role });
  }
  return { org, users };
}

export async function seedMember(x: Executor, v: { orgId: string; userId: string; role: Role }) {
  await x.insert(memberships).values(v);
}

export async function seedStore(x: Executor, v: { orgId: string; name: string; address?: string; clerkIds?: string[] }) {
  const [store] = await x.insert(stores).values({ orgId: v.orgId, name: v.name, address: v.address ?? "" }).returning();
  if (v.clerkIds?.length) {
    await x.insert(storeClerks).values(v.clerkIds.map((userId) => ({ orgId: v.orgId, storeId: store.id, userId })));
  }
  return store;
}

export async function seedInfluencer(x: Executor, v: typeof influencers.$inferInsert) {
  const [row] = await x.insert(influencers).values(v).returning();
  return row;
}

const DAY = 86_400_000;

export async function seedCampaign(x: Executor, v: Partial<typeof campaigns.$inferInsert> & { orgId: string }) {
  const now = Date.now();
  const [row] = await x
    .insert(campaigns)
    .values({
      name: "Test campaign",
      type: "amount_off",
      value: 2000,
      minSpend: 10000,
      validFrom: new Date(now - DAY),
      validUntil: new Date(now + 30 * DAY),
      status: "approved",
      ...v,
    })
    .returning();
  return row;
}

/** A group with all its codes, written whole (unique mode: random codes; shared: one code row). */
export async function seedGroup(
  x: Executor,
  v: Omit<typeof codeGroups.$inferInsert, "status"> & { codeLength?: number },
) {
  const [group] = await x
    .insert(codeGroups)
    .values({ ...v, status: "active", codeLength: v.mode === "unique" ? (v.codeLength ?? defaultCodeLength(v.quantity)) : null })
    .returning();
  const strings =
    v.mode === "shared" ? [v.sharedCode!.toUpperCase()] : generateCodes(v.quantity, group.codeLength!, v.prefix ?? "");
  // One statement per group; codes never contain commas, so a joined string is a safe array literal.
  await x.execute(sql`
    insert into codes (org_id, group_id, code, seq)
    select ${group.orgId}::uuid, ${group.id}::uuid, c, n::int
    from unnest(string_to_array(${strings.join(",")}, ',')) with ordinality as t(c, n)`);
  return group;
}
