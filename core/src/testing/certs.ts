import { generateKeyPairSync, sign } from "node:crypto";
import forge from "node-forge";
import { flattenElement } from "../rules/dte/caf.js";
import { parseXml } from "../rules/dte/xml-dom.js";

/**
 * Test material: self-signed certificates and CAFs from a fake "CAF authority". Nothing made here is
 * valid at the SII (the CAF's FRMA is signed by a throw-away key, and it says so in a comment and in
 * its RS when no name is given). Used by tests, the demo and the SII emulator.
 */

export interface TestCertificate {
  keyPem: string;
  certPem: string;
  pfx: Buffer;
  password: string;
}

export interface TestCertificateOptions {
  /** Goes into the subject serialNumber, as Chilean certificates carry the holder's RUT. */
  rut?: string;
  name?: string;
  password?: string;
  validFrom?: Date;
  validTo?: Date;
}

export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "01" + forge.util.bytesToHex(forge.random.getBytesSync(8));
  const from = options.validFrom ?? new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notBefore = from;
  cert.validity.notAfter = options.validTo ?? new Date(from.getTime() + 3 * 365 * 24 * 3600 * 1000);
  const subject: forge.pki.CertificateField[] = [
    { shortName: "C", value: "CL" },
    { shortName: "O", value: "TIMBRE PRUEBAS (NO VALIDO EN EL SII)" },
    { shortName: "CN", value: options.name ?? "FIRMANTE DE PRUEBA" },
  ];
  if (options.rut) subject.push({ type: "2.5.4.5", value: options.rut });
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const password = options.password ?? "test";
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: "3des" });
  return {
    keyPem,
    certPem: forge.pki.certificateToPem(cert),
    pfx: Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary"),
    password,
  };
}

/** Stands in for the SII's CAF-signing key. Pass `publicKeyPem` as `siiKeys[100]` to check FRMA. */
export interface CafAuthority {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function createCafAuthority(): CafAuthority {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export interface TestCafOptions {
  rut: string;
  /** RS, at most 40 characters. */
  name?: string;
  type: number;
  from: number;
  to: number;
  /** FA, YYYY-MM-DD. */
  authorizedOn: string;
  /** 100 certification (default), 300 production. */
  idk?: number;
  authority: CafAuthority;
}

export interface TestCaf {
  /** The AUTORIZACION file, as the SII's (with a comment saying it is not one). */
  xml: string;
  privateKeyPem: string;
}

function xmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A CAF shaped like the SII's: RSA-512 folio key with exponent 3, FRMA over DA flattened. */
export function createTestCaf(o: TestCafOptions): TestCaf {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 512, publicExponent: 3 });
  const jwk = publicKey.export({ format: "jwk" });
  const m = Buffer.from(jwk.n!, "base64url").toString("base64");
  const e = Buffer.from(jwk.e!, "base64url").toString("base64");
  const da =
    `<DA>\n<RE>${o.rut}</RE>\n<RS>${xmlText((o.name ?? "CAF DE PRUEBA NO VALIDO EN SII").slice(0, 40))}</RS>\n<TD>${o.type}</TD>\n` +
    `<RNG><D>${o.from}</D><H>${o.to}</H></RNG>\n<FA>${o.authorizedOn}</FA>\n<RSAPK><M>${m}</M><E>${e}</E></RSAPK>\n<IDK>${o.idk ?? 100}</IDK>\n</DA>`;
  const daFlat = flattenElement(parseXml(da).documentElement!);
  const frma = sign("sha1", Buffer.from(daFlat, "latin1"), o.authority.privateKeyPem).toString("base64");
  const privateKeyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const xml =
    `<?xml version="1.0" encoding="ISO-8859-1"?>\n<AUTORIZACION>\n` +
    `<!-- CAF DE PRUEBA generado por Timbre: firmado por una autoridad falsa, NO es valido en el SII. -->\n` +
    `<CAF version="1.0">\n${da}\n<FRMA algoritmo="SHA1withRSA">${frma}</FRMA>\n</CAF>\n` +
    `<RSASK>${privateKeyPem}</RSASK>\n<RSAPUBK>${publicKeyPem}</RSAPUBK>\n</AUTORIZACION>\n`;
  return { xml, privateKeyPem };
}
