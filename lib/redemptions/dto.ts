import type { Validation, RedemptionResult } from "./redeem";

const iso = (d: Date | undefined) => d?.toISOString();

/** The API's validation answer: dates as ISO strings, the refusal's facts spelled out. */
export function toValidationDto(v: Validation) {
  if (v.valid) return v;
  const { facts, codeInfo, campaign, ...rest } = v;
  return {
    ...rest,
    facts: {
      at: iso(facts.at),
      storeName: facts.storeName,
      minSpend: facts.minSpend,
      expiresAt: iso(facts.expiresAt),
      validFrom: iso(facts.validFrom),
      stores: facts.stores,
      usableHours: facts.usableHours,
      codes: facts.codes,
    },
    ...(campaign ? { campaign } : {}),
    ...(codeInfo ? { codeInfo } : {}),
  };
}

/**
 * The API's redemption: the same body for the first answer and every replay (`replay` goes in a
 * header). A single code answers as it always has; an order of several codes adds its id and lines.
 */
export function toRedemptionDto(r: RedemptionResult) {
  const { replay: _replay, groupId: _groupId, orderId, lines, ...body } = r;
  if (!orderId) return body;
  return {
    ...body,
    orderId,
    redemptions: lines.map(({ groupId: _g, ...l }) => l),
  };
}
