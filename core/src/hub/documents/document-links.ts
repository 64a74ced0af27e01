import type { Encryptor } from "../secrets/encryptor.js";

const PURPOSE = "document.link";

/**
 * How long a link written to a store order or a buyer's e-mail opens its document. Long, because a
 * buyer may need a boleta or factura for a warranty or an accountant a year later; finite, so a
 * leaked link does not open the document forever. After it, the store (with its API key) or the
 * merchant's admin still opens the document, and a write-back issues a fresh link.
 */
export const DOCUMENT_LINK_TTL_DAYS = 730;
/** Links signed before links carried their expiry (`?t=<mac>`) stop working at this instant. */
export const UNDATED_LINKS_UNTIL = new Date("2027-06-30T23:59:59Z");

/**
 * Links to a document's PDF and XML that open without a login: what goes on a Shopify order, a
 * Jumpseller admin page or a buyer's screen. The token is `<expiry>.<MAC of id and expiry>`, so a
 * link cannot be guessed, moved to another document, or extended.
 */
export function documentLinks(
  encryptor: Encryptor,
  baseUrl: string,
  documentId: string,
  now: number = Date.now(),
): { pdfUrl: string; xmlUrl: string; expiresAt: string } {
  const base = `${baseUrl.replace(/\/+$/, "")}/api/v1/documents/${documentId}`;
  const expires = Math.floor(now / 1000) + DOCUMENT_LINK_TTL_DAYS * 86_400;
  const t = `${expires}.${encryptor.mac(`${documentId}.${expires}`, PURPOSE)}`;
  return {
    pdfUrl: `${base}.pdf?t=${t}`,
    xmlUrl: `${base}.xml?t=${t}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

export function documentLinkValid(
  encryptor: Encryptor,
  documentId: string,
  token: string,
  now: number = Date.now(),
): boolean {
  const dot = token.indexOf(".");
  if (dot < 0) return now <= UNDATED_LINKS_UNTIL.getTime() && encryptor.verifyMac(documentId, PURPOSE, token);
  const expires = token.slice(0, dot);
  if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return false;
  return encryptor.verifyMac(`${documentId}.${expires}`, PURPOSE, token.slice(dot + 1));
}
