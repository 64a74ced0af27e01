import type { Encryptor } from "@timbre/core/hub";

/**
 * The one place Shopify tokens cross the Session table's boundary: sealed (AES-256-GCM, bound to
 * the column's purpose) on every write, opened on every read. A row written before tokens were
 * sealed still holds the plain token; it is read as is and sealed by the next write, so existing
 * installs keep working without a migration.
 */
export const ACCESS_TOKEN = "shopify.access_token";
export const REFRESH_TOKEN = "shopify.refresh_token";
export type TokenPurpose = typeof ACCESS_TOKEN | typeof REFRESH_TOKEN;

/** The Encryptor's format (`v1.<iv>.<tag>.<ciphertext>`); Shopify tokens (shpat_/shprt_…) never match it. */
const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export const isSealedToken = (stored: string): boolean => SEALED.test(stored);

export function sealToken(encryptor: Encryptor, token: string, purpose: TokenPurpose): string;
export function sealToken(encryptor: Encryptor, token: string | null | undefined, purpose: TokenPurpose): string | null;
export function sealToken(encryptor: Encryptor, token: string | null | undefined, purpose: TokenPurpose) {
  if (token == null || token === "") return token ?? null;
  // Sealing twice would hand Shopify a ciphertext as its token.
  return isSealedToken(token) ? token : encryptor.encrypt(token, purpose);
}

export function openToken(encryptor: Encryptor, stored: string, purpose: TokenPurpose): string;
export function openToken(
  encryptor: Encryptor,
  stored: string | null | undefined,
  purpose: TokenPurpose,
): string | null;
export function openToken(encryptor: Encryptor, stored: string | null | undefined, purpose: TokenPurpose) {
  if (stored == null || stored === "") return stored ?? null;
  return isSealedToken(stored) ? encryptor.decryptText(stored, purpose) : stored;
}

/** Both token columns of a Session row, opened. */
export function openSessionRow<T extends { accessToken: string; refreshToken: string | null }>(
  encryptor: Encryptor,
  row: T,
): T {
  return {
    ...row,
    accessToken: openToken(encryptor, row.accessToken, ACCESS_TOKEN),
    refreshToken: openToken(encryptor, row.refreshToken, REFRESH_TOKEN),
  };
}
