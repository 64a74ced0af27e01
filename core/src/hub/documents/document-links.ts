import type { Encryptor } from "../secrets/encryptor.js";

const PURPOSE = "document.link";

/**
 * Links to a document's PDF and XML that open without a login: what goes on a Shopify order, a
 * Jumpseller admin page or a buyer's screen. The token is a MAC of the document id, so a link
 * cannot be guessed or moved to another document; stores can also fetch with their API key.
 */
export function documentLinks(
  encryptor: Encryptor,
  baseUrl: string,
  documentId: string,
): { pdfUrl: string; xmlUrl: string } {
  const base = `${baseUrl.replace(/\/+$/, "")}/api/v1/documents/${documentId}`;
  const t = encryptor.mac(documentId, PURPOSE);
  return { pdfUrl: `${base}.pdf?t=${t}`, xmlUrl: `${base}.xml?t=${t}` };
}

export function documentLinkValid(encryptor: Encryptor, documentId: string, token: string): boolean {
  return encryptor.verifyMac(documentId, PURPOSE, token);
}
