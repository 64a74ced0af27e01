/** Typed answers of the SII client: what callers store, show and decide on. */
import type { UserMessage } from "../../errors.js";
import type { CodeDisposition } from "./status-codes.js";

export type SiiChannel = "dte" | "boleta";

export interface UploadReceipt {
  channel: SiiChannel;
  /** 10 digits (DTE, zero-padded as the SII writes it) or 15 digits (boletas). */
  trackId: string;
  rutEmisor: string;
  rutEnvia: string;
  /** As the SII wrote it ("YYYY-MM-DD HH:MM:SS", Chile time). */
  receivedAt: string;
  /** DTE: upload STATUS ("0"); boletas: first `estado` ("REC"). */
  status: string;
}

/** Counts per document type (QueryEstUp RESP_BODY / boleta `estadistica`). */
export interface TypeStats {
  tipo: number | undefined;
  informados: number;
  aceptados: number;
  rechazados: number;
  reparos: number;
}

/** One SII finding about a document (boleta `detalle_rep_rech[].error[]`). */
export interface DocumentError {
  seccion: string | undefined;
  linea: number | undefined;
  /** 1–2 objection (reparo), 3 rejection. */
  nivel: number | undefined;
  codigo: number | undefined;
  descripcion: string | undefined;
  detalle: string | undefined;
}

/** A document the SII objected to or rejected (boleta `detalle_rep_rech[]`). */
export interface DocumentResult {
  tipo: number | undefined;
  folio: number;
  /** RCH rejected, RPR / RLV accepted with objections. */
  estado: string;
  outcome: "accepted" | "accepted_with_objections" | "rejected";
  descripcion: string | undefined;
  errors: DocumentError[];
}

/**
 * Where the envelope stands: `pending` while the SII works; when final, `accepted`,
 * `accepted_with_objections` (some reparos, none rejected), `partially_rejected`, or `rejected`
 * (the whole envelope, or every document in it).
 */
export type EnvelopeOutcome = "pending" | "accepted" | "accepted_with_objections" | "partially_rejected" | "rejected";

export interface EnvelopeStatus {
  channel: SiiChannel;
  trackId: string;
  /** The SII's code as received: REC, SOK, CRT, FOK, PRD, EPR, RSC, RFR, RCT, RPT, VOF, RCH… */
  state: string;
  meaning: UserMessage;
  disposition: CodeDisposition;
  final: boolean;
  outcome: EnvelopeOutcome;
  /** The SII's own GLOSA, when it gives one. */
  glosa: string | undefined;
  stats: TypeStats[];
  /** Only the boleta channel lists documents; the DTE channel gives counts (query each with QueryEstDte). */
  documents: DocumentResult[];
}

export interface DocumentQuery {
  rutConsultante: string;
  rutEmisor: string;
  rutReceptor: string;
  tipoDte: number;
  folio: number;
  /** YYYY-MM-DD (sent as DDMMYYYY, as QueryEstDte expects). */
  fechaEmision: string;
  montoTotal: number;
}

export interface DocumentStatus {
  /** DOK, DNK, FAU, FNA, FAN, EMP, TMD, TMC, MMD, MMC, AND, ANC. */
  state: string;
  meaning: UserMessage;
  disposition: CodeDisposition;
  glosa: string | undefined;
  errCode: string | undefined;
  glosaErr: string | undefined;
}
