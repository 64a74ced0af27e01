import { describe, expect, it } from "vitest";
import { parseCaf } from "../../src/rules/dte/caf.js";
import { issueDte } from "../../src/rules/dte/issue.js";
import { latin1Bytes } from "../../src/rules/dte/latin1.js";
import { signXml } from "../../src/rules/dte/signing.js";
import { buildTed } from "../../src/rules/dte/ted.js";
import { verifyDocument, type VerificationReport } from "../../src/rules/dte/verify.js";
import { loadSiiSchemas } from "../../src/sii-schemas.js";
import { fixture, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

const schemas = loadSiiSchemas();
const failed = (r: VerificationReport) => r.failures.map((f) => f.check);
const verify = (xml: string | Buffer, caf = keys().caf(39)) =>
  verifyDocument(typeof xml === "string" ? latin1Bytes(xml) : xml, { schemas, caf });

describe("verifying SII documents", () => {
  it.each(["DTE-T39-F1-standalone-signed.xml", "EnvioBOLETA-T39-F1-signed.xml", "EnvioDTE-T33-F1-signed.xml"])(
    "the synthetic %s verifies entirely",
    async (name) => {
      const r = await verifyDocument(fixture(name), { schemas });
      expect(r.failures).toEqual([]);
      expect(r.ok).toBe(true);
    },
  );

  it("the synthetic boleta was stamped with the synthetic CAF", async () => {
    const r = await verifyDocument(fixture("EnvioBOLETA-T39-F1-signed.xml"), {
      schemas,
      caf: parseCaf(fixture("CAF-TEST-T39-97975000-5-F1-100.xml")),
    });
    expect(r.checks.find((c) => c.check === "T39F1.caf")?.ok).toBe(true);
    const other = await verifyDocument(fixture("EnvioBOLETA-T39-F1-signed.xml"), { schemas, caf: keys().caf(39) });
    expect(failed(other)).toEqual(["T39F1.caf"]);
  });

  it.each(["DTE--60910000-1--33--2336600.xml", "DTE--76354771-K--33--170.xml", "DTE--76399752-9--33--25568.xml"])(
    "real DTE %s: schema, signature, TED and totals hold",
    async (name) => {
      const r = await verifyDocument(fixture(name), { schemas });
      expect(r.failures).toEqual([]);
    },
  );

  it("MiPyme DTEs verify with the SiiDte namespace they were signed with", async () => {
    const r = await verifyDocument(fixture("DTE--76354771-K--33--170.xml"), { schemas });
    expect(r.checks.find((c) => c.check.endsWith(".signature"))!.message).toMatch(/SiiDte/);
  });

  it("a real SII-accepted credit note with a vendor element after its signature verifies, with a warning", async () => {
    const r = await verifyDocument(fixture("DTE--96670340-7--61--110616.xml"), { schemas });
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.find((c) => c.check === "schema")!.message).toContain("en lo firmado");
    expect(r.warnings.map((w) => w.check)).toEqual(["schema.unsigned"]);
    expect(r.warnings[0]!.message).toContain("DocPersonalizado");
    // Checked as a whole file (what the SII's reception of an envelope does), it still fails.
    const strict = await verifyDocument(fixture("DTE--96670340-7--61--110616.xml"), { schemas, schemaScope: "file" });
    expect(failed(strict)).toEqual(["schema"]);
  });

  it("an element the schema refuses inside the signed Documento is still a failure", async () => {
    const xml = fixture("DTE--96670340-7--61--110616.xml")
      .toString("latin1")
      .replace("</TmstFirma>", "</TmstFirma><Extra>x</Extra>");
    const r = await verifyDocument(latin1Bytes(xml), { schemas });
    expect(failed(r)).toContain("schema");
  });

  it("SII's own example: schema and TED hold, its signatures do not (it was re-indented after signing)", async () => {
    const r = await verifyDocument(fixture("F60T33-ejemplo-oficial-SII.xml"), { schemas });
    expect(failed(r)).toEqual(["F60T33.signature", "envelope.signature"]);
  });

  it("rejects what is not an SII document", async () => {
    expect(failed(await verifyDocument("<hello/>", { schemas }))).toEqual(["xml"]);
  });
});

describe("tampering is caught", () => {
  const issued = issueDte({
    request: { ...requestFor(39), lines: [{ name: 'Cañería ½" & "codo"', quantity: 2, unitPrice: 1500 }] },
    caf: keys().caf(39),
    certificate: keys().signing,
    folio: 3,
    timestamp: TIMESTAMP,
  });

  it("round trip: what we issue verifies, quotes and ñ included", async () => {
    expect((await verify(issued.envelope)).failures).toEqual([]);
    expect((await verify(issued.signedDte)).failures).toEqual([]);
  });

  it("a changed amount breaks the DTE signature, the TED link and the totals", async () => {
    const r = await verify(issued.envelope.replace("<MontoItem>3000</MontoItem>", "<MontoItem>2000</MontoItem>"));
    expect(failed(r)).toEqual(["T39F3.signature", "T39F3.totals", "envelope.signature"]);
  });

  it("a changed total breaks the TED too", async () => {
    const r = await verify(issued.signedDte.replace("<MntTotal>3000</MntTotal>", "<MntTotal>300</MntTotal>"));
    expect(failed(r)).toEqual(["T39F3.signature", "T39F3.ted", "T39F3.totals"]);
  });

  it("a forged TED (signed with another key) is caught even when the document is re-signed", async () => {
    const other = keys().caf(41);
    const forgedTed = buildTed(
      {
        issuerRut: "76192083-9",
        type: 39,
        folio: 3,
        issueDate: "2026-11-20",
        receiverRut: "66666666-6",
        receiverName: "Consumidor final",
        total: 3000,
        firstItem: 'Cañería ½" & "codo"',
        timestamp: TIMESTAMP,
      },
      { cafXml: keys().caf(39).cafXml, privateKey: other.privateKey },
    ).ted;
    const unsigned = issued.built.xml.replace(issued.built.ted, forgedTed);
    const resigned = signXml(unsigned, keys().signing, { referenceUri: "T39F3" });
    const r = await verify(resigned);
    expect(failed(r)).toEqual(["T39F3.ted"]);
    expect(r.failures[0]!.message).toMatch(/FRMT/);
  });

  it("a changed Carátula breaks the envelope signature only", async () => {
    const r = await verify(
      issued.envelope.replace("<RutEnvia>11111111-1</RutEnvia>", "<RutEnvia>7880442-4</RutEnvia>"),
    );
    expect(failed(r)).toEqual(["envelope.signature"]);
  });

  it("a document out of the schema is reported with the XSD's words", async () => {
    const r = await verify(issued.signedDte.replace("<IndServicio>3</IndServicio>", ""));
    expect(failed(r)).toContain("schema");
    expect(r.failures.find((f) => f.check === "schema")!.message).toMatch(/IndServicio|not expected|Missing child/);
  });

  it("a TED whose DD does not match the document", async () => {
    const changed = issued.built.xml.replace("<RUTRecep>66666666-6</RUTRecep>", "<RUTRecep>11111111-1</RUTRecep>");
    const r = await verify(signXml(changed, keys().signing, { referenceUri: "T39F3" }));
    expect(failed(r)).toEqual(["T39F3.ted"]);
    expect(r.failures[0]!.message).toContain("RR del timbre");
  });
});
