import { describe, expect, it } from "vitest";
import {
  afterFailure,
  backoffDelayMs,
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  eventBody,
  isAcknowledged,
  isPrivateAddress,
  RETRY_WINDOW_MS,
  responseExcerpt,
  truncateResponse,
  webhookUrlIssue,
} from "./rules";

const middle = () => 0.5; // no jitter
const HOUR = 3_600_000;

describe("backoff schedule", () => {
  it("doubles from 10 s and is capped at one hour", () => {
    const plain = [1, 2, 3, 4, 5, 9, 10, 11, 30, 1000].map((n) => backoffDelayMs(n, middle));
    expect(plain).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 2_560_000, BACKOFF_CAP_MS, BACKOFF_CAP_MS, BACKOFF_CAP_MS, BACKOFF_CAP_MS]);
    expect(backoffDelayMs(0, middle)).toBe(BACKOFF_BASE_MS);
  });

  it("spreads each wait by at most ±20 %", () => {
    expect(backoffDelayMs(3, () => 0)).toBe(32_000);
    expect(backoffDelayMs(3, () => 1)).toBe(48_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(4);
      expect(d).toBeGreaterThanOrEqual(64_000);
      expect(d).toBeLessThanOrEqual(96_000);
    }
  });

  it("fits some thirty tries into the 24 h window", () => {
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + backoffDelayMs(attempts, middle) < RETRY_WINDOW_MS) elapsed += backoffDelayMs(attempts++, middle);
    expect(attempts).toBeGreaterThanOrEqual(25);
    expect(attempts).toBeLessThanOrEqual(35);
  });
});

describe("after a failed try", () => {
  const queued = new Date("2025-11-11T00:00:00Z");
  const retryUntil = new Date(queued.getTime() + RETRY_WINDOW_MS);

  it("retries after the backoff", () => {
    const now = new Date(queued.getTime() + 1000);
    expect(afterFailure({ attempts: 1, now, retryUntil }, middle)).toEqual({ status: "failed", nextAttemptAt: new Date(now.getTime() + 10_000) });
  });

  it("never schedules past the deadline, so the last try is at the deadline", () => {
    const now = new Date(retryUntil.getTime() - 5 * 60_000);
    expect(afterFailure({ attempts: 20, now, retryUntil }, middle)).toEqual({ status: "failed", nextAttemptAt: retryUntil });
  });

  it("is dead when the failure comes at or after the deadline", () => {
    expect(afterFailure({ attempts: 30, now: retryUntil, retryUntil })).toEqual({ status: "dead", deadAt: retryUntil });
    const late = new Date(retryUntil.getTime() + HOUR);
    expect(afterFailure({ attempts: 2, now: late, retryUntil })).toEqual({ status: "dead", deadAt: late });
  });
});

describe("responses and payloads", () => {
  it("acknowledge 2xx only", () => {
    expect([200, 201, 204, 299].every(isAcknowledged)).toBe(true);
    expect([100, 199, 301, 302, 304, 400, 404, 410, 500, 503].some(isAcknowledged)).toBe(false);
  });

  it("keep at most 200 characters of an answer, as plain text", () => {
    expect(truncateResponse("ok")).toBe("ok");
    const long = "x".repeat(5000);
    expect(truncateResponse(long)).toHaveLength(201);
    expect(truncateResponse(long).endsWith("…")).toBe(true);
    expect(truncateResponse("a\u0000b\r\n\tc\u001b[31m")).toBe("a b c [31m");
  });

  it("keep only the type and size of an answer that is not text", () => {
    expect(responseExcerpt('{"ok":true}', "application/json; charset=utf-8")).toBe('{"ok":true}');
    expect(responseExcerpt("<h1>Hi</h1>", "text/html")).toBe("<h1>Hi</h1>");
    expect(responseExcerpt("accepted", null)).toBe("accepted");
    expect(responseExcerpt("\u0089PNG....", "image/png")).toBe("[image/png, 9 bytes, not kept]");
    expect(responseExcerpt("secret", "application/octet-stream")).toBe("[application/octet-stream, 6 bytes, not kept]");
  });

  it("post { id, type, createdAt, data } with a stable event id", () => {
    const body = eventBody({ outboxId: 42, type: "code.claimed", createdAt: new Date("2025-11-11T02:00:00Z"), data: { code: "LM888" } });
    expect(JSON.parse(body)).toEqual({ id: "evt_42", type: "code.claimed", createdAt: "2025-11-11T02:00:00.000Z", data: { code: "LM888" } });
    expect(Object.keys(JSON.parse(body))).toEqual(["id", "type", "createdAt", "data"]);
  });
});

describe("webhook URLs", () => {
  const open = { allowPrivate: true };
  const strict = { allowPrivate: false };

  it("take http and https only", () => {
    expect(webhookUrlIssue("https://crm.example.com/hooks", open)).toBeNull();
    expect(webhookUrlIssue("http://10.0.0.5:8080/hooks", open)).toBeNull();
    expect(webhookUrlIssue("ftp://example.com/x", open)).toBe("protocol");
    expect(webhookUrlIssue("javascript:alert(1)", open)).toBe("protocol");
    expect(webhookUrlIssue("file:///etc/passwd", open)).toBe("protocol");
    expect(webhookUrlIssue("not a url", open)).toBe("invalid");
    expect(webhookUrlIssue(`https://example.com/${"a".repeat(2100)}`, open)).toBe("invalid");
  });

  it("refuse user:password in the URL", () => {
    expect(webhookUrlIssue("https://user:pass@example.com/x", open)).toBe("credentials");
  });

  it("refuse loopback, private and internal targets when private targets are off", () => {
    for (const url of [
      "http://127.0.0.1:3000/x",
      "http://localhost/x",
      "http://api.localhost/x",
      "http://10.1.2.3/x",
      "http://172.20.0.1/x",
      "http://192.168.1.10/x",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/x",
      "http://[fd00::1]/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://printer.local/x",
      "http://intranet/x",
    ]) {
      expect(webhookUrlIssue(url, strict), url).toBe("private");
      expect(webhookUrlIssue(url, open), url).toBeNull();
    }
    expect(webhookUrlIssue("https://8.8.8.8/x", strict)).toBeNull();
    expect(webhookUrlIssue("https://hooks.example.com/x", strict)).toBeNull();
  });

  it("classify addresses", () => {
    expect(isPrivateAddress("127.0.0.1")).toBe(true);
    expect(isPrivateAddress("100.64.1.1")).toBe(true);
    expect(isPrivateAddress("fe80::1")).toBe(true);
    expect(isPrivateAddress("::ffff:10.0.0.1")).toBe(true);
    expect(isPrivateAddress("1.1.1.1")).toBe(false);
    expect(isPrivateAddress("2606:4700:4700::1111")).toBe(false);
    expect(isPrivateAddress("example.com")).toBe(false);
  });
});
