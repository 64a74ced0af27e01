import { createHmac } from "node:crypto";

export type SignedBody = string | Uint8Array;

/** What the signature covers: `<timestamp>\n<METHOD>\n<path and query>\n<raw body>`. */
export function signingInput(timestamp: string, method: string, target: string, body: SignedBody): Buffer {
  const head = Buffer.from(`${timestamp}\n${method.toUpperCase()}\n${target}\n`, "utf8");
  return Buffer.concat([head, typeof body === "string" ? Buffer.from(body, "utf8") : body]);
}

/** `X-Timbre-Signature` for a request: base64(HMAC-SHA256(store secret, signingInput)). */
export function signRequest(
  secret: string,
  request: { method: string; target: string; body: SignedBody; timestamp?: number },
): { "x-timbre-timestamp": string; "x-timbre-signature": string } {
  const timestamp = String(request.timestamp ?? Math.floor(Date.now() / 1000));
  const mac = createHmac("sha256", secret)
    .update(signingInput(timestamp, request.method, request.target, request.body))
    .digest("base64");
  return { "x-timbre-timestamp": timestamp, "x-timbre-signature": mac };
}

/** The deprecated form: base64(HMAC-SHA256(secret, raw body)). */
export function signBody(secret: string, rawBody: SignedBody): string {
  return createHmac("sha256", secret)
    .update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody)
    .digest("base64");
}
