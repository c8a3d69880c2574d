import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import Redis from "ioredis";
import { db } from "@/db";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// rate-limiter-flexible keeps the counters in Redis when REDIS_URL is set, otherwise in the
// `rate_limits` table, so every app instance on one database shares them.
const globalForRl = globalThis as unknown as { __couponRedis?: Redis; __couponLimiters?: Map<string, RateLimiterAbstract> };

/**
 * Logs a Redis client's state changes once each: "unreachable" on the first error after being up (or
 * at start), "connected" when it is back. Without an error listener ioredis prints "Unhandled error
 * event" on every reconnection attempt, some twenty lines a minute while Redis is down.
 */
export function watchRedis(client: Redis, log: Pick<Console, "warn" | "info"> = console): void {
  let down = false;
  client.on("error", (e: Error) => {
    if (down) return;
    down = true;
    log.warn(`[redis] unreachable (${e.message}); rate limits count in this process's memory until it is back`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log.info("[redis] connected again; rate limits are shared through Redis");
  });
}

/** The shared Redis client when REDIS_URL is set (rate limits; the readiness check pings it). */
export function redisClient(): Redis | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  if (!globalForRl.__couponRedis) {
    globalForRl.__couponRedis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true });
    watchRedis(globalForRl.__couponRedis);
  }
  return globalForRl.__couponRedis;
}

export function limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const limiters = (globalForRl.__couponLimiters ??= new Map());
  const id = `${name}:${points}:${durationSeconds}`;
  let rl = limiters.get(id);
  if (!rl) {
    const client = redisClient();
    rl = client
      ? new RateLimiterRedis({
          storeClient: client,
          keyPrefix: `rl:${name}`,
          points,
          duration: durationSeconds,
          // While Redis is unreachable (or still connecting after a start) each instance counts in its
          // own memory instead of failing the request.
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: `rl:${name}`, points, duration: durationSeconds }),
        })
      : new RateLimiterDrizzle({
          storeClient: db,
          schema: rateLimits,
          keyPrefix: `rl:${name}`,
          points,
          duration: durationSeconds,
          clearExpiredByTimeout: false,
        });
    limiters.set(id, rl);
  }
  return rl;
}

/** Spends one point for `key`; throws `rate_limited` with the seconds to wait when none is left. */
export async function consume(rl: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await rl.consume(key, points);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new AppError("rate_limited", `Too many attempts. Try again in ${retryAfter} s.`, { retryAfter });
    }
    throw e;
  }
}

export function loginLimiters() {
  const e = env();
  return {
    account: limiter("login-account", e.RATE_LIMIT_LOGIN_PER_ACCOUNT, e.RATE_LIMIT_LOGIN_WINDOW_SECONDS),
    ip: limiter("login-ip", e.RATE_LIMIT_LOGIN_PER_IP, e.RATE_LIMIT_LOGIN_WINDOW_SECONDS),
  };
}

/** Sign-ups per IP: each makes an account and an organisation. */
export function registerLimiter() {
  const e = env();
  return limiter("register-ip", e.RATE_LIMIT_REGISTER_PER_IP, e.RATE_LIMIT_REGISTER_WINDOW_SECONDS);
}

export function publicLimiters() {
  const e = env();
  return {
    ip: limiter("public-ip", e.RATE_LIMIT_PUBLIC_PER_IP, e.RATE_LIMIT_PUBLIC_WINDOW_SECONDS),
    phone: limiter("public-phone", e.RATE_LIMIT_PUBLIC_PER_PHONE, e.RATE_LIMIT_PUBLIC_WINDOW_SECONDS),
    device: limiter("public-device", e.RATE_LIMIT_PUBLIC_PER_DEVICE, e.RATE_LIMIT_PUBLIC_WINDOW_SECONDS),
  };
}
