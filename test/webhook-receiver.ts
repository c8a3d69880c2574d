import http from "node:http";
import type { AddressInfo } from "node:net";

// A local webhook receiver for tests, specs and the benchmark: records every request (raw body and
// headers) and answers with whatever `respond` says (200 by default).

export type ReceivedRequest = {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Parsed body, when JSON. */
  json: { id?: string; type?: string; createdAt?: string; data?: unknown } | null;
  receivedAt: number;
  /** The status this receiver answered. */
  status: number;
};

export type Receiver = {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `predicate` holds for the requests received (polling), or rejects after `ms`. */
  waitFor(predicate: (requests: ReceivedRequest[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
};

type Respond = (req: Omit<ReceivedRequest, "status" | "receivedAt">, index: number) => number | { status: number; body?: string };

/** Starts a receiver on 127.0.0.1 on a random port. */
export async function startReceiver(respond: Respond = () => 200, opts: { record?: boolean } = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: ReceivedRequest["json"] = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* not JSON */
      }
      const seen = { path: req.url ?? "/", headers: req.headers, body, json };
      const answer = respond(seen, count++);
      const { status, body: text } = typeof answer === "number" ? { status: answer, body: undefined } : answer;
      if (opts.record !== false) requests.push({ ...seen, receivedAt: Date.now(), status });
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(text ?? (status < 300 ? "ok" : `error ${status}`));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async waitFor(predicate, ms = 15_000) {
      const end = Date.now() + ms;
      while (!predicate(requests)) {
        if (Date.now() > end) throw new Error(`receiver: condition not met within ${ms} ms (${requests.length} requests)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
