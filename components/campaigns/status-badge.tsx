import { getTranslations } from "next-intl/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";

type CampaignStatus = "draft" | "in_review" | "approved" | "paused" | "ended";

const TONES: Record<CampaignStatus, BadgeTone> = {
  draft: "neutral",
  in_review: "amber",
  approved: "green",
  paused: "blue",
  ended: "neutral",
};

export async function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const t = await getTranslations("campaign.status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
