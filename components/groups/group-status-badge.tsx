import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";

type GroupStatus = "generating" | "active" | "frozen";

const TONES: Record<GroupStatus, BadgeTone> = { generating: "amber", active: "green", frozen: "red" };

/** A code group's status (可领取 / 已冻结 / 生成中); works in server and client components. */
export function GroupStatusBadge({ status }: { status: GroupStatus }) {
  const t = useTranslations("group.status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}

/** A code's effective status. */
const CODE_TONES: Record<string, BadgeTone> = {
  available: "neutral",
  claimed: "blue",
  redeemed: "green",
  expired: "amber",
  void: "red",
  frozen: "violet",
};

export function CodeStatusBadge({ status }: { status: string }) {
  const t = useTranslations("groups.codeStatus");
  return <Badge tone={CODE_TONES[status] ?? "neutral"}>{t.has(status) ? t(status) : status}</Badge>;
}
