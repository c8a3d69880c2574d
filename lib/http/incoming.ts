import http from "node:http";
import { SOCKET_IP_HEADER } from "./client-ip";

/**
 * Next.js route handlers cannot see the TCP peer, and it keeps a client-sent X-Forwarded-For as is.
 * Stamp every incoming request with the socket's address under a header of our own, after
 * dropping any value a client sent for it, so rate limits cannot be dodged by a made-up header.
 */
export function installSocketIpHeader() {
  const marker = Symbol.for("coupon.socketIp");
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: http.Server["emit"] };
  if (proto[marker]) return;
  proto[marker] = true;
  const emit = proto.emit;
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[SOCKET_IP_HEADER] = req.socket?.remoteAddress ?? "unknown";
    }
    return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as http.Server["emit"];
}
