import "server-only";
import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";

export const DEVICE_COOKIE = "cc_dev";

/** This browser's device id (a random httpOnly cookie, for per-device rate limits), created on first use. */
export async function deviceId(): Promise<string> {
  const jar = await cookies();
  let device = jar.get(DEVICE_COOKIE)?.value;
  if (!device || !/^[0-9a-f-]{36}$/.test(device)) {
    device = randomUUID();
    jar.set(DEVICE_COOKIE, device, { httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 365, path: "/" });
  }
  return device;
}
