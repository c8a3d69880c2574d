import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPrivateAddress, RESPONSE_LIMIT } from "./rules";

// One POST to a receiver with node:http(s): keep-alive sockets, a hard deadline for the whole
// exchange, no redirects followed, only the first few KB of the answer read, and — when private
// targets are not allowed — every address the host name resolves to checked at connect time
// (so a DNS answer cannot swap in an internal address after the URL was accepted).

export type PostResult = { statusCode: number; body: string; contentType: string | null };

/** A failure before any HTTP status came back (timeout, refused, DNS, TLS, refused private address). */
export class DeliveryNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryNetworkError";
  }
}

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 30_000 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 30_000 }),
};

/** Reads at most this many bytes of an answer; the rest is dropped with the socket. */
const READ_LIMIT = RESPONSE_LIMIT * 4;

const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, address, family);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
    const blocked = list.find((a) => isPrivateAddress(a));
    if (blocked) {
      const refused = Object.assign(new Error(`${hostname} resolves to a private address (${blocked}); WEBHOOK_ALLOW_PRIVATE is off`), {
        code: "EPRIVATE",
      });
      return callback(refused, address, family);
    }
    callback(null, address, family);
  });
};

/** POSTs `body` to `url` with `headers`; resolves with the status and the (cut) answer, or rejects with DeliveryNetworkError. */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new DeliveryNetworkError("invalid URL"));
    }
    const protocol = target.protocol as "http:" | "https:";
    if (protocol !== "http:" && protocol !== "https:") return reject(new DeliveryNetworkError(`unsupported protocol ${target.protocol}`));
    const literal = target.hostname.replace(/^\[|\]$/g, "");
    if (!opts.allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
      return reject(new DeliveryNetworkError(`private address ${literal} refused; WEBHOOK_ALLOW_PRIVATE is off`));
    }

    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const payload = Buffer.from(body, "utf8");
    const req = (protocol === "https:" ? https : http).request(
      target,
      {
        method: "POST",
        agent: agents[protocol],
        headers: { ...headers, "content-length": String(payload.byteLength) },
        lookup: opts.allowPrivate ? undefined : publicOnlyLookup,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish(() =>
            resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), contentType: res.headers["content-type"] ?? null }),
          );
        res.on("data", (chunk: Buffer) => {
          if (size >= READ_LIMIT) return;
          chunks.push(chunk.subarray(0, READ_LIMIT - size));
          size += chunk.byteLength;
          if (size >= READ_LIMIT) {
            done();
            res.destroy();
          }
        });
        res.on("end", done);
        res.on("error", done);
        res.on("close", done);
      },
    );
    const timer = setTimeout(() => {
      finish(() => reject(new DeliveryNetworkError(`no answer within ${opts.timeoutMs} ms`)));
      req.destroy();
    }, opts.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => {
      const text = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
      finish(() => reject(new DeliveryNetworkError(text)));
    });
    req.end(payload);
  });
}
