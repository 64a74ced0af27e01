import { createHmac, randomUUID } from "node:crypto";

/**
 * A session token as App Bridge hands it to the embedded app: an HS256 JWT signed with the app
 * secret, `aud` = the app's API key, `dest` = the shop, `iss` = the shop's admin.
 */
export function signSessionToken(input: {
  apiKey: string;
  apiSecret: string;
  shop: string;
  userId?: string;
  sessionId?: string;
  now?: Date;
  ttlSeconds?: number;
}): string {
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const payload = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.userId ?? "42",
    exp: iat + (input.ttlSeconds ?? 60),
    nbf: iat - 1,
    iat,
    jti: randomUUID(),
    sid: input.sessionId ?? randomUUID(),
  };
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const body = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(payload)}`;
  return `${body}.${createHmac("sha256", input.apiSecret).update(body).digest("base64url")}`;
}

/** Verifies a session token the way Shopify's token endpoint does; returns its claims or null. */
export function verifySessionToken(
  token: string,
  apiSecret: string,
  apiKey: string,
  now = new Date(),
): Record<string, unknown> | null {
  const [h, p, s] = token.split(".");
  if (!h || !p || !s) return null;
  const expected = createHmac("sha256", apiSecret).update(`${h}.${p}`).digest("base64url");
  if (expected !== s) return null;
  const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
  const t = Math.floor(now.getTime() / 1000);
  if (
    claims.aud !== apiKey ||
    typeof claims.exp !== "number" ||
    claims.exp < t ||
    (typeof claims.nbf === "number" && claims.nbf > t + 5)
  )
    return null;
  return claims;
}
