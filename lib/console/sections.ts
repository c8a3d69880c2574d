import { NAV_ITEMS, type NavKey, type Permission } from "@/lib/auth/permissions";

/** The permission a console section's page requires: the one its sidebar entry is shown for. */
export function sectionPermission(key: NavKey): Permission {
  const item = NAV_ITEMS.find((i) => i.key === key);
  if (!item) throw new Error(`Unknown console section: ${key}`);
  return item.permission;
}

/** The overview is not a sidebar section of the role matrix; those who may read campaigns see it. */
export const DASHBOARD_PERMISSION: Permission = "campaign:read";
