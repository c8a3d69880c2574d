import http from "node:http";
import { SOCKET_IP_HEADER } from "./client-ip";
import { REQUEST_ID_HEADER, requestIdOf, runInRequest } from "./request-context";
import { logFor } from "@/lib/log";
import { metrics, routeClass, statusClass } from "@/lib/ops/metrics";

const access = logFor("http");

/**
 * What the server does with every incoming request before Next.js sees it (installed once by
 * instrumentation.ts, by wrapping `http.Server#emit("request")`):
 * - stamps the socket's address under a header of our own, after dropping any value a client sent for
 *   it: Next.js route handlers cannot see the TCP peer and keep a client-sent X-Forwarded-For as is, so
 *   rate limits could be dodged by a made-up header;
 * - gives the request an id (a proxy's X-Request-Id when it looks like one, else a new one), answers it
 *   in X-Request-Id, and runs the request inside it, so logs, audit rows and webhook deliveries carry it;
 * - when the response is finished, observes its duration (coupon_http_request_duration_seconds) and
 *   writes one access-log line (path without the query, which can hold phone numbers; LOG_REQUESTS=off
 *   to stop them).
 */
export function installIncomingRequestHook() {
  const marker = Symbol.for("coupon.incomingHook");
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: http.Server["emit"] };
  if (proto[marker]) return;
  proto[marker] = true;
  const emit = proto.emit;
  const logRequests = process.env.LOG_REQUESTS !== "off";
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event !== "request") return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    req.headers[SOCKET_IP_HEADER] = req.socket?.remoteAddress ?? "unknown";
    const id = requestIdOf(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = req.method ?? "GET";
      const path = (req.url ?? "/").split("?")[0];
      const route = routeClass(method, path);
      metrics().requestDuration.observe({ method, route, status: statusClass(res.statusCode) }, seconds);
      if (logRequests && route !== "static") {
        runInRequest({ id }, () => access.info({ method, path, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10 }, "request"));
      }
    });
    return runInRequest({ id }, () => (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]));
  } as http.Server["emit"];
}
