import { claimLinkQrResponse } from "@/lib/codes/qr-response";
import { groupRoute } from "@/lib/codes/route";

// The group's claim link as a QR image: ?format=svg|png&size=screen|print, &download=1 for a file.
export const GET = groupRoute("group:read", ({ url, row }) => claimLinkQrResponse(url, row.group.slug));
