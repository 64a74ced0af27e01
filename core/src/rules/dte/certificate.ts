import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { TimbreError } from "../../errors.js";
import { parseRut } from "../rut.js";

/** The company's signing certificate (the legal representative's or an authorised user's). */
export interface SigningCertificate {
  privateKey: KeyObject;
  certificatePem: string;
  /** DER, base64: the X509Certificate element. */
  certificateBase64: string;
  /** RSAKeyValue, base64. */
  modulus: string;
  exponent: string;
  subject: string;
  /** The holder's RUT: subject serialNumber, or the SII's otherName in subjectAltName (1.3.6.1.4.1.8321.1). */
  rut: string | undefined;
  validFrom: Date;
  validTo: Date;
  /** `<KeyInfo>` as every signature carries it; built once. */
  keyInfoXml: string;
}

export type CertificateSource = { pfx: Uint8Array; password: string } | { keyPem: string; certPem: string };

const CHILEAN_RUT_OID = "1.3.6.1.4.1.8321.1";

function certError(code: string, es: string, en: string, detail?: string): TimbreError {
  return new TimbreError(
    code,
    { es, en },
    { fields: [{ field: "certificate", message: es }], ...(detail ? { detail } : {}) },
  );
}

/** Base64 in lines of 64, as xmlsec and LibreDTE write it. */
export function wrap64(b64: string): string {
  return b64.replace(/(.{64})(?!$)/g, "$1\n");
}

function rutFromText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const r = parseRut(text.replace(/^RUT:?/i, ""));
    return `${r.body}-${r.dv}`;
  } catch {
    return undefined;
  }
}

function holderRut(cert: forge.pki.Certificate): string | undefined {
  const serial = cert.subject.getField({ type: "2.5.4.5" }) as { value?: string } | null;
  const fromSubject = rutFromText(serial?.value);
  if (fromSubject) return fromSubject;
  const san = cert.getExtension("subjectAltName") as { altNames?: Array<{ type: number; value: unknown }> } | undefined;
  for (const alt of san?.altNames ?? []) {
    // otherName: [0] { type-id OID, [0] EXPLICIT value }
    if (alt.type !== 0 || !Array.isArray(alt.value)) continue;
    const [oid, wrapped] = alt.value as forge.asn1.Asn1[];
    if (!oid || forge.asn1.derToOid(oid.value as string) !== CHILEAN_RUT_OID) continue;
    const inner = Array.isArray(wrapped?.value) ? (wrapped.value[0] as forge.asn1.Asn1 | undefined) : undefined;
    const rut = rutFromText(typeof inner?.value === "string" ? inner.value : undefined);
    if (rut) return rut;
  }
  return undefined;
}

/** The holder's RUT in a PEM certificate, if it carries one (subject serialNumber, or the SII's otherName). */
export function certificateRut(certPem: string): string | undefined {
  try {
    return holderRut(forge.pki.certificateFromPem(certPem));
  } catch {
    return undefined;
  }
}

function fromPem(keyPem: string, certPem: string): SigningCertificate {
  let privateKey: KeyObject;
  let x509: X509Certificate;
  try {
    privateKey = createPrivateKey(keyPem);
  } catch (e) {
    throw certError(
      "certificate.invalid_key",
      "La clave privada no es válida (se espera PEM).",
      "The private key is invalid (PEM expected).",
      (e as Error).message,
    );
  }
  try {
    x509 = new X509Certificate(certPem);
  } catch (e) {
    throw certError(
      "certificate.invalid",
      "El certificado no es válido (se espera PEM).",
      "The certificate is invalid (PEM expected).",
      (e as Error).message,
    );
  }
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw certError(
      "certificate.not_rsa",
      "El SII exige un certificado con clave RSA.",
      "The SII requires an RSA certificate.",
    );
  }
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  if (!x509.checkPrivateKey(privateKey)) {
    throw certError(
      "certificate.key_mismatch",
      "La clave privada no corresponde al certificado.",
      "The private key does not match the certificate.",
    );
  }
  const rut = certificateRut(x509.toString());
  const certificateBase64 = x509.raw.toString("base64");
  const modulus = Buffer.from(jwk.n!, "base64url").toString("base64");
  const exponent = Buffer.from(jwk.e!, "base64url").toString("base64");
  return {
    privateKey,
    certificatePem: x509.toString(),
    certificateBase64,
    modulus,
    exponent,
    subject: x509.subject,
    rut,
    validFrom: new Date(x509.validFrom),
    validTo: new Date(x509.validTo),
    keyInfoXml:
      `<KeyInfo><KeyValue><RSAKeyValue><Modulus>${wrap64(modulus)}</Modulus><Exponent>${exponent}</Exponent></RSAKeyValue></KeyValue>` +
      `<X509Data><X509Certificate>${wrap64(certificateBase64)}</X509Certificate></X509Data></KeyInfo>`,
  };
}

/**
 * Node cannot read PKCS#12 (and OpenSSL 3 refuses the legacy RC2 files Chilean CAs still issue), so
 * node-forge opens it once; signing then uses node:crypto.
 */
function fromPfx(pfx: Uint8Array, password: string): SigningCertificate {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pfx).toString("binary")));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (e) {
    const wrongPassword = /MAC could not be verified|Invalid password/i.test((e as Error).message);
    throw wrongPassword
      ? certError(
          "certificate.password",
          "La contraseña del certificado no es correcta.",
          "The certificate password is wrong.",
        )
      : certError(
          "certificate.invalid",
          "El archivo no es un certificado PFX/P12 válido.",
          "The file is not a valid PFX/P12 certificate.",
          (e as Error).message,
        );
  }
  const keys = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ].flatMap((b) => (b.key ? [b.key as forge.pki.rsa.PrivateKey] : []));
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) =>
    b.cert ? [b.cert] : [],
  );
  for (const key of keys) {
    const cert = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
    if (cert) return fromPem(forge.pki.privateKeyToPem(key), forge.pki.certificateToPem(cert));
  }
  throw certError(
    "certificate.incomplete",
    "El PFX no contiene una clave privada con su certificado.",
    "The PFX has no private key with its certificate.",
  );
}

export function loadCertificate(source: CertificateSource): SigningCertificate {
  return "pfx" in source ? fromPfx(source.pfx, source.password) : fromPem(source.keyPem, source.certPem);
}

/** A certificate outside its validity makes the SII reject the signature. */
export function assertCertificateValid(cert: SigningCertificate, at: Date): void {
  if (at < cert.validFrom || at > cert.validTo) {
    const until = cert.validTo.toISOString().slice(0, 10);
    throw certError(
      "certificate.expired",
      at > cert.validTo
        ? `El certificado venció el ${until}.`
        : `El certificado aún no es válido (desde ${cert.validFrom.toISOString().slice(0, 10)}).`,
      at > cert.validTo
        ? `The certificate expired on ${until}.`
        : `The certificate is not valid yet (from ${cert.validFrom.toISOString().slice(0, 10)}).`,
    );
  }
}
