import { describe, expect, it } from "vitest";
import { TimbreError } from "../../src/errors.js";
import { assertCaf, cafExpiry, checkCaf, parseCaf } from "../../src/rules/dte/caf.js";
import { buildDte } from "../../src/rules/dte/builder.js";
import { createCafAuthority, createTestCaf } from "../../src/testing/certs.js";
import { fixture, ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

const codes = (problems: Array<{ code: string }>) => problems.map((p) => p.code);

describe("reading a CAF", () => {
  it("reads SII's example CAF and flattens it exactly as SII's TED example embeds it", () => {
    const caf = parseCaf(fixture("CAF-SII-ejemplo-T33-97975000-5-F1-200.xml"));
    expect(caf).toMatchObject({
      issuerRut: "97975000-5",
      issuerName: "RUT DE PRUEBA",
      type: 33,
      range: { from: 1, to: 200 },
      authorizedOn: "2003-09-04",
      idk: 100,
      exponent: "Aw==",
    });
    const vector = JSON.parse(fixture("ted-ejemplo-sii-F27T33.json").toString("utf8")) as { dd: string };
    expect(vector.dd).toContain(caf.cafXml);
    expect(caf.daXml.startsWith("<DA><RE>97975000-5</RE>")).toBe(true);
    expect(caf.privateKey).toBeDefined();
  });

  it("reads a bare CAF element (as found inside a TED), without its private key", () => {
    const full = parseCaf(fixture("CAF-TEST-T39-97975000-5-F1-100.xml"));
    const bare = parseCaf(full.cafXml);
    expect(bare.privateKey).toBeUndefined();
    expect(bare.cafXml).toBe(full.cafXml);
  });

  it("rejects files that are not CAFs", () => {
    expect(() => parseCaf("<AUTORIZACION><CAF/></AUTORIZACION>")).toThrow(TimbreError);
    expect(() => parseCaf("not xml")).toThrow(/not valid XML/);
    const text = fixture("CAF-TEST-T39-97975000-5-F1-100.xml").toString("latin1");
    expect(() => parseCaf(text.replace("<FA>2025-01-02</FA>", ""))).toThrow(/missing FA/);
  });

  it("rejects a CAF whose private key does not match its public key", () => {
    const a = fixture("CAF-TEST-T39-97975000-5-F1-100.xml").toString("latin1");
    const b = fixture("CAF-SII-ejemplo-T33-97975000-5-F1-200.xml").toString("latin1");
    const otherKey = /<RSASK>[\s\S]*<\/RSASK>/.exec(b)![0];
    try {
      parseCaf(a.replace(/<RSASK>[\s\S]*<\/RSASK>/, otherKey));
      expect.unreachable();
    } catch (e) {
      expect((e as TimbreError).code).toBe("caf.key_mismatch");
    }
  });
});

describe("checking a CAF before stamping", () => {
  const authority = createCafAuthority();
  const make = (over: Partial<Parameters<typeof createTestCaf>[0]> = {}) =>
    parseCaf(
      createTestCaf({ rut: ISSUER.rut, type: 33, from: 10, to: 20, authorizedOn: "2026-06-01", authority, ...over })
        .xml,
    );
  const ok = {
    issuerRut: ISSUER.rut,
    type: 33,
    folio: 10,
    issueDate: "2026-06-01",
    environment: "certification" as const,
  };

  it("accepts a matching CAF", () => {
    expect(checkCaf(make(), { ...ok, siiKeys: { 100: authority.publicKeyPem }, needsPrivateKey: true })).toEqual([]);
  });

  it("rejects another issuer's CAF", () => {
    expect(codes(checkCaf(make({ rut: "11111111-1" }), ok))).toEqual(["caf.issuer_mismatch"]);
  });

  it("rejects a CAF for another document type", () => {
    expect(codes(checkCaf(make({ type: 39 }), ok))).toEqual(["caf.type_mismatch"]);
  });

  it.each([9, 21])("rejects folio %i outside the range", (folio) => {
    expect(codes(checkCaf(make(), { ...ok, folio }))).toEqual(["caf.folio_out_of_range"]);
  });

  it("rejects an issue date before the authorisation (FA)", () => {
    expect(codes(checkCaf(make(), { ...ok, issueDate: "2026-05-31" }))).toEqual(["caf.not_yet_valid"]);
  });

  it.each([33, 56, 61])("type %i expires six months (180 days) after FA", (type) => {
    const caf = make({ type });
    expect(cafExpiry(caf)).toBe("2026-11-28");
    expect(checkCaf(caf, { ...ok, type, issueDate: "2026-11-27" })).toEqual([]);
    expect(codes(checkCaf(caf, { ...ok, type, issueDate: "2026-11-28" }))).toEqual(["caf.expired"]);
  });

  it("expiry is judged on the day the document is stamped, not on its (back-dated) issue date", () => {
    const caf = make({ type: 33 });
    expect(codes(checkCaf(caf, { ...ok, issueDate: "2026-11-20", stampedOn: "2026-11-28" }))).toEqual(["caf.expired"]);
    expect(checkCaf(caf, { ...ok, issueDate: "2026-11-20", stampedOn: "2026-11-27" })).toEqual([]);
  });

  it.each([34, 39, 41, 52])("type %i does not expire", (type) => {
    const caf = make({ type });
    expect(cafExpiry(caf)).toBeUndefined();
    expect(checkCaf(caf, { ...ok, type, issueDate: "2029-01-01" })).toEqual([]);
  });

  it("matches IDK 100 to certification and 300 to production", () => {
    expect(codes(checkCaf(make({ idk: 100 }), { ...ok, environment: "production" }))).toEqual([
      "caf.environment_mismatch",
    ]);
    expect(codes(checkCaf(make({ idk: 300 }), { ...ok, environment: "certification" }))).toEqual([
      "caf.environment_mismatch",
    ]);
    expect(checkCaf(make({ idk: 300 }), { ...ok, environment: "production" })).toEqual([]);
    expect(codes(checkCaf(make({ idk: 200 }), ok))).toEqual(["caf.unknown_idk"]);
  });

  it("checks the SII's signature (FRMA) when the SII key is configured", () => {
    const caf = make();
    expect(codes(checkCaf(caf, { ...ok, siiKeys: { 100: createCafAuthority().publicKeyPem } }))).toEqual([
      "caf.signature_invalid",
    ]);
    expect(codes(checkCaf(caf, { ...ok, siiKeys: { 300: authority.publicKeyPem } }))).toEqual([
      "caf.signature_unknown_key",
    ]);
    const xml = createTestCaf({
      rut: ISSUER.rut,
      type: 33,
      from: 10,
      to: 20,
      authorizedOn: "2026-06-01",
      authority,
    }).xml;
    const forged = parseCaf(xml.replace("<H>20</H>", "<H>2000</H>"));
    expect(codes(checkCaf(forged, { ...ok, siiKeys: { 100: authority.publicKeyPem } }))).toEqual([
      "caf.signature_invalid",
    ]);
  });

  it("says the SII example CAF's FRMA is not ours to check without the SII key", () => {
    const caf = parseCaf(fixture("CAF-SII-ejemplo-T33-97975000-5-F1-200.xml"));
    expect(codes(checkCaf(caf, { siiKeys: { 100: authority.publicKeyPem } }))).toEqual(["caf.signature_invalid"]);
  });

  it("reports every problem at once, one field each", () => {
    try {
      assertCaf(make({ rut: "11111111-1", type: 39 }), { ...ok, folio: 99 });
      expect.unreachable();
    } catch (e) {
      const err = e as TimbreError;
      expect(err.fields.map((f) => f.field)).toEqual([
        "caf.issuer_mismatch",
        "caf.type_mismatch",
        "caf.folio_out_of_range",
      ]);
    }
  });

  it("buildDte refuses to stamp with a CAF that does not fit", () => {
    const k = keys();
    expect(() => buildDte(requestFor(39), k.caf(33), { folio: 1, timestamp: TIMESTAMP })).toThrow(
      /document type 33, not 39/,
    );
    expect(() => buildDte(requestFor(39), k.caf(39), { folio: 101, timestamp: TIMESTAMP })).toThrow(
      /outside the CAF range/,
    );
    expect(() =>
      buildDte(requestFor(39), k.caf(39), { folio: 1, timestamp: TIMESTAMP, environment: "production" }),
    ).toThrow(/certification environment/);
    expect(() => buildDte(requestFor(39), parseCaf(k.caf(39).cafXml), { folio: 1, timestamp: TIMESTAMP })).toThrow(
      /no private key/,
    );
    expect(() =>
      buildDte({ ...requestFor(33), issueDate: "2027-06-01" }, k.caf(33), { folio: 1, timestamp: TIMESTAMP }),
    ).toThrow(/expired/);
    expect(() =>
      buildDte(requestFor(39), k.caf(39), {
        folio: 1,
        timestamp: TIMESTAMP,
        siiKeys: { 100: createCafAuthority().publicKeyPem },
      }),
    ).toThrow(/FRMA/);
    expect(
      buildDte(requestFor(39), k.caf(39), {
        folio: 1,
        timestamp: TIMESTAMP,
        siiKeys: { 100: k.authority.publicKeyPem },
      }).folio,
    ).toBe(1);
  });
});
