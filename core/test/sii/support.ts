import { createSiiClient, type SiiClientOptions } from "../../src/hub/sii/client.js";
import { seedSignerFor } from "../../src/hub/sii/seed-signer.js";
import { buildDte } from "../../src/rules/dte/builder.js";
import { parseCaf, type Caf } from "../../src/rules/dte/caf.js";
import { buildEnvelope } from "../../src/rules/dte/envelope.js";
import type { DteRequestInput } from "../../src/rules/dte/request.js";
import { signDte } from "../../src/rules/dte/signing.js";
import { envelopeKindFor, type DteType } from "../../src/rules/dte/types.js";
import { createCafAuthority, createTestCaf } from "../../src/testing/certs.js";
import { startSiiEmulator, type SiiEmulator, type SiiEmulatorOptions } from "../../src/testing/sii/emulator.js";
import { ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

export { ISSUER, keys, requestFor, TIMESTAMP };

export interface DteOptions {
  request?: Partial<DteRequestInput>;
  caf?: Caf;
  /** Edits the unsigned document before it is signed (the TED is already stamped). */
  beforeSigning?: (xml: string) => string;
  /** Edits the signed document (breaks its signature). */
  afterSigning?: (xml: string) => string;
}

export function signedDte(type: DteType, folio: number, o: DteOptions = {}): string {
  const built = buildDte({ ...requestFor(type), ...o.request } as DteRequestInput, o.caf ?? keys().caf(type), {
    folio,
    timestamp: TIMESTAMP,
  });
  const signed = signDte((o.beforeSigning ?? ((x) => x))(built.xml), keys().signing);
  return (o.afterSigning ?? ((x) => x))(signed);
}

export interface EnvelopeOptions {
  receiverRut?: string;
  /** TmstFirmaEnv: vary it to make two envelopes with the same documents differ. */
  timestamp?: string;
}

export function envelopeOf(dtes: string[], o: EnvelopeOptions = {}): string {
  const type = Number(/<TipoDTE>(\d+)</.exec(dtes[0]!)?.[1]);
  return buildEnvelope(
    envelopeKindFor(type),
    dtes,
    {
      issuerRut: ISSUER.rut,
      senderRut: "11111111-1",
      ...(o.receiverRut ? { receiverRut: o.receiverRut } : {}),
      resolution: ISSUER.resolution,
      timestamp: o.timestamp ?? TIMESTAMP,
    },
    keys().signing,
  );
}

/**
 * A CAF whose embedded DA (what the SII reads) says `authorizedOn`, passed to the builder as if it
 * were recent, so a document the builder would refuse can still be stamped and sent.
 */
export function cafAuthorizedOn(type: DteType, authorizedOn: string, authority = keys().authority): Caf {
  const caf = parseCaf(
    createTestCaf({ rut: ISSUER.rut, name: "SASCO SPA", type, from: 1, to: 100, authorizedOn, authority }).xml,
  );
  return { ...caf, authorizedOn: "2026-10-01" };
}

export function untrustedCaf(type: DteType): Caf {
  return cafAuthorizedOn(type, "2026-10-01", createCafAuthority());
}

export async function emulator(options: Partial<SiiEmulatorOptions> = {}): Promise<SiiEmulator> {
  return startSiiEmulator({ cafAuthorities: [keys().authority.publicKeyPem], timing: { mode: "instant" }, ...options });
}

/** A client with no real waiting: backoff sleeps are skipped and recorded. */
export function clientFor(emu: SiiEmulator, options: Partial<SiiClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = createSiiClient({
    baseUrl: emu.url,
    signSeed: seedSignerFor(keys().signing),
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, jitter: 0.5 },
    timeoutMs: 2_000,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
  return { client, sleeps };
}

/** How many requests the emulator saw on a path. */
export function hits(emu: SiiEmulator, path: string): number {
  return emu.state.requests.filter((r) => r.path === path).length;
}
