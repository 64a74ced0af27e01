import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";

export interface ReceivedEvent {
  id: string;
  topic: string;
  shop: string;
  data: Record<string, unknown>;
}

/**
 * Stands where the hub's event endpoint is and checks what the module sends exactly as the sync
 * API checks store requests: Bearer key, X-Timbre-Timestamp within 5 minutes, X-Timbre-Signature =
 * base64 HMAC-SHA256(secret, "<ts>\n<METHOD>\n<path and query>\n<raw body>").
 */
export async function startReceiver(apiKey: string, secret: string) {
  const events: ReceivedEvent[] = [];
  const rejected: string[] = [];
  let status = 202;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const ts = String(req.headers["x-timbre-timestamp"] ?? "");
      const expected = createHmac("sha256", secret)
        .update(Buffer.concat([Buffer.from(`${ts}\n${req.method}\n${req.url}\n`), body]))
        .digest();
      const given = Buffer.from(String(req.headers["x-timbre-signature"] ?? ""), "base64");
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) <= 300;
      const ok =
        req.headers.authorization === `Bearer ${apiKey}` &&
        fresh &&
        given.length === expected.length &&
        timingSafeEqual(given, expected);
      if (!ok) {
        rejected.push(req.url ?? "");
        res.writeHead(401).end("{}");
        return;
      }
      if (status >= 300) {
        res.writeHead(status, { "content-type": "application/json" }).end('{"error":{"message":"hub en mantención"}}');
        return;
      }
      const e = JSON.parse(body.toString("utf8")) as ReceivedEvent;
      if (!events.some((x) => x.id === e.id)) events.push(e);
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) =>
    server.listen(Number(process.env.TIMBRE_PRESTA_RECEIVER_PORT ?? 3511), "127.0.0.1", r),
  );
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    rejected,
    setStatus(s: number) {
      status = s;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
