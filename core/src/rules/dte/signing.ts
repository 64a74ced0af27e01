import { createHash, sign } from "node:crypto";
import { canonicalize, canonicalizeById, rootElement } from "./c14n.js";
import { wrap64, type SigningCertificate } from "./certificate.js";

/**
 * XMLDSig as the SII wants it (sii.md §7): inclusive C14N 20010315, RSA-SHA1, SHA-1, the Signature
 * appended as the last child of the root (so right after Documento or SetDTE), KeyInfo with KeyValue
 * then X509Data.
 */

export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

export interface SignOptions {
  /**
   * ID of the element to sign (Reference URI="#ID"). Omitted or "": the whole document
   * (Reference URI="" with the enveloped-signature transform), as the SII's getToken request.
   */
  referenceUri?: string;
}

/** Signs `xml` (a whole document, declaration optional) and returns it with the Signature inserted. */
export function signXml(xml: string, cert: SigningCertificate, options: SignOptions = {}): string {
  const id = (options.referenceUri ?? "").replace(/^#/, "");
  const root = rootElement(xml);
  if (root.closeTagAt < 0) throw new Error("cannot sign an empty root element");
  const canonical = id ? canonicalizeById(xml, id) : canonicalize(xml, root.at).canonical;
  const digest = createHash("sha1").update(canonical, "utf8").digest("base64");
  const signedInfo =
    `<SignedInfo><CanonicalizationMethod Algorithm="${C14N}"/><SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>` +
    `<Reference URI="${id ? `#${id}` : ""}"><Transforms><Transform Algorithm="${id ? C14N : ENVELOPED}"/></Transforms>` +
    `<DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><DigestValue>${digest}</DigestValue></Reference></SignedInfo>`;
  // SignedInfo is canonicalized where it will live: inside Signature, under the root's namespaces.
  const signedInfoScope = new Map(root.scope).set("", DSIG_NS);
  const signedInfoCanonical = canonicalize(signedInfo, { start: 0, inherited: signedInfoScope }).canonical;
  const value = sign("sha1", Buffer.from(signedInfoCanonical, "utf8"), cert.privateKey).toString("base64");
  const signature = `<Signature xmlns="${DSIG_NS}">${signedInfo}<SignatureValue>${wrap64(value)}</SignatureValue>${cert.keyInfoXml}</Signature>`;
  return xml.slice(0, root.closeTagAt) + signature + xml.slice(root.closeTagAt);
}

/** Signs a DTE built by `buildDte` (standalone, `<DTE xmlns="http://www.sii.cl/SiiDte">`, sii.md §7). */
export function signDte(dteXml: string, cert: SigningCertificate): string {
  const id = /<Documento\s+ID="([^"]+)"/.exec(dteXml)?.[1];
  if (!id) throw new Error("not a DTE: no <Documento ID=…>");
  return signXml(dteXml, cert, { referenceUri: id });
}
