import { apiRoute, json } from "@/lib/api/handler";
import { createSegment } from "@/lib/segments/mutations";
import { listSegments, segmentSize, toSegmentDto } from "@/lib/segments/queries";
import { segmentInputSchema } from "@/lib/segments/schemas";

// The organisation's segments with their sizes now.
export const GET = apiRoute({ permission: "consumer:read" }, async ({ actor }) => {
  const list = await listSegments(actor.orgId);
  const sizes = await Promise.all(list.map((s) => segmentSize(actor.orgId, s.rules)));
  return { items: list.map((s, i) => toSegmentDto(s, sizes[i].size)) };
});

// A saved audience: rules over tags and counters, all of which must hold.
export const POST = apiRoute({ permission: "consumer:write", body: segmentInputSchema }, async ({ actor, body }) => {
  const segment = await createSegment(actor, body);
  const { size } = await segmentSize(actor.orgId, segment.rules);
  return json(toSegmentDto(segment, size), { status: 201 });
});
