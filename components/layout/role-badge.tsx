import { getTranslations } from "next-intl/server";
import type { Role } from "@/lib/auth/permissions";
import { Badge, type BadgeTone } from "@/components/ui/badge";

export const ROLE_TONES: Record<Role, BadgeTone> = {
  owner: "brand",
  marketer: "blue",
  reviewer: "amber",
  clerk: "green",
  influencer: "violet",
};

export async function RoleBadge({ role }: { role: Role }) {
  const t = await getTranslations("roles");
  return <Badge tone={ROLE_TONES[role]}>{t(role)}</Badge>;
}
