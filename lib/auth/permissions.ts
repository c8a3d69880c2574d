/** Every action the console or API can take; checked on the server by `can()`. */
export const PERMISSIONS = [
  "campaign:read",
  "campaign:write",
  "campaign:review",
  "group:read",
  "group:write",
  "group:freeze",
  "code:export",
  "influencer:read",
  "influencer:write",
  "store:read",
  "store:write",
  "redemption:validate",
  "redemption:create",
  "redemption:reverse",
  "redemption:reverse_any",
  "analytics:read",
  "reconciliation:read",
  "reconciliation:check",
  "audit:read",
  "portal:read",
  "consumer:read",
  "consumer:write",
  "consumer:privacy",
  "send:create",
  "send:approve",
  "member:manage",
  "apikey:manage",
  "webhook:manage",
  "settings:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["owner", "marketer", "reviewer", "clerk", "influencer"] as const;
export type Role = (typeof ROLES)[number];

/** The role matrix: the single source of truth for who may do what. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  marketer: [
    "campaign:read",
    "campaign:write",
    "group:read",
    "group:write",
    "group:freeze",
    "code:export",
    "influencer:read",
    "influencer:write",
    "store:read",
    "analytics:read",
    "consumer:read",
    "consumer:write",
    "send:create",
  ],
  reviewer: [
    "campaign:read",
    "campaign:review",
    "group:read",
    "code:export",
    "influencer:read",
    "store:read",
    "redemption:reverse",
    "redemption:reverse_any",
    "reconciliation:read",
    "reconciliation:check",
    "audit:read",
    "consumer:read",
    "send:approve",
  ],
  clerk: ["store:read", "redemption:validate", "redemption:create", "redemption:reverse"],
  influencer: ["portal:read"],
};

const matrix = new Map<Role, ReadonlySet<Permission>>(
  ROLES.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]),
);

/** Whether `role` may perform `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return matrix.get(role)?.has(permission) ?? false;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Console sections in sidebar order, each shown to the roles holding its permission. */
export const NAV_ITEMS = [
  { key: "campaigns", href: "/campaigns", permission: "campaign:write" },
  { key: "reviews", href: "/reviews", permission: "campaign:review" },
  { key: "influencers", href: "/influencers", permission: "influencer:write" },
  { key: "stores", href: "/stores", permission: "store:write" },
  { key: "consumers", href: "/consumers", permission: "consumer:read" },
  { key: "analytics", href: "/analytics", permission: "analytics:read" },
  { key: "redeem", href: "/redeem", permission: "redemption:create" },
  { key: "links", href: "/links", permission: "portal:read" },
  { key: "reconciliation", href: "/reconciliation", permission: "reconciliation:read" },
  { key: "audit", href: "/audit", permission: "audit:read" },
  { key: "settings", href: "/settings", permission: "settings:manage" },
] as const satisfies readonly { key: string; href: string; permission: Permission }[];

export type NavKey = (typeof NAV_ITEMS)[number]["key"];

export function navFor(role: Role) {
  return NAV_ITEMS.filter((item) => can(role, item.permission));
}

/** Where a role lands after signing in. */
export function homeFor(role: Role): string {
  return navFor(role)[0]?.href ?? "/";
}
