import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SII_PATHS } from "../../src/hub/sii/environments.js";
import { SiiError } from "../../src/hub/sii/sii-error.js";
import type { SiiEmulator } from "../../src/testing/sii/emulator.js";
import { cafAuthorizedOn, clientFor, emulator, envelopeOf, hits, ISSUER, signedDte, untrustedCaf } from "./support.js";

let emu: SiiEmulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());

const findings = (trackId: string) =>
  emu.state.envelopes
    .get(trackId)
    ?.result?.documents.map((d) => ({
      folio: d.folio,
      estado: d.estado,
      codes: d.findings.map((f) => `${f.seccion}-${f.nivel}-${f.codigo}`),
    }));

describe("DTE channel (SOAP + DTEUpload)", () => {
  it("authenticates, uploads and follows the track id to EPR with every document accepted", async () => {
    const { client } = clientFor(emu);
    const receipt = await client.sendEnvelope(envelopeOf([signedDte(33, 1), signedDte(33, 2)]));
    expect(receipt).toMatchObject({ channel: "dte", rutEmisor: ISSUER.rut, rutEnvia: "11111111-1", status: "0" });
    expect(receipt.trackId).toMatch(/^\d{10}$/);
    expect(receipt.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const status = await client.waitForFinal(receipt.trackId, { rutEmisor: ISSUER.rut });
    expect(status).toMatchObject({ state: "EPR", final: true, outcome: "accepted", glosa: "Envio Procesado" });
    expect(status.stats).toEqual([{ tipo: 33, informados: 2, aceptados: 2, rechazados: 0, reparos: 0 }]);
    // One seed and one token for the whole conversation.
    expect(hits(emu, SII_PATHS.crSeed)).toBe(1);
    expect(hits(emu, SII_PATHS.getTokenFromSeed)).toBe(1);
  });

  it("answers QueryEstDte: DOK when the data match, DNK when not, FAU for a document it never accepted", async () => {
    const { client } = clientFor(emu);
    const q = {
      rutConsultante: "11111111-1",
      rutEmisor: ISSUER.rut,
      rutReceptor: "77777777-7",
      tipoDte: 33,
      folio: 1,
      fechaEmision: "2026-11-20",
      montoTotal: 26339,
    };
    expect(await client.documentStatus(q)).toMatchObject({ state: "DOK", errCode: "0", disposition: "processed" });
    expect(await client.documentStatus({ ...q, montoTotal: 1 })).toMatchObject({ state: "DNK", errCode: "1" });
    expect(await client.documentStatus({ ...q, folio: 99 })).toMatchObject({ state: "FAU", errCode: "3" });
  });

  it("rejects a schema error (RSC)", async () => {
    const { client } = clientFor(emu);
    const bad = envelopeOf([signedDte(33, 3)]).replace("<NroResol>0</NroResol>", "<NroResol>cero</NroResol>");
    const { trackId } = await client.sendEnvelope(bad);
    const status = await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut });
    expect(status).toMatchObject({ state: "RSC", final: true, outcome: "rejected", disposition: "rejected" });
    expect(emu.state.envelopes.get(trackId)?.result?.errors.join()).toMatch(/NroResol/);
  });

  it("rejects a carátula not addressed to the SII (RCT)", async () => {
    const { client } = clientFor(emu);
    const { trackId } = await client.sendEnvelope(envelopeOf([signedDte(33, 4)], { receiverRut: "77777777-7" }));
    expect(await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut })).toMatchObject({
      state: "RCT",
      outcome: "rejected",
    });
  });

  it("rejects an envelope whose signature does not match (RFR)", async () => {
    const { client } = clientFor(emu);
    const env = envelopeOf([signedDte(33, 5)]).replace(/<TmstFirmaEnv>[^<]+</, "<TmstFirmaEnv>2026-11-20T11:00:00<");
    const { trackId } = await client.sendEnvelope(env);
    expect(await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut })).toMatchObject({
      state: "RFR",
      outcome: "rejected",
    });
  });

  it("rejects documents with an expired CAF or issued before the CAF, and the rest still pass (per-document results)", async () => {
    const { client } = clientFor(emu);
    const expired = signedDte(33, 6, { caf: cafAuthorizedOn(33, "2026-01-02") });
    const early = signedDte(33, 7, { caf: cafAuthorizedOn(33, "2026-11-25") });
    const fine = signedDte(33, 8);
    const { trackId } = await client.sendEnvelope(envelopeOf([expired, early, fine]));
    const status = await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut });
    expect(status).toMatchObject({ state: "EPR", outcome: "partially_rejected" });
    expect(status.stats).toEqual([{ tipo: 33, informados: 3, aceptados: 1, rechazados: 2, reparos: 0 }]);
    expect(findings(trackId)).toEqual([
      { folio: 6, estado: "RCH", codes: ["CAF-3-517"] },
      { folio: 7, estado: "RCH", codes: ["HED-3-305"] },
      { folio: 8, estado: "DOK", codes: [] },
    ]);
  });

  it("answers upload STATUS 99 to a file it already received, and 5 to an upload without a live token", async () => {
    const { client } = clientFor(emu);
    const env = envelopeOf([signedDte(33, 9)]);
    await client.sendEnvelope(env);
    const again = (await client.sendEnvelope(env).catch((e: unknown) => e)) as SiiError;
    expect(again).toBeInstanceOf(SiiError);
    expect(again).toMatchObject({ code: "sii_upload_rejected", siiCode: "99", retryable: false });
    expect(again.user.es).toContain("ya había sido recibido");
    const noToken = await fetch(emu.url + SII_PATHS.dteUpload, { method: "POST", headers: { Cookie: "TOKEN=NOPE" } });
    expect(await noToken.text()).toContain("<STATUS>5</STATUS>");
  });
});

describe("boleta channel (REST)", () => {
  it("authenticates with the REST seed and token, uploads and reads a clean EPR", async () => {
    const { client } = clientFor(emu);
    const receipt = await client.sendEnvelope(envelopeOf([signedDte(39, 1), signedDte(39, 2)]));
    expect(receipt).toMatchObject({ channel: "boleta", status: "REC", rutEmisor: ISSUER.rut });
    expect(receipt.trackId).toMatch(/^\d{15}$/);
    const status = await client.waitForFinal(receipt.trackId, { rutEmisor: ISSUER.rut });
    expect(status).toMatchObject({ channel: "boleta", state: "EPR", outcome: "accepted", documents: [] });
    expect(status.stats).toEqual([{ tipo: 39, informados: 2, aceptados: 2, rechazados: 0, reparos: 0 }]);
    expect(hits(emu, SII_PATHS.boletaSeed)).toBe(1);
    expect(hits(emu, SII_PATHS.boletaToken)).toBe(1);
  });

  it("lists every rejected and objected boleta in detalle_rep_rech with the SII's error codes", async () => {
    const { client } = clientFor(emu);
    const badSignature = signedDte(39, 10, { afterSigning: (x) => x.replace("Café de grano", "Cafe de grano") });
    const badTed = signedDte(39, 11, {
      beforeSigning: (x) => x.replace("<IT1>Café de grano</IT1>", "<IT1>Cafe de grano</IT1>"),
    });
    const untrusted = signedDte(39, 12, { caf: untrustedCaf(39) });
    const objected = signedDte(39, 13, {
      beforeSigning: (x) => x.replace("<PrcItem>1500</PrcItem>", "<PrcItem>1400</PrcItem>"),
    });
    const wrongTotals = signedDte(39, 14, { beforeSigning: (x) => x.replace(/<IVA>\d+<\/IVA>/, "<IVA>1</IVA>") });
    const fine = signedDte(39, 15);
    const { trackId } = await client.sendEnvelope(
      envelopeOf([badSignature, badTed, untrusted, objected, wrongTotals, fine]),
    );
    const status = await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut });
    expect(status).toMatchObject({ state: "EPR", outcome: "partially_rejected" });
    expect(status.stats).toEqual([{ tipo: 39, informados: 6, aceptados: 1, rechazados: 4, reparos: 1 }]);
    const byFolio = Object.fromEntries(
      status.documents.map((d) => [
        d.folio,
        { estado: d.estado, outcome: d.outcome, codes: d.errors.map((e) => `${e.seccion}-${e.nivel}-${e.codigo}`) },
      ]),
    );
    expect(byFolio).toEqual({
      10: { estado: "RCH", outcome: "rejected", codes: ["DTE-3-505"] },
      11: { estado: "RCH", outcome: "rejected", codes: ["TED-3-510"] },
      12: { estado: "RCH", outcome: "rejected", codes: ["CAF-3-500"] },
      13: { estado: "RPR", outcome: "accepted_with_objections", codes: ["DET-1-200"] },
      14: { estado: "RCH", outcome: "rejected", codes: ["HED-3-402"] },
    });
    expect(status.documents.find((d) => d.folio === 10)?.errors[0]).toMatchObject({
      descripcion: "Firma DTE Incorrecta",
    });
  });

  it("rejects a folio reused with other data (DTE-3-101) and a document sent twice (DTE-3-100)", async () => {
    const { client } = clientFor(emu);
    const first = signedDte(39, 20);
    const a = await client.sendEnvelope(envelopeOf([first]));
    expect((await client.waitForFinal(a.trackId, { rutEmisor: ISSUER.rut })).outcome).toBe("accepted");
    const other = signedDte(39, 20, { request: { lines: [{ name: "Té verde", quantity: 1, unitPrice: 990 }] } });
    const b = await client.sendEnvelope(envelopeOf([other], { timestamp: "2026-11-20T11:00:00" }));
    const reused = await client.waitForFinal(b.trackId, { rutEmisor: ISSUER.rut });
    expect(reused).toMatchObject({
      outcome: "rejected",
      documents: [{ folio: 20, estado: "RCH", errors: [{ seccion: "DTE", codigo: 101 }] }],
    });
    const c = await client.sendEnvelope(envelopeOf([first], { timestamp: "2026-11-20T12:00:00" }));
    const repeated = await client.waitForFinal(c.trackId, { rutEmisor: ISSUER.rut });
    expect(repeated.documents[0]?.errors[0]).toMatchObject({
      seccion: "DTE",
      codigo: 100,
      descripcion: "DTE Repetido",
    });
  });

  it("rejects a repeated envelope (RPT) and one that is not an EnvioBOLETA (RSC)", async () => {
    const { client } = clientFor(emu);
    const env = envelopeOf([signedDte(39, 30)]);
    await client.sendEnvelope(env);
    const again = await client.sendEnvelope(env);
    expect(await client.waitForFinal(again.trackId, { rutEmisor: ISSUER.rut })).toMatchObject({
      state: "RPT",
      outcome: "rejected",
    });
    const schema = await client.sendEnvelope(
      envelopeOf([signedDte(39, 31)]).replace("<IndServicio>3</IndServicio>", "<IndServicio>9</IndServicio>"),
    );
    expect(await client.waitForFinal(schema.trackId, { rutEmisor: ISSUER.rut })).toMatchObject({ state: "RSC" });
  });

  it("says which boleta envelope it does not know", async () => {
    const { client } = clientFor(emu);
    const err = (await client
      .envelopeStatus("123456789012345", { rutEmisor: ISSUER.rut })
      .catch((e: unknown) => e)) as SiiError;
    expect(err).toMatchObject({ code: "sii_status_query_failed", retryable: false });
  });
});
