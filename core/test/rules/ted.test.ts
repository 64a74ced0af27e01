import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildDte } from "../../src/rules/dte/builder.js";
import { parseCaf } from "../../src/rules/dte/caf.js";
import { buildDd, buildTed, extractTed, flattenXml, verifyTed } from "../../src/rules/dte/ted.js";
import { fixture, fixtureText, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

const vector = JSON.parse(fixture("ted-ejemplo-sii-F27T33.json").toString("utf8")) as {
  dd: string;
  frmt_base64: string;
  ted_xml: string;
};
const siiCaf = parseCaf(fixture("CAF-SII-ejemplo-T33-97975000-5-F1-200.xml"));
const example = {
  issuerRut: "97975000-5",
  type: 33,
  folio: 27,
  issueDate: "2003-09-08",
  receiverRut: "8414240-9",
  receiverName: "JORGE GONZALEZ LTDA",
  total: 502946,
  firstItem: "Cajon AFECTO",
  timestamp: "2003-09-08T12:28:31",
};

describe("TED", () => {
  it("reproduces SII's published example byte for byte (DD, FRMT and TED)", () => {
    expect(buildDd(example, siiCaf)).toBe(vector.dd);
    const ted = buildTed(example, siiCaf);
    expect(ted.frmt).toBe(vector.frmt_base64);
    expect(ted.ted).toBe(vector.ted_xml);
  });

  it("signs the ISO-8859-1 bytes, with quotes escaped as entities", () => {
    const { dd, frmt } = buildTed({ ...example, receiverName: `O'Higgins "Ñuñoa" & Cía` }, siiCaf);
    expect(dd).toContain("<RSR>O&apos;Higgins &quot;Ñuñoa&quot; &amp; Cía</RSR>");
    const pub = createPublicKey({
      key: { kty: "RSA", n: Buffer.from(siiCaf.modulus, "base64").toString("base64url"), e: "Aw" },
      format: "jwk",
    });
    expect(verify("sha1", Buffer.from(dd, "latin1"), pub, Buffer.from(frmt, "base64"))).toBe(true);
    expect(verify("sha1", Buffer.from(dd, "utf8"), pub, Buffer.from(frmt, "base64"))).toBe(false);
  });

  it("cuts RSR and IT1 to 40 characters", () => {
    const dd = buildDd({ ...example, receiverName: "R".repeat(60), firstItem: "ñ".repeat(50) }, siiCaf);
    expect(dd).toContain(`<RSR>${"R".repeat(40)}</RSR>`);
    expect(dd).toContain(`<IT1>${"ñ".repeat(40)}</IT1>`);
  });

  it("verifies the TED of SII's example, of real DTEs (flattened) and of the synthetic ones", () => {
    for (const name of [
      "F60T33-ejemplo-oficial-SII.xml",
      "DTE--60910000-1--33--2336600.xml",
      "DTE--76354771-K--33--170.xml",
      "DTE--96670340-7--61--110616.xml",
      "EnvioBOLETA-T39-F1-signed.xml",
    ]) {
      const ted = extractTed(fixtureText(name))!;
      expect(ted.dd).not.toMatch(/>\s+</);
      const caf = parseCaf(/<CAF[\s>][\s\S]*<\/CAF>/.exec(ted.dd)![0]);
      expect(verifyTed(ted, caf.publicKey), name).toBe(true);
    }
  });

  it("a DD with whitespace (the CAF pasted as in its file) is not what was signed", () => {
    const ted = extractTed(vector.ted_xml)!;
    const pretty = { ...ted, dd: ted.dd.replace('<CAF version="1.0">', '<CAF version="1.0">\n') };
    expect(verifyTed(ted, siiCaf.publicKey)).toBe(true);
    expect(verifyTed(pretty, siiCaf.publicKey)).toBe(false);
    expect(flattenXml("<a>\n  <b>x y</b>\n</a>")).toBe("<a><b>x y</b></a>");
  });

  it("never breaks with characters outside Latin-1: they are gone before stamping", () => {
    const k = keys();
    const req = requestFor(39);
    const built = buildDte(
      { ...req, lines: [{ name: "Polera “Chile” 🇨🇱 – talla M…", quantity: 1, unitPrice: 9990 }] },
      k.caf(39),
      { folio: 3, timestamp: TIMESTAMP },
    );
    const ted = extractTed(built.xml)!;
    expect(ted.dd).toContain("<IT1>Polera &quot;Chile&quot; - talla M...</IT1>");
    expect(verifyTed(ted, k.caf(39).publicKey)).toBe(true);
    expect(built.warnings.map((w) => w.field)).toEqual(["lines.0.name"]);
  });
});
