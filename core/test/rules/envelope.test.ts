import { describe, expect, it } from "vitest";
import { TimbreError } from "../../src/errors.js";
import { buildDte } from "../../src/rules/dte/builder.js";
import { buildEnvelope, dteBody } from "../../src/rules/dte/envelope.js";
import { issueDte } from "../../src/rules/dte/issue.js";
import { latin1Bytes } from "../../src/rules/dte/latin1.js";
import { validateSchema } from "../../src/rules/dte/schema-validation.js";
import { signDte } from "../../src/rules/dte/signing.js";
import { DTE_TYPES, type DteType } from "../../src/rules/dte/types.js";
import { verifyDocument } from "../../src/rules/dte/verify.js";
import { loadSiiSchemas } from "../../src/sii-schemas.js";
import { ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

const schemas = loadSiiSchemas();
const caratula = {
  issuerRut: ISSUER.rut,
  senderRut: "11111111-1",
  resolution: ISSUER.resolution,
  timestamp: TIMESTAMP,
};
const signedOf = (type: DteType, folio = 1, over: Record<string, unknown> = {}) =>
  signDte(
    buildDte({ ...requestFor(type), ...over } as ReturnType<typeof requestFor>, keys().caf(type), {
      folio,
      timestamp: TIMESTAMP,
    }).xml,
    keys().signing,
  );

describe("envelopes", () => {
  it.each(DTE_TYPES)(
    "type %i: the envelope validates against the official XSD and verifies round trip",
    async (type) => {
      const issued = issueDte({
        request: requestFor(type),
        caf: keys().caf(type),
        certificate: keys().signing,
        folio: 5,
        timestamp: TIMESTAMP,
      });
      expect(issued.kind).toBe(type === 39 || type === 41 ? "EnvioBOLETA" : "EnvioDTE");
      const schema = await validateSchema(latin1Bytes(issued.envelope), schemas);
      expect(schema.errors).toEqual([]);
      expect(schema.valid).toBe(true);
      const standalone = await validateSchema(latin1Bytes(issued.signedDte), schemas);
      expect(standalone.valid).toBe(true);
      const report = await verifyDocument(latin1Bytes(issued.envelope), {
        schemas,
        caf: keys().caf(type),
        siiKeys: { 100: keys().authority.publicKeyPem },
      });
      expect(report.failures).toEqual([]);
      expect(report.checks.map((c) => c.check)).toEqual([
        "schema",
        `T${type}F5.signature`,
        `T${type}F5.ted`,
        `T${type}F5.caf`,
        `T${type}F5.caf.signature`,
        `T${type}F5.totals`,
        "envelope.signature",
        "envelope.caratula",
      ]);
    },
  );

  it("embeds each signed DTE byte for byte and counts them in SubTotDTE", () => {
    const dtes = [signedOf(33, 1), signedOf(61, 2), signedOf(33, 3)];
    const envelope = buildEnvelope("EnvioDTE", dtes, caratula, keys().signing);
    for (const d of dtes) expect(envelope).toContain(dteBody(d));
    expect(envelope).toContain(
      "<SubTotDTE><TpoDTE>33</TpoDTE><NroDTE>2</NroDTE></SubTotDTE><SubTotDTE><TpoDTE>61</TpoDTE><NroDTE>1</NroDTE></SubTotDTE></Caratula>",
    );
    expect(envelope).toContain("<RutReceptor>60803000-K</RutReceptor>");
    expect(envelope).toMatch(
      /<\/SetDTE><Signature [^>]*>[\s\S]*<Reference URI="#SetDoc">[\s\S]*<\/Signature><\/EnvioDTE>$/,
    );
  });

  it("a large boleta (1,000 lines) still validates", async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => ({ name: `Item ${i + 1}`, quantity: 1, unitPrice: 100 + i }));
    const signed = signedOf(39, 9, { lines });
    const envelope = buildEnvelope("EnvioBOLETA", [signed], caratula, keys().signing);
    expect((await validateSchema(latin1Bytes(envelope), schemas)).valid).toBe(true);
  });

  it("a factura with 60 lines, every text at its XSD length, validates", async () => {
    const lines = Array.from({ length: 60 }, () => ({
      name: "N".repeat(200),
      description: "D".repeat(2000),
      quantity: 1.5,
      unitPrice: 1000.333333,
      code: "C".repeat(99),
      unit: "UNIDAD",
    }));
    const long = "L".repeat(300);
    const request = {
      ...requestFor(33),
      lines,
      issuer: { ...ISSUER, name: long, activity: long, address: long, commune: long, city: long },
      receiver: {
        rut: "77777777-7",
        name: long,
        activity: long,
        address: long,
        commune: long,
        city: long,
        contact: long,
      },
    };
    const envelope = buildEnvelope("EnvioDTE", [signedOf(33, 8, request)], caratula, keys().signing);
    const result = await validateSchema(latin1Bytes(envelope), schemas);
    expect(result.errors).toEqual([]);
  });

  it("refuses to mix channels, issuers or unsigned documents", () => {
    const boleta = signedOf(39);
    expect(() => buildEnvelope("EnvioDTE", [boleta], caratula, keys().signing)).toThrow(/EnvioBOLETA/);
    expect(() => buildEnvelope("EnvioBOLETA", [signedOf(61)], caratula, keys().signing)).toThrow(/EnvioDTE/);
    expect(() =>
      buildEnvelope("EnvioBOLETA", [boleta], { ...caratula, issuerRut: "97975000-5" }, keys().signing),
    ).toThrow(/issuer is 76192083-9/);
    expect(() =>
      buildEnvelope(
        "EnvioBOLETA",
        [buildDte(requestFor(39), keys().caf(39), { folio: 1, timestamp: TIMESTAMP }).xml],
        caratula,
        keys().signing,
      ),
    ).toThrow(/not signed/);
    expect(() => buildEnvelope("EnvioBOLETA", [], caratula, keys().signing)).toThrow(TimbreError);
  });

  it("caps EnvioBOLETA at 500 documents", () => {
    const boleta = signedOf(39);
    expect(() => buildEnvelope("EnvioBOLETA", Array(501).fill(boleta), caratula, keys().signing)).toThrow(
      /at most 500/,
    );
  });

  it("takes RutEnvia from the certificate, or fails when it has none", () => {
    const issued = issueDte({
      request: requestFor(39),
      caf: keys().caf(39),
      certificate: keys().signing,
      folio: 2,
      timestamp: TIMESTAMP,
    });
    expect(issued.envelope).toContain("<RutEnvia>11111111-1</RutEnvia>");
    const anonymous = { ...keys().signing, rut: undefined };
    expect(() =>
      issueDte({
        request: requestFor(39),
        caf: keys().caf(39),
        certificate: anonymous,
        folio: 2,
        timestamp: TIMESTAMP,
      }),
    ).toThrow(/RutEnvia/);
    const given = issueDte({
      request: requestFor(39),
      caf: keys().caf(39),
      certificate: anonymous,
      folio: 2,
      timestamp: TIMESTAMP,
      senderRut: "7880442-4",
    });
    expect(given.envelope).toContain("<RutEnvia>7880442-4</RutEnvia>");
  });
});
