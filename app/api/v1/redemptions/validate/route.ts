import { apiRoute } from "@/lib/api/handler";
import { toValidationDto } from "@/lib/redemptions/dto";
import { validateRedemption } from "@/lib/redemptions/redeem";
import { redemptionInputSchema } from "@/lib/redemptions/schemas";

// POST /redemptions/validate {code, storeId, orderAmount}: what the code is worth for this order, or why not. Writes nothing.
export const POST = apiRoute({ permission: "redemption:validate", body: redemptionInputSchema }, async ({ actor, body }) =>
  toValidationDto(await validateRedemption(actor, body)),
);
