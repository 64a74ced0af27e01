/**
 * Everything one emulator instance remembers, in memory: seeds, tokens, envelopes with their
 * processing results, and per-issuer folio memory (so a folio reused with other data is caught
 * across envelopes, as the SII does).
 */
import { randomBytes, randomInt } from "node:crypto";
import type { SiiChannel } from "../../hub/sii/results.js";

/** One SII finding; `nivel` 3 rejects the document, 1–2 are objections (reparos). */
export interface DocumentFinding {
  seccion: string;
  linea?: number;
  nivel: 1 | 2 | 3;
  codigo: number;
  descripcion: string;
  detalle?: string;
}

export interface ProcessedDocument {
  tipo: number;
  folio: number;
  /** DOK accepted, RPR accepted with objections, RCH rejected. */
  estado: "DOK" | "RPR" | "RCH";
  rutReceptor: string;
  fechaEmision: string;
  montoTotal: number;
  findings: DocumentFinding[];
}

/** Final envelope states the emulator produces. */
export type FinalEnvelopeState = "EPR" | "RSC" | "RFR" | "RCT" | "RPT" | "VOF";

export interface ProcessingResult {
  final: FinalEnvelopeState;
  /** Why the envelope as a whole was rejected (empty for EPR). */
  errors: string[];
  documents: ProcessedDocument[];
}

export interface EnvelopeRecord {
  trackId: string;
  channel: SiiChannel;
  rutEmisor: string;
  rutEnvia: string;
  fileName: string;
  receivedAt: Date;
  sha256: string;
  /** Undefined while the emulator is still processing. */
  result: ProcessingResult | undefined;
  /** Why processing itself broke (never expected; answered as HTTP 500). */
  failure: string | undefined;
  done: Promise<ProcessingResult>;
  /** Status queries answered so far (drives the "per-query" timing). */
  queries: number;
}

/** The states an envelope walks through on its way to `final` (SII order: schema, carátula, signature). */
export function statePath(final: FinalEnvelopeState): string[] {
  switch (final) {
    case "RSC":
    case "RPT":
    case "VOF":
      return ["REC", final];
    case "RCT":
      return ["REC", "SOK", "RCT"];
    case "RFR":
      return ["REC", "SOK", "CRT", "RFR"];
    case "EPR":
      return ["REC", "SOK", "CRT", "FOK", "PRD", "EPR"];
  }
}

export const STATE_GLOSA: Record<string, string> = {
  REC: "Envio Recibido",
  SOK: "Schema Validado",
  CRT: "Caratula OK",
  FOK: "Firma de Envio Validada",
  PRD: "Envio en Proceso",
  EPR: "Envio Procesado",
  RSC: "Rechazado por Error en Schema",
  RFR: "Rechazado por Error en Firma",
  RCT: "Rechazado por Error en Caratula",
  RPT: "Rechazado por Envio Repetido",
  VOF: "No se encontro el archivo",
};

export interface IssuedToken {
  channel: SiiChannel;
  expiresAt: number;
}

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export class SiiEmulatorState {
  readonly seeds = new Map<string, { expiresAt: number }>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly envelopes = new Map<string, EnvelopeRecord>();
  /** `rutEmisor|tipo|folio` → fingerprint of the document data first received with that folio. */
  readonly folios = new Map<string, string>();
  /** Every request, in arrival order, for tests that count retries and re-authentications. */
  readonly requests: Array<{ method: string; path: string }> = [];
  private nextDteTrack = randomInt(100_000_000, 900_000_000);
  // randomInt spans at most 2^48, so the 15-digit start is built in two parts.
  private nextBoletaTrack = randomInt(100_000, 900_000) * 1_000_000_000 + randomInt(0, 1_000_000);
  private attention = randomInt(1_000, 9_000);

  newSeed(ttlMs: number, now: number): string {
    let seed: string;
    do seed = String(randomInt(0, 1_000_000_000_000)).padStart(12, "0");
    while (this.seeds.has(seed));
    this.seeds.set(seed, { expiresAt: now + ttlMs });
    return seed;
  }

  /** Seeds are single use: taking one removes it. */
  takeSeed(seed: string, now: number): boolean {
    const s = this.seeds.get(seed);
    this.seeds.delete(seed);
    return s !== undefined && s.expiresAt > now;
  }

  /** Tokens look like the SII's: 13 upper-case letters and digits. */
  newToken(channel: SiiChannel, ttlMs: number, now: number): string {
    const bytes = randomBytes(13);
    const token = Array.from(bytes, (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join("");
    this.tokens.set(token, { channel, expiresAt: now + ttlMs });
    return token;
  }

  tokenState(token: string | undefined, channel: SiiChannel, now: number): "valid" | "expired" | "unknown" {
    const t = token ? this.tokens.get(token) : undefined;
    if (!t || t.channel !== channel) return "unknown";
    return t.expiresAt > now ? "valid" : "expired";
  }

  expireAllTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  /** DTE track ids: 10 digits, zero-padded as in RECEPCIONDTE; boletas: 15 digits. */
  newTrackId(channel: SiiChannel): string {
    return channel === "dte" ? String(this.nextDteTrack++).padStart(10, "0") : String(this.nextBoletaTrack++);
  }

  /** After a restart from a journal: new track ids continue past the ones already given. */
  noteTrackId(channel: SiiChannel, trackId: string): void {
    const n = Number(trackId);
    if (channel === "dte") this.nextDteTrack = Math.max(this.nextDteTrack, n + 1);
    else this.nextBoletaTrack = Math.max(this.nextBoletaTrack, n + 1);
  }

  nextAttention(): number {
    return this.attention++;
  }

  findEnvelope(trackId: string, rutEmisor: string, channel: SiiChannel): EnvelopeRecord | undefined {
    const byNumber = [...this.envelopes.values()].find(
      (e) => e.channel === channel && Number(e.trackId) === Number(trackId),
    );
    return byNumber && byNumber.rutEmisor === rutEmisor ? byNumber : undefined;
  }

  /** The accepted document of an issuer with that type and folio (what QueryEstDte reports). */
  findDocument(rutEmisor: string, tipo: number, folio: number): ProcessedDocument | undefined {
    for (const e of this.envelopes.values()) {
      if (e.rutEmisor !== rutEmisor) continue;
      const doc = e.result?.documents.find((d) => d.tipo === tipo && d.folio === folio && d.estado !== "RCH");
      if (doc) return doc;
    }
    return undefined;
  }
}
