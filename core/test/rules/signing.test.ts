import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { C14nCanonicalization, findAncestorNs } from "xml-crypto";
import { TimbreError } from "../../src/errors.js";
import { canonicalize, canonicalizeById, findElement, rootElement } from "../../src/rules/dte/c14n.js";
import { buildDte } from "../../src/rules/dte/builder.js";
import { assertCertificateValid, certificateRut, loadCertificate } from "../../src/rules/dte/certificate.js";
import { buildEnvelope } from "../../src/rules/dte/envelope.js";
import { decodeXml, latin1Bytes } from "../../src/rules/dte/latin1.js";
import { signDte, signXml } from "../../src/rules/dte/signing.js";
import { parseXml } from "../../src/rules/dte/xml-dom.js";
import { verifyEnvelopedSignature } from "../../src/rules/dte/xmldsig-verify.js";
import { createTestCertificate } from "../../src/testing/certs.js";
import { fixture, ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

function findNode(el: Element, match: (e: Element) => boolean): Element | undefined {
  if (match(el)) return el;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    const found = n.nodeType === 1 ? findNode(n as Element, match) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** xml-crypto's canonical form of the element `xpath` selects (`match` finds the same node in the DOM). */
function xmlCryptoC14n(xml: string, xpath: string, match: (e: Element) => boolean): string {
  const doc = parseXml(xml);
  const node = findNode(doc.documentElement!, match)!;
  return new C14nCanonicalization().process(node, { ancestorNamespaces: findAncestorNs(doc, xpath) }) as string;
}

const byId = (id: string) => (e: Element) => e.getAttribute("ID") === id;
const isRoot = () => true;

const samples = [
  "DTE--60910000-1--33--2336600.xml",
  "DTE--76354771-K--33--170.xml",
  "DTE--96670340-7--61--110616.xml",
  "F60T33-ejemplo-oficial-SII.xml",
  "EnvioBOLETA-T39-F1-signed.xml",
  "EnvioDTE-T33-F1-signed.xml",
];

describe("our canonicalization agrees with xml-crypto's", () => {
  it.each(samples)("on %s (Documento, SetDTE, root)", (name) => {
    const xml = decodeXml(fixture(name));
    const id = /<Documento ID="([^"]+)"/.exec(xml)![1]!;
    expect(canonicalizeById(xml, id)).toBe(xmlCryptoC14n(xml, `//*[@ID='${id}']`, byId(id)));
    if (xml.includes('ID="SetDoc"'))
      expect(canonicalizeById(xml, "SetDoc")).toBe(xmlCryptoC14n(xml, "//*[@ID='SetDoc']", byId("SetDoc")));
    expect(canonicalize(xml, rootElement(xml).at).canonical).toBe(xmlCryptoC14n(xml, "/*", isRoot));
  });

  it("on namespaces, attribute order, entities, CDATA, comments and line ends", () => {
    const xml =
      '<?xml version="1.0"?>\r\n<!-- c --><r xmlns="urn:a" xmlns:p="urn:p" xmlns:z="urn:z" b="2" a="1"><p:x z:k="v" p:j="w" i="&#x9;&quot;&lt;&#10;"/>' +
      '<s xmlns="" xmlns:p="urn:p"><t xmlns="urn:a">a &amp; b &gt; c &quot;d&quot; &apos;e&apos; &#233;\r\nf</t><![CDATA[<x> & ]]><!-- gone --></s>' +
      '<u ID="id1" xmlns:q="urn:q"><q:v q:w="1"/>text\r</u></r>';
    expect(canonicalize(xml, rootElement(xml).at).canonical).toBe(xmlCryptoC14n(xml, "/*", isRoot));
    expect(canonicalizeById(xml, "id1")).toBe(xmlCryptoC14n(xml, "//*[@ID='id1']", byId("id1")));
    const s = findElement(xml, (name) => name === "s")!;
    expect(canonicalize(xml, s).canonical).toBe(
      xmlCryptoC14n(xml, "//*[local-name()='s']", (e) => e.localName === "s"),
    );
  });
});

describe("certificates", () => {
  const made = createTestCertificate({ rut: "11.111.111-1", password: "clave" });

  it("reads a PFX once with node-forge and the holder's RUT from the subject serialNumber", () => {
    const cert = loadCertificate({ pfx: made.pfx, password: "clave" });
    expect(cert.rut).toBe("11111111-1");
    expect(cert.subject).toContain("CN=FIRMANTE DE PRUEBA");
    expect(cert.keyInfoXml.indexOf("<KeyValue>")).toBeLessThan(cert.keyInfoXml.indexOf("<X509Data>"));
    const pem = loadCertificate({ keyPem: made.keyPem, certPem: made.certPem });
    expect(pem.certificateBase64).toBe(cert.certificateBase64);
    expect(pem.modulus).toBe(cert.modulus);
  });

  it("says when the password is wrong or the key is not the certificate's", () => {
    expect(() => loadCertificate({ pfx: made.pfx, password: "otra" })).toThrow(
      expect.objectContaining({ code: "certificate.password" }),
    );
    const other = createTestCertificate();
    expect(() => loadCertificate({ keyPem: other.keyPem, certPem: made.certPem })).toThrow(
      expect.objectContaining({ code: "certificate.key_mismatch" }),
    );
    expect(() => loadCertificate({ pfx: Buffer.from("nope"), password: "x" })).toThrow(TimbreError);
  });

  it("finds the holder's RUT of a real Chilean certificate in its subjectAltName (otherName 1.3.6.1.4.1.8321.1)", () => {
    const b64 = /<X509Certificate>([^<]+)<\/X509Certificate>/
      .exec(fixture("DTE--96670340-7--61--110616.xml").toString("latin1"))![1]!
      .replace(/\s+/g, "");
    expect(
      certificateRut(`-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`),
    ).toBe("23099536-2");
  });

  it("has no RUT when the subject carries none, and refuses to sign outside its validity", () => {
    const anon = createTestCertificate({ validFrom: new Date("2020-01-01"), validTo: new Date("2021-01-01") });
    const cert = loadCertificate({ keyPem: anon.keyPem, certPem: anon.certPem });
    expect(cert.rut).toBeUndefined();
    expect(() => assertCertificateValid(cert, new Date("2026-11-20"))).toThrow(/expired on 2021-01-01/);
  });
});

describe("XMLDSig", () => {
  const k = keys();
  const signed = signDte(buildDte(requestFor(39), k.caf(39), { folio: 1, timestamp: TIMESTAMP }).xml, k.signing);

  it("signs the Documento with the SII profile, Signature right after it", () => {
    expect(signed).toMatch(
      /<\/Documento><Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http:\/\/www.w3.org\/TR\/2001\/REC-xml-c14n-20010315"\/>/,
    );
    expect(signed).toContain(
      '<SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/><Reference URI="#T39F1">',
    );
    expect(signed).toContain('<DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>');
    expect(signed.endsWith("</KeyInfo></Signature></DTE>")).toBe(true);
    expect(verifyEnvelopedSignature(signed, "T39F1")).toMatchObject({ ok: true, reference: "#T39F1" });
  });

  it("is deterministic: the same document signs the same", () => {
    expect(signDte(buildDte(requestFor(39), k.caf(39), { folio: 1, timestamp: TIMESTAMP }).xml, k.signing)).toBe(
      signed,
    );
  });

  it("catches any change to the signed content or the signature", () => {
    expect(
      verifyEnvelopedSignature(signed.replace("<QtyItem>2</QtyItem>", "<QtyItem>3</QtyItem>"), "T39F1").message,
    ).toMatch(/modificado/);
    const value = /<SignatureValue>([^<]{10})/.exec(signed)![1]!;
    expect(verifyEnvelopedSignature(signed.replace(value, value.split("").reverse().join("")), "T39F1").ok).toBe(false);
    expect(verifyEnvelopedSignature(signed, "T39F2").message).toMatch(/no cubre/);
  });

  it('signs a whole document with Reference URI="" (the SII getToken request)', () => {
    const seed = signXml(
      '<?xml version="1.0"?>\n<getToken><item><Semilla>012345678901</Semilla></item></getToken>',
      k.signing,
    );
    expect(seed).toContain(
      '<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms>',
    );
    expect(seed).toMatch(/<\/item><Signature /);
    expect(verifyEnvelopedSignature(seed, "").ok).toBe(true);
    expect(verifyEnvelopedSignature(seed.replace("012345678901", "012345678902"), "").ok).toBe(false);
  });

  const xmlsec = spawnSync("xmlsec1", ["--version"]).status === 0;
  const dir = mkdtempSync(join(tmpdir(), "timbre-xmlsec-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!xmlsec)("verifies with Debian xmlsec1 (DTE and envelope)", () => {
    const envelope = buildEnvelope(
      "EnvioBOLETA",
      [signed],
      { issuerRut: ISSUER.rut, senderRut: "11111111-1", resolution: ISSUER.resolution, timestamp: TIMESTAMP },
      k.signing,
    );
    writeFileSync(join(dir, "dte.xml"), latin1Bytes(signed));
    writeFileSync(join(dir, "envio.xml"), latin1Bytes(envelope));
    const run = (args: string[]) => execFileSync("xmlsec1", ["--verify", "--insecure", ...args], { stdio: "pipe" });
    expect(() => run(["--id-attr:ID", "Documento", join(dir, "dte.xml")])).not.toThrow();
    expect(() =>
      run([
        "--id-attr:ID",
        "SetDTE",
        "--id-attr:ID",
        "Documento",
        "--node-xpath",
        "/*/*[local-name()='Signature']",
        join(dir, "envio.xml"),
      ]),
    ).not.toThrow();
    writeFileSync(
      join(dir, "bad.xml"),
      latin1Bytes(envelope.replace("<NroResol>0</NroResol>", "<NroResol>1</NroResol>")),
    );
    expect(() =>
      run([
        "--id-attr:ID",
        "SetDTE",
        "--id-attr:ID",
        "Documento",
        "--node-xpath",
        "/*/*[local-name()='Signature']",
        join(dir, "bad.xml"),
      ]),
    ).toThrow();
  });
});
