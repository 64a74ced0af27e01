import type { Encryptor } from "../secrets/encryptor.js";

/**
 * A short-lived pass to the sync API as one store, for admin pages the hub serves itself (Mercado
 * Libre has no admin of its own to host a proxy holding the store's key and secret). Minted by the
 * hub for a merchant it has authenticated, sent as `X-Timbre-Store-Session`; a header, never a
 * cookie, so another site cannot make a browser send it. Format `<storeId>.<expires s>.<mac>`.
 */
export const STORE_SESSION_HEADER = "x-timbre-store-session";
const PURPOSE = "store.session";
export const STORE_SESSION_TTL_MS = 60 * 60_000;

export function mintStoreSession(
  encryptor: Encryptor,
  storeId: string,
  now = Date.now(),
  ttlMs = STORE_SESSION_TTL_MS,
): string {
  const value = `${storeId}.${Math.floor((now + ttlMs) / 1000)}`;
  return `${value}.${encryptor.mac(value, PURPOSE)}`;
}

/** The store a session is for, if the hub made it and it has not expired. */
export function storeOfSession(encryptor: Encryptor, token: string, now = Date.now()): string | undefined {
  const parts = token.trim().split(".");
  if (parts.length !== 3) return undefined;
  const [storeId, expires, tag] = parts as [string, string, string];
  if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 <= now) return undefined;
  return encryptor.verifyMac(`${storeId}.${expires}`, PURPOSE, tag) ? storeId : undefined;
}
