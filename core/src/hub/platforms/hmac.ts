import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The one HMAC-SHA256 check of the hub: platform webhooks (Shopify's X-Shopify-Hmac-Sha256,
 * Jumpseller's Jumpseller-Hmac-Sha256, WooCommerce's X-WC-Webhook-Signature…) and the sync API's
 * store signatures all go through it. Signatures are over the raw body bytes; the comparison is on
 * the decoded digest, in constant time, and a header that does not decode to a digest of the right
 * length fails before comparing.
 */
export type DigestEncoding = "base64" | "hex";

export function hmacSha256(secret: string | Buffer, data: string | Buffer): Buffer {
  return createHmac("sha256", secret).update(data).digest();
}

export function signHmac(secret: string | Buffer, data: string | Buffer, encoding: DigestEncoding = "base64"): string {
  return hmacSha256(secret, data).toString(encoding);
}

function decode(given: string, encoding: DigestEncoding): Buffer | undefined {
  const t = given.trim();
  if (encoding === "hex") return /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : undefined;
  // Node's base64 decoder skips junk silently: accept only what is base64 (or base64url) throughout.
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, "base64") : undefined;
}

/** True when `given` is the HMAC-SHA256 of `data` under `secret`, in `encoding`. */
export function verifyHmac(
  secret: string | Buffer,
  data: string | Buffer,
  given: string | null | undefined,
  encoding: DigestEncoding = "base64",
): boolean {
  if (!given) return false;
  const g = decode(given, encoding);
  const expected = hmacSha256(secret, data);
  return g !== undefined && g.length === expected.length && timingSafeEqual(g, expected);
}

/** Constant-time equality of two strings (API keys, tokens); false when lengths differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An event id for platforms that send none: the same topic and body are the same event. */
export function eventIdFromBody(topic: string, rawBody: Buffer | string): string {
  return createHash("sha256").update(topic).update(rawBody).digest("hex");
}
