import { getTranslations } from "next-intl/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DisplayStatus } from "@/lib/campaigns/lifecycle";

const TONES: Record<DisplayStatus | "approved", BadgeTone> = {
  draft: "neutral",
  in_review: "amber",
  approved: "green",
  scheduled: "violet",
  active: "green",
  expired: "neutral",
  paused: "blue",
  ended: "neutral",
};

/** A campaign's status; pass `displayStatus(c, now)` to show an approved one as scheduled, active or expired. */
export async function CampaignStatusBadge({ status }: { status: DisplayStatus | "approved" }) {
  const t = await getTranslations("campaign.status");
  return (
    <span data-testid="campaign-status" data-status={status}>
      <Badge tone={TONES[status]}>{t(status)}</Badge>
    </span>
  );
}
