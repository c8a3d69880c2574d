"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { JobProgress } from "@/lib/codes/jobs";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { jobUrl, LiveJob } from "@/components/groups/job-progress";

/** Running and recently failed generation jobs; when one finishes, the page reloads its list of groups. */
export function JobsPanel({ jobs, campaignId, orgId }: { jobs: JobProgress[]; campaignId: string; orgId: string }) {
  const t = useTranslations("groups.jobs");
  const router = useRouter();
  if (jobs.length === 0) return null;
  return (
    <Card className="mb-6" data-testid="group-jobs">
      <CardHeader title={t("title")} description={t("note")} />
      <CardBody className="space-y-5">
        {jobs.map((job) => (
          <LiveJob
            key={job.id}
            initial={job}
            url={jobUrl(campaignId, job.id, orgId)}
            onFinished={(done) => {
              if (done.state === "succeeded") router.refresh();
            }}
          />
        ))}
      </CardBody>
    </Card>
  );
}
