import { createPublicKey, X509Certificate } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { DSIG_NS } from "./signing.js";
import { child, childElements, childText, parseXml } from "./xml-dom.js";

/**
 * Verifies an enveloped XMLDSig with xml-crypto (an implementation independent of our signer), using
 * the certificate in KeyInfo; the chain is not checked, as with `xmlsec1 --insecure` (the SII checks
 * that the signer is authorised, not a CA path).
 */

export interface SignatureResult {
  ok: boolean;
  /** Spanish, for the merchant. */
  message: string;
  /** Reference URI ("#T39F1", "#SetDoc", ""). */
  reference: string | undefined;
  signerSubject: string | undefined;
}

/**
 * The signature that is a child of the root element (the last one when there are several), which
 * must reference `expectedId` (or the whole document when expectedId is "").
 */
export function verifyEnvelopedSignature(xml: string, expectedId?: string): SignatureResult {
  let doc: Document;
  try {
    doc = parseXml(xml);
  } catch (e) {
    return {
      ok: false,
      message: `XML mal formado: ${(e as Error).message}`,
      reference: undefined,
      signerSubject: undefined,
    };
  }
  const signatures = childElements(doc.documentElement!, "Signature").filter((s) => s.namespaceURI === DSIG_NS);
  const node = signatures[signatures.length - 1];
  if (!node)
    return {
      ok: false,
      message: "No tiene firma electrónica (Signature).",
      reference: undefined,
      signerSubject: undefined,
    };
  const reference = child(child(node, "SignedInfo"), "Reference")?.getAttribute("URI") ?? undefined;
  const certText = childText(child(child(node, "KeyInfo"), "X509Data"), "X509Certificate");
  let signerSubject: string | undefined;
  let certificate: X509Certificate | undefined;
  try {
    certificate = certText ? new X509Certificate(Buffer.from(certText.replace(/\s+/g, ""), "base64")) : undefined;
    signerSubject = certificate?.subject.replace(/\n/g, ", ");
  } catch {
    return { ok: false, message: "El certificado de la firma no se puede leer.", reference, signerSubject };
  }
  if (!certificate)
    return { ok: false, message: "La firma no incluye el certificado (X509Certificate).", reference, signerSubject };
  if (expectedId !== undefined && reference !== (expectedId === "" ? "" : `#${expectedId}`)) {
    return {
      ok: false,
      message: `La firma no cubre el elemento esperado (referencia ${reference ?? "ninguna"}, se esperaba #${expectedId}).`,
      reference,
      signerSubject,
    };
  }
  const modulus = childText(child(child(child(node, "KeyInfo"), "KeyValue"), "RSAKeyValue"), "Modulus");
  if (modulus !== undefined) {
    const certModulus = createPublicKey(certificate.toString()).export({ format: "jwk" }).n;
    if (Buffer.from(modulus.replace(/\s+/g, ""), "base64").toString("base64url") !== certModulus) {
      return {
        ok: false,
        message: "La clave (KeyValue) de la firma no corresponde a su certificado.",
        reference,
        signerSubject,
      };
    }
  }
  const sig = new SignedXml({ getCertFromKeyInfo: SignedXml.getCertFromKeyInfo });
  try {
    sig.loadSignature(node);
    if (sig.checkSignature(xml))
      return { ok: true, message: `Firma válida (${signerSubject}).`, reference, signerSubject };
    const why = sig.getReferences().find((r) => r.validationError)?.validationError?.message ?? "";
    return {
      ok: false,
      message: /digest/i.test(why)
        ? "El contenido firmado fue modificado (el digest no coincide)."
        : `La firma no es válida: ${why || "referencia no verificada"}.`,
      reference,
      signerSubject,
    };
  } catch (e) {
    const why = (e as Error).message;
    return {
      ok: false,
      message: /signature value/i.test(why)
        ? "El valor de la firma (SignatureValue) no es válido."
        : `La firma no es válida: ${why}`,
      reference,
      signerSubject,
    };
  }
}
