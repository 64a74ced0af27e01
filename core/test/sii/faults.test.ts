import { afterEach, describe, expect, it } from "vitest";
import { SII_PATHS } from "../../src/hub/sii/environments.js";
import { isRetryableSiiError, SiiError } from "../../src/hub/sii/sii-error.js";
import type { SiiEmulator } from "../../src/testing/sii/emulator.js";
import { seedSignerFor } from "../../src/hub/sii/seed-signer.js";
import { clientFor, emulator, envelopeOf, hits, ISSUER, keys, signedDte } from "./support.js";

let emu: SiiEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const dteEnvelope = (folio: number) => envelopeOf([signedDte(33, folio)]);
const boletaEnvelope = (folio: number) => envelopeOf([signedDte(39, folio)]);

describe("faults", () => {
  it("SII down: retries with backoff and gets through when it comes back", async () => {
    emu = await emulator();
    emu.setFault({ kind: "down", times: 2 });
    const { client, sleeps } = clientFor(emu);
    const receipt = await client.sendEnvelope(dteEnvelope(1));
    expect(receipt.trackId).toMatch(/^\d{10}$/);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]! / 2);
  });

  it("SII down for good: a retryable error that says so, in Spanish first", async () => {
    emu = await emulator();
    emu.setFault({ kind: "down" });
    const { client } = clientFor(emu);
    const err = (await client.sendEnvelope(dteEnvelope(1)).catch((e: unknown) => e)) as SiiError;
    expect(err).toBeInstanceOf(SiiError);
    expect(err).toMatchObject({ code: "sii_unreachable", retryable: true, kind: "upstream" });
    expect(err.user.es).toMatch(/No se pudo contactar al SII \(CrSeed getSeed\)/);
  });

  it("HTTP 5xx: retried; a lasting one ends in a retryable error", async () => {
    emu = await emulator();
    emu.setFault({ kind: "http-error", status: 503, times: 1 });
    const { client } = clientFor(emu);
    const { trackId } = await client.sendEnvelope(boletaEnvelope(1));
    emu.setFault({ kind: "http-error", status: 500 });
    const err = await client.envelopeStatus(trackId, { rutEmisor: ISSUER.rut }).catch((e: unknown) => e);
    expect(isRetryableSiiError(err)).toBe(true);
    expect((err as SiiError).detail).toContain("HTTP 500");
    emu.clearFaults();
    expect((await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut })).state).toBe("EPR");
  });

  it("slow SII: each attempt times out and is retried", async () => {
    emu = await emulator();
    emu.setFault({ kind: "slow", delayMs: 300, times: 1 });
    const { client, sleeps } = clientFor(emu, { timeoutMs: 100 });
    const { trackId } = await client.sendEnvelope(boletaEnvelope(2));
    expect(trackId).toMatch(/^\d{15}$/);
    expect(sleeps).toHaveLength(1);
  });

  it("token expiring mid-run: DTEUpload answers STATUS 5, the client re-authenticates once and carries on", async () => {
    emu = await emulator();
    const { client } = clientFor(emu);
    const first = await client.sendEnvelope(dteEnvelope(2));
    emu.setFault({ kind: "expire-tokens" });
    const second = await client.sendEnvelope(dteEnvelope(3));
    expect(second.trackId).not.toBe(first.trackId);
    expect(hits(emu, SII_PATHS.getTokenFromSeed)).toBe(2);
    // QueryEstUp answers ESTADO 002 to the stale token; the same refresh applies.
    emu.setFault({ kind: "expire-tokens" });
    expect((await client.waitForFinal(second.trackId, { rutEmisor: ISSUER.rut })).state).toBe("EPR");
    expect(hits(emu, SII_PATHS.getTokenFromSeed)).toBe(3);
  });

  it("token expiring by age on the boleta API: HTTP 401, refreshed transparently", async () => {
    let clock = Date.now();
    emu = await emulator({ tokenTtlMs: 1_000, now: () => clock });
    const { client } = clientFor(emu, { tokenTtlMs: 60_000 });
    const { trackId } = await client.sendEnvelope(boletaEnvelope(3));
    clock += 5_000;
    expect((await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut })).state).toBe("EPR");
    expect(hits(emu, SII_PATHS.boletaToken)).toBe(2);
    expect(emu.state.requests.filter((r) => r.path.startsWith(`${SII_PATHS.boletaEnvio}/`))).toHaveLength(2);
  });

  it("stuck in REC: waiting gives up with a retryable error naming the state", async () => {
    emu = await emulator();
    emu.setFault({ kind: "stuck-in-rec" });
    let clock = 0;
    const { client } = clientFor(emu, { now: () => clock, sleep: async (ms) => void (clock += ms) });
    const { trackId } = await client.sendEnvelope(dteEnvelope(4));
    const err = (await client
      .waitForFinal(trackId, { rutEmisor: ISSUER.rut, intervalMs: 1_000, maxWaitMs: 5_000 })
      .catch((e: unknown) => e)) as SiiError;
    expect(err).toMatchObject({ code: "sii_still_processing", retryable: true, siiCode: "REC" });
    emu.clearFaults();
    expect((await client.waitForFinal(trackId, { rutEmisor: ISSUER.rut })).state).toBe("EPR");
  });

  it("a certificate whose signature the SII refuses: final authentication error", async () => {
    emu = await emulator();
    const { client } = clientFor(emu, { signSeed: (xml) => xml });
    const err = (await client.sendEnvelope(dteEnvelope(5)).catch((e: unknown) => e)) as SiiError;
    expect(err).toMatchObject({ code: "sii_authentication_failed", retryable: false, siiCode: "04" });
    const sign = seedSignerFor(keys().signing);
    const broken = clientFor(emu, {
      signSeed: async (xml) => (await sign(xml)).replace(/<Semilla>(\d)/, "<Semilla>9$1"),
    });
    expect(await broken.client.sendEnvelope(dteEnvelope(5)).catch((e: SiiError) => e.siiCode)).toBe("05");
    const unknownSeed = clientFor(emu, {
      signSeed: (xml) => sign(xml.replace(/<Semilla>\d+/, "<Semilla>000000000000")),
    });
    expect(await unknownSeed.client.sendEnvelope(dteEnvelope(5)).catch((e: SiiError) => e.siiCode)).toBe("07");
  });

  it("an unknown track id: a final query error", async () => {
    emu = await emulator();
    const { client } = clientFor(emu);
    const err = (await client
      .envelopeStatus("0000000001", { rutEmisor: ISSUER.rut })
      .catch((e: unknown) => e)) as SiiError;
    expect(err).toMatchObject({ code: "sii_status_query_failed", retryable: false, siiCode: "-11" });
  });
});

describe("timing", () => {
  it("per-query: each status query moves one state, REC → SOK → CRT → FOK → PRD → EPR", async () => {
    emu = await emulator({ timing: { mode: "per-query" } });
    const { client } = clientFor(emu);
    const { trackId } = await client.sendEnvelope(dteEnvelope(6));
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push((await client.envelopeStatus(trackId, { rutEmisor: ISSUER.rut })).state);
    expect(seen).toEqual(["SOK", "CRT", "FOK", "PRD", "EPR", "EPR"]);
  });

  it("timer: states advance with time", async () => {
    let clock = Date.now();
    emu = await emulator({ timing: { mode: "timer", stepMs: 1_000 }, now: () => clock });
    const { client } = clientFor(emu);
    const { trackId } = await client.sendEnvelope(boletaEnvelope(4));
    await emu.idle();
    expect((await client.envelopeStatus(trackId, { rutEmisor: ISSUER.rut })).state).toBe("REC");
    clock += 2_500;
    expect((await client.envelopeStatus(trackId, { rutEmisor: ISSUER.rut })).state).toBe("CRT");
    clock += 10_000;
    expect((await client.envelopeStatus(trackId, { rutEmisor: ISSUER.rut })).state).toBe("EPR");
  });
});
