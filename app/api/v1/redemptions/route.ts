import { apiRoute, json } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { toRedemptionDto } from "@/lib/redemptions/dto";
import { redeemCode } from "@/lib/redemptions/redeem";
import { afterRedemption } from "@/lib/redemptions/after";
import { idempotencyKeySchema, redemptionInputSchema } from "@/lib/redemptions/schemas";

// POST /redemptions {code, storeId, orderAmount} with an Idempotency-Key header: redeems once per key.
export const POST = apiRoute({ permission: "redemption:create", body: redemptionInputSchema }, async ({ actor, body, req }) => {
  const key = idempotencyKeySchema.safeParse(req.headers.get("idempotency-key") ?? "");
  if (!key.success) {
    const message = key.error.issues[0]?.message ?? "Send an Idempotency-Key header.";
    throw new AppError("invalid_input", message, { errors: [{ path: "Idempotency-Key", message }] });
  }
  const result = await redeemCode(actor, body, key.data);
  await afterRedemption(actor.orgId, result);
  return json(toRedemptionDto(result), { status: 201, headers: result.replay ? { "Idempotent-Replayed": "true" } : {} });
});
