/**
 * GetTokenFromSeed / boleta.electronica.token: the signed `<getToken><item><Semilla>` must carry a
 * valid enveloped signature over a seed the emulator handed out and nobody used yet. Any certificate
 * may sign, as in the SII's certification environment. ESTADO codes 01–06 follow the SII's
 * "Autenticación Automática" manual; 07 (unknown or used seed) is the emulator's.
 */
import { childElements, descendant, localName, parseXml, textOf } from "../../hub/sii/xml-text.js";
import { verifyEnvelopedSignature } from "../../rules/dte/xmldsig-verify.js";

export type TokenRequestCheck = { ok: true } | { ok: false; estado: string; glosa: string };

export function checkTokenRequest(xml: string, takeSeed: (seed: string) => boolean): TokenRequestCheck {
  let doc: Document;
  try {
    doc = parseXml(xml.trim());
  } catch {
    return { ok: false, estado: "02", glosa: "Error: XML Invalido (SAXException)" };
  }
  const root = doc.documentElement;
  if (!root || localName(root) !== "getToken")
    return { ok: false, estado: "06", glosa: "Error: XML Invalido, elemento Semilla no existe" };
  const seed = textOf(descendant(root, "Semilla"));
  if (!seed) return { ok: false, estado: "06", glosa: "Error: XML Invalido, elemento Semilla no existe" };
  if (!childElements(root).some((c) => localName(c) === "Signature")) {
    return { ok: false, estado: "04", glosa: "Error: XML Invalido, elemento Signature no existe" };
  }
  if (!verifyEnvelopedSignature(xml.trim(), "").ok)
    return { ok: false, estado: "05", glosa: "Error: XML Invalido, Firma Invalida" };
  if (!takeSeed(seed)) return { ok: false, estado: "07", glosa: "Error: Semilla no existe, vencida o ya utilizada" };
  return { ok: true };
}
