import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { groupLiveState, type GroupLiveState, type GroupLiveStateInput } from "@/lib/groups/rules";

const TONES: Record<GroupLiveState, BadgeTone> = {
  generating: "amber",
  active: "green",
  frozen: "red",
  draft: "neutral",
  awaiting_approval: "amber",
  scheduled: "blue",
  paused: "amber",
  ended: "neutral",
};

/**
 * A code group's state with its campaign's (可领取 / 待审批，未上线 / 已暂停 / 已冻结 / 生成中 …), as its link
 * behaves now; works in server and client components.
 */
export function GroupStatusBadge({ group, campaign }: GroupLiveStateInput) {
  const t = useTranslations("group.status");
  const state = groupLiveState({ group, campaign }, new Date());
  return (
    <span data-testid="group-state" data-state={state}>
      <Badge tone={TONES[state]}>{t(state)}</Badge>
    </span>
  );
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
