import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { deleteSegment, updateSegment } from "@/lib/segments/mutations";
import { getSegment, segmentSize, toSegmentDto } from "@/lib/segments/queries";
import { segmentPatchSchema } from "@/lib/segments/schemas";

const params = z.object({ id: z.uuid() });

export const GET = apiRoute({ permission: "consumer:read", params }, async ({ actor, params }) => {
  const segment = await getSegment(actor.orgId, params.id);
  if (!segment) throw new AppError("not_found", "No such segment.");
  return toSegmentDto(segment, (await segmentSize(actor.orgId, segment.rules)).size);
});

export const PATCH = apiRoute({ permission: "consumer:write", params, body: segmentPatchSchema }, async ({ actor, params, body }) => {
  const segment = await updateSegment(actor, params.id, body);
  return toSegmentDto(segment, (await segmentSize(actor.orgId, segment.rules)).size);
});

// Refused while a campaign uses it as its audience.
export const DELETE = apiRoute({ permission: "consumer:write", params }, async ({ actor, params }) => {
  await deleteSegment(actor, params.id);
  return new Response(null, { status: 204 });
});
