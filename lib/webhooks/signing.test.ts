import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  computeSignature,
  generateWebhookSecret,
  parseSignatureHeader,
  signatureHeader,
  verifySignature,
} from "./signing";

const secret = "whsec_test-secret";
const body = JSON.stringify({ id: "evt_1", type: "code.claimed", createdAt: "2025-11-11T02:00:00.000Z", data: { code: "LM888", note: "满100减20" } });
const t = 1_762_826_400;

describe("webhook signatures", () => {
  it("are t=<unix>,v1=<hex HMAC-SHA256 of 't.body'> as API.md says", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signatureHeader(secret, body, t)).toBe(`t=${t},v1=${expected}`);
    expect(computeSignature(secret, t, Buffer.from(body, "utf8"))).toBe(expected);
  });

  it("verify with the same secret, body and a timestamp within the tolerance", () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(secret, header, body, 300, t)).toBe(true);
    expect(verifySignature(secret, header, Buffer.from(body), 300, t + 299)).toBe(true);
    expect(verifySignature(secret, header, body, 300, t - 300)).toBe(true);
  });

  it("refuse another secret, a changed body, a stale or future timestamp", () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature("whsec_other", header, body, 300, t)).toBe(false);
    expect(verifySignature(secret, header, body.replace("LM888", "LM889"), 300, t)).toBe(false);
    expect(verifySignature(secret, header, `${body} `, 300, t)).toBe(false);
    expect(verifySignature(secret, header, body, 300, t + 301)).toBe(false);
    expect(verifySignature(secret, header, body, 300, t - 301)).toBe(false);
  });

  it("refuse a timestamp swapped into a captured signature", () => {
    const v1 = signatureHeader(secret, body, t).split(",")[1];
    expect(verifySignature(secret, `t=${t + 60},${v1}`, body, 300, t + 60)).toBe(false);
  });

  it("refuse missing and malformed headers", () => {
    for (const bad of [null, undefined, "", "garbage", `t=${t}`, "v1=abc", `t=abc,v1=${"a".repeat(64)}`, `t=${t},v1=zz`, `t=${t},v1=${"a".repeat(63)}`]) {
      expect(verifySignature(secret, bad, body, 300, t)).toBe(false);
    }
    expect(verifySignature("", signatureHeader("", body, t), body, 300, t)).toBe(false);
  });

  it("accept any one matching v1 among several, and ignore unknown schemes", () => {
    const good = signatureHeader(secret, body, t).split(",")[1];
    const header = `t=${t},v0=whatever,v1=${"0".repeat(64)},${good}`;
    expect(parseSignatureHeader(header)?.signatures).toHaveLength(2);
    expect(verifySignature(secret, header, body, 300, t)).toBe(true);
  });

  it("secrets are whsec_ + 43 base64url characters, different every time", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
