import { createHash, randomBytes } from "node:crypto";
export { constantTimeEqual } from "../platforms/hmac.js";

/** API keys are shown once and stored only as a SHA-256 hash; the prefix identifies them in lists. */
export function newApiKey(): { apiKey: string; hash: string; prefix: string } {
  const apiKey = `tmb_${randomBytes(24).toString("base64url")}`;
  return { apiKey, hash: hashApiKey(apiKey), prefix: apiKey.slice(0, 10) };
}

export function hashApiKey(apiKey: string): string {
  return createHash("sha256").update(apiKey, "utf8").digest("hex");
}

/** The store secret signs writes (X-Timbre-Signature), so it is kept encrypted, not hashed. */
export function newStoreSecret(): string {
  return randomBytes(32).toString("base64url");
}
