import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { eraseConsumer } from "@/lib/consumers/mutations";
import { consumerTimeline, getConsumer, toConsumerDto } from "@/lib/consumers/queries";
import { AppError } from "@/lib/errors";

const params = z.object({ id: z.uuid() });

// One consumer with the timeline of their claims and redemptions.
export const GET = apiRoute({ permission: "consumer:read", params }, async ({ actor, params }) => {
  const consumer = await getConsumer(actor.orgId, params.id);
  if (!consumer) throw new AppError("not_found", "No such consumer in this organisation.");
  const timeline = await consumerTimeline(actor.orgId, params.id);
  return { ...toConsumerDto(consumer), timeline: timeline.map((e) => ({ ...e, at: e.at.toISOString() })) };
});

// Erasure (PIPL): the phone is removed from every table; claims, redemptions and counts stay.
export const DELETE = apiRoute({ permission: "consumer:privacy", params }, async ({ actor, params }) => {
  await eraseConsumer(actor, params.id);
  return new Response(null, { status: 204 });
});
