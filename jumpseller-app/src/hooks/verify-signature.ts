import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Jumpseller-Hmac-Sha256 = base64(HMAC-SHA256(raw body, the store's hooks token)) (platforms.md §3.5).
 * Compared in constant time on the decoded bytes; hex digests (a common third-party mistake) fail.
 */
export function signHookBody(rawBody: string | Buffer, hooksToken: string): string {
  return createHmac("sha256", hooksToken).update(rawBody).digest("base64");
}

export function verifyHookSignature(rawBody: string | Buffer, hooksToken: string, header: string | null): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", hooksToken).update(rawBody).digest();
  const given = Buffer.from(header.trim(), "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
