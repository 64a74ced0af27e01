/**
 * The SII client: sends EnvioDTE (SOAP auth + multipart DTEUpload) and EnvioBOLETA (REST), and
 * follows their track ids to a final answer. Base URLs are configurable per environment, so the
 * same code talks to maullin/palena, apicert/api, pangal/rahue, or the emulator.
 */
import { fetchBoletaToken, fetchDteToken, type SeedSigner } from "./authenticate.js";
import { readEnvelopeFacts } from "./envelope-facts.js";
import { resolveBaseUrls, SII_PATHS, type SiiBaseUrls, type SiiEnvironment } from "./environments.js";
import type {
  DocumentQuery,
  DocumentResult,
  DocumentStatus,
  EnvelopeOutcome,
  EnvelopeStatus,
  SiiChannel,
  TypeStats,
  UploadReceipt,
} from "./results.js";
import { rutParts } from "./rut-parts.js";
import {
  AnswerShapeError,
  BoletaStatusAnswerSchema,
  BoletaDocumentAnswerSchema,
  BoletaUploadAnswerSchema,
  estUpStats,
  parseRecepcion,
  parseRespuesta,
  type Recepcion,
  type Respuesta,
} from "./sii-answers.js";
import { SiiError, siiAnswerUnreadable, siiDeliveryUnknown } from "./sii-error.js";
import { buildSoapRequest, readSoapReturn, SoapShapeError } from "./soap.js";
import {
  DOCUMENT_QUERY_STATES,
  DOCUMENT_RESULT_STATES,
  describeCode,
  ENVELOPE_STATES,
  ESTUP_ERR_CODES,
  UPLOAD_STATUS,
  type CodeInfo,
} from "./status-codes.js";
import { TokenCache } from "./token-cache.js";
import { createTransport, type HttpAnswer, type TransportOptions } from "./transport.js";

export interface SiiClientOptions extends TransportOptions {
  /** Default: certification (maullin, apicert, pangal). */
  environment?: SiiEnvironment;
  /** One base URL for every SII host family (the emulator serves them all on one port). */
  baseUrl?: string;
  /** Per-family overrides; they win over `baseUrl`. */
  baseUrls?: Partial<SiiBaseUrls>;
  /** Signs the getToken request with the sender's certificate (see `seedSignerFor`). */
  signSeed: SeedSigner;
  /** How long a token is reused before asking for a new one; the SII may end it sooner. */
  tokenTtlMs?: number;
  now?: () => number;
}

export interface WaitOptions {
  rutEmisor: string;
  channel?: SiiChannel;
  /** Pause between status queries. */
  intervalMs?: number;
  /** Give up (retryable error) after this long without a final state. */
  maxWaitMs?: number;
}

export interface SiiClient {
  readonly environment: SiiEnvironment;
  readonly baseUrls: SiiBaseUrls;
  /** Uploads an EnvioDTE or EnvioBOLETA (channel and RUTs are read from the file). */
  sendEnvelope(xml: string | Uint8Array, options?: { fileName?: string }): Promise<UploadReceipt>;
  envelopeStatus(trackId: string, options: { rutEmisor: string; channel?: SiiChannel }): Promise<EnvelopeStatus>;
  /** Polls `envelopeStatus` until the SII gives a final state. */
  waitForFinal(trackId: string, options: WaitOptions): Promise<EnvelopeStatus>;
  /** QueryEstDte: what the SII holds for one document. */
  documentStatus(query: DocumentQuery): Promise<DocumentStatus>;
  /** The boleta REST API's per-boleta state (`boleta.electronica/{rut}-{dv}-{tipo}-{folio}/estado`). */
  boletaStatus(query: DocumentQuery): Promise<DocumentStatus>;
}

/** Boleta track ids have 15 digits; DTE track ids at most 10. */
export function channelOfTrackId(trackId: string): SiiChannel {
  return /^\d{15}$/.test(trackId) ? "boleta" : "dte";
}

const SOAP_HEADERS = { "Content-Type": "text/xml; charset=utf-8", SOAPAction: '""' };
const DTE_TOKEN_CODES = new Set(["001", "002", "003"]);

/** The token was refused: the caller refreshes it once and repeats. */
class TokenRefused extends Error {}

function unreadableUpload(what: string, e: unknown): never {
  if (e instanceof SoapShapeError || e instanceof AnswerShapeError || e instanceof SiiError)
    throw siiDeliveryUnknown(what, `unreadable answer: ${e.message}`);
  throw e;
}

function unreadable(what: string, e: unknown): never {
  if (e instanceof SoapShapeError || e instanceof AnswerShapeError) throw siiAnswerUnreadable(what, e.message);
  throw e;
}

function outcomeOf(info: CodeInfo, stats: TypeStats[], documents: DocumentResult[]): EnvelopeOutcome {
  if (info.disposition === "in_progress") return "pending";
  if (info.disposition === "rejected") return "rejected";
  const sum = (k: "informados" | "rechazados" | "reparos") => stats.reduce((n, s) => n + s[k], 0);
  const informed = sum("informados");
  const rejected = Math.max(sum("rechazados"), documents.filter((d) => d.outcome === "rejected").length);
  const objected = Math.max(sum("reparos"), documents.filter((d) => d.outcome === "accepted_with_objections").length);
  if (rejected > 0) return informed > 0 && rejected >= informed ? "rejected" : "partially_rejected";
  if (objected > 0 || info.code === "RPR" || info.code === "RLV") return "accepted_with_objections";
  return "accepted";
}

function envelopeStatusOf(
  channel: SiiChannel,
  trackId: string,
  state: string,
  glosa: string | undefined,
  stats: TypeStats[],
  documents: DocumentResult[],
): EnvelopeStatus {
  const info = describeCode(ENVELOPE_STATES, state);
  return {
    channel,
    trackId,
    state,
    meaning: info.meaning,
    disposition: info.disposition,
    final: info.disposition === "processed" || info.disposition === "rejected",
    outcome: outcomeOf(info, stats, documents),
    glosa,
    stats,
    documents,
  };
}

function uploadRejected(rec: Recepcion, info: CodeInfo): SiiError {
  const details = rec.errors.length ? ` ${rec.errors.join("; ")}` : "";
  return new SiiError(
    info.disposition === "retry" ? "sii_unavailable" : "sii_upload_rejected",
    {
      es: `El SII no recibió el envío (STATUS ${rec.status}: ${info.meaning.es}).${details}`,
      en: `The SII did not take the envelope (STATUS ${rec.status}: ${info.meaning.en}).${details}`,
    },
    { retryable: info.disposition === "retry", siiCode: rec.status, detail: rec.errors.join("\n") },
  );
}

function httpRefused(what: string, answer: HttpAnswer): SiiError {
  return new SiiError(
    "sii_http_error",
    {
      es: `El SII respondió HTTP ${answer.status} a ${what}. Revise la URL base configurada para el SII.`,
      en: `The SII answered HTTP ${answer.status} to ${what}. Check the configured SII base URL.`,
    },
    { retryable: false, siiCode: String(answer.status), detail: answer.text().slice(0, 500) },
  );
}

function authFailedAfterRefresh(what: string): SiiError {
  return new SiiError(
    "sii_authentication_failed",
    {
      es: `El SII rechazó un token recién obtenido (${what}). Revise que el certificado pertenezca a un usuario autorizado de la empresa.`,
      en: `The SII refused a freshly obtained token (${what}). Check that the certificate belongs to an authorised user of the company.`,
    },
    { retryable: false },
  );
}

/** QueryEstDte wants the date as DDMMYYYY. */
function estDteDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m)
    throw new SiiError(
      "sii_query_invalid",
      { es: `Fecha "${isoDate}" inválida (use AAAA-MM-DD).`, en: `Invalid date "${isoDate}" (use YYYY-MM-DD).` },
      { retryable: false },
    );
  return `${m[3]}${m[2]}${m[1]}`;
}

export function createSiiClient(options: SiiClientOptions): SiiClient {
  const environment = options.environment ?? "certification";
  const baseUrls = resolveBaseUrls(environment, { baseUrl: options.baseUrl, overrides: options.baseUrls });
  const transport = createTransport(options);
  const tokens = new TokenCache(options.tokenTtlMs ?? 10 * 60_000, options.now);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;

  const tokenKey = (channel: SiiChannel) =>
    channel === "dte" ? `dte ${baseUrls.seedTokenDte}` : `boleta ${baseUrls.boletaApi}`;
  const tokenFor = (channel: SiiChannel) =>
    tokens.get(tokenKey(channel), () =>
      channel === "dte"
        ? fetchDteToken(transport, baseUrls, options.signSeed)
        : fetchBoletaToken(transport, baseUrls, options.signSeed),
    );

  /** Runs `call` with a token; when the SII says the token is gone, gets a fresh one and tries once more. */
  async function withToken<T>(channel: SiiChannel, what: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await tokenFor(channel);
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof TokenRefused)) throw e;
      tokens.invalidate(tokenKey(channel), token);
    }
    const fresh = await tokenFor(channel);
    try {
      return await call(fresh);
    } catch (e) {
      if (e instanceof TokenRefused) {
        tokens.invalidate(tokenKey(channel), fresh);
        throw authFailedAfterRefresh(what);
      }
      throw e;
    }
  }

  function uploadForm(
    bytes: Buffer,
    fileName: string,
    sender: { body: string; dv: string },
    company: { body: string; dv: string },
  ) {
    const form = new FormData();
    form.set("rutSender", sender.body);
    form.set("dvSender", sender.dv);
    form.set("rutCompany", company.body);
    form.set("dvCompany", company.dv);
    form.set("archivo", new Blob([new Uint8Array(bytes)], { type: "application/xml" }), fileName);
    return form;
  }

  async function sendEnvelope(xml: string | Uint8Array, opts: { fileName?: string } = {}): Promise<UploadReceipt> {
    const facts = readEnvelopeFacts(xml);
    const sender = rutParts(facts.rutEnvia, "RutEnvia");
    const company = rutParts(facts.rutEmisor, "RutEmisor");
    const fileName = opts.fileName ?? (facts.channel === "dte" ? "EnvioDTE.xml" : "EnvioBOLETA.xml");
    const form = uploadForm(facts.bytes, fileName, sender, company);

    if (facts.channel === "dte") {
      const what = "DTEUpload";
      return withToken("dte", what, async (token) => {
        const answer = await transport.request(what, baseUrls.uploadDte + SII_PATHS.dteUpload, {
          method: "POST",
          headers: { Cookie: `TOKEN=${token}` },
          body: form,
          idempotent: false,
        });
        if (answer.status === 401) throw new TokenRefused();
        if (answer.status !== 200) throw httpRefused(what, answer);
        let rec: Recepcion;
        try {
          rec = parseRecepcion(answer.text());
        } catch (e) {
          // The SII answered 200 but we cannot read whether it took the file.
          unreadableUpload(what, e);
        }
        const info = describeCode(UPLOAD_STATUS, rec.status);
        if (info.disposition === "reauthenticate") throw new TokenRefused();
        if (rec.status !== "0") throw uploadRejected(rec, info);
        if (!rec.trackId) throw siiAnswerUnreadable(what, "STATUS 0 without TRACKID");
        return {
          channel: "dte",
          trackId: rec.trackId,
          rutEmisor: company.rut,
          rutEnvia: sender.rut,
          receivedAt: rec.timestamp ?? "",
          status: rec.status,
        };
      });
    }

    const what = "boleta.electronica.envio";
    return withToken("boleta", what, async (token) => {
      const answer = await transport.request(what, baseUrls.boletaUpload + SII_PATHS.boletaEnvio, {
        method: "POST",
        headers: { Cookie: `TOKEN=${token}`, Accept: "application/json" },
        body: form,
        idempotent: false,
      });
      if (answer.status === 401) throw new TokenRefused();
      if (answer.status !== 200) throw httpRefused(what, answer);
      let json: unknown;
      try {
        json = jsonOf(what, answer);
      } catch (e) {
        unreadableUpload(what, e);
      }
      const parsed = BoletaUploadAnswerSchema.safeParse(json);
      if (!parsed.success) throw siiDeliveryUnknown(what, `unreadable answer: ${parsed.error.message}`);
      return {
        channel: "boleta",
        trackId: parsed.data.trackid,
        rutEmisor: company.rut,
        rutEnvia: sender.rut,
        receivedAt: parsed.data.fecha_recepcion,
        status: parsed.data.estado,
      };
    });
  }

  function jsonOf(what: string, answer: HttpAnswer): unknown {
    try {
      return JSON.parse(answer.text()) as unknown;
    } catch {
      throw siiAnswerUnreadable(what, `not JSON: ${answer.text().slice(0, 200)}`);
    }
  }

  function statusQueryFailed(trackId: string, r: Respuesta, info: CodeInfo): SiiError {
    const err = r.hdr.get("ERR_CODE");
    const errMeaning = err === undefined ? undefined : ESTUP_ERR_CODES.get(err);
    const extra = errMeaning ? ` ${errMeaning.es}` : "";
    return new SiiError(
      info.disposition === "retry" ? "sii_unavailable" : "sii_status_query_failed",
      {
        es: `El SII no entregó el estado del envío ${trackId} (${info.code}: ${info.meaning.es}).${extra} Revise el track id y el RUT emisor.`,
        en: `The SII gave no state for envelope ${trackId} (${info.code}: ${info.meaning.en}).${errMeaning ? ` ${errMeaning.en}` : ""} Check the track id and the issuer RUT.`,
      },
      {
        retryable: info.disposition === "retry",
        siiCode: info.code,
        detail: [...r.hdr].map(([k, v]) => `${k}=${v}`).join(" "),
      },
    );
  }

  async function envelopeStatus(
    trackId: string,
    opts: { rutEmisor: string; channel?: SiiChannel },
  ): Promise<EnvelopeStatus> {
    const channel = opts.channel ?? channelOfTrackId(trackId);
    const company = rutParts(opts.rutEmisor, "rutEmisor");
    if (!/^\d{1,15}$/.test(trackId)) {
      throw new SiiError(
        "sii_query_invalid",
        { es: `El track id "${trackId}" no es válido.`, en: `Track id "${trackId}" is not valid.` },
        { retryable: false },
      );
    }

    if (channel === "dte") {
      const what = "QueryEstUp getEstUp";
      return withToken("dte", what, async (token) => {
        const answer = await transport.request(what, baseUrls.seedTokenDte + SII_PATHS.queryEstUp, {
          method: "POST",
          headers: SOAP_HEADERS,
          body: buildSoapRequest("getEstUp", [
            ["RutCompania", company.body],
            ["DvCompania", company.dv],
            ["TrackId", trackId],
            ["Token", token],
          ]),
        });
        let r: Respuesta;
        try {
          r = parseRespuesta(readSoapReturn(answer.text(), "getEstUp"));
        } catch (e) {
          unreadable(what, e);
        }
        const estado = r.hdr.get("ESTADO") ?? "";
        if (DTE_TOKEN_CODES.has(estado)) throw new TokenRefused();
        const info = describeCode(ENVELOPE_STATES, estado);
        if (info.disposition === "query_error" || info.disposition === "retry")
          throw statusQueryFailed(trackId, r, info);
        return envelopeStatusOf("dte", r.hdr.get("TRACKID") || trackId, estado, r.hdr.get("GLOSA"), estUpStats(r), []);
      });
    }

    const what = "boleta.electronica.envio (estado)";
    return withToken("boleta", what, async (token) => {
      const url = `${baseUrls.boletaApi}${SII_PATHS.boletaEnvio}/${company.body}-${company.dv}-${trackId}`;
      const answer = await transport.request(what, url, {
        method: "GET",
        headers: { Cookie: `TOKEN=${token}`, Accept: "application/json" },
      });
      if (answer.status === 401) throw new TokenRefused();
      if (answer.status === 404) {
        throw new SiiError(
          "sii_status_query_failed",
          {
            es: `El SII no conoce el envío de boletas ${trackId} del emisor ${company.rut}. Revise el track id y el RUT emisor.`,
            en: `The SII does not know boleta envelope ${trackId} of issuer ${company.rut}. Check the track id and the issuer RUT.`,
          },
          { retryable: false, siiCode: "404" },
        );
      }
      if (answer.status !== 200) throw httpRefused(what, answer);
      const parsed = BoletaStatusAnswerSchema.safeParse(jsonOf(what, answer));
      if (!parsed.success) throw siiAnswerUnreadable(what, parsed.error.message);
      const a = parsed.data;
      const documents: DocumentResult[] = a.detalle_rep_rech.map((d) => {
        const info = describeCode(DOCUMENT_RESULT_STATES, d.estado);
        return {
          tipo: d.tipo,
          folio: d.folio,
          estado: d.estado,
          outcome:
            info.disposition === "rejected" ? "rejected" : d.estado === "DOK" ? "accepted" : "accepted_with_objections",
          descripcion: d.descripcion,
          errors: d.error,
        };
      });
      const stats: TypeStats[] = a.estadistica.map((s) => ({ ...s }));
      return envelopeStatusOf("boleta", a.trackid ?? trackId, a.estado, undefined, stats, documents);
    });
  }

  async function waitForFinal(trackId: string, opts: WaitOptions): Promise<EnvelopeStatus> {
    const intervalMs = opts.intervalMs ?? 5_000;
    const deadline = now() + (opts.maxWaitMs ?? 10 * 60_000);
    for (;;) {
      const status = await envelopeStatus(trackId, opts);
      if (status.final) return status;
      if (now() + intervalMs > deadline) {
        throw new SiiError(
          "sii_still_processing",
          {
            es: `El SII sigue procesando el envío ${trackId} (estado ${status.state}: ${status.meaning.es}). Consulte de nuevo más tarde.`,
            en: `The SII is still processing envelope ${trackId} (state ${status.state}: ${status.meaning.en}). Ask again later.`,
          },
          { retryable: true, siiCode: status.state },
        );
      }
      await sleep(intervalMs);
    }
  }

  async function documentStatus(q: DocumentQuery): Promise<DocumentStatus> {
    const consultante = rutParts(q.rutConsultante, "rutConsultante");
    const company = rutParts(q.rutEmisor, "rutEmisor");
    const receptor = rutParts(q.rutReceptor, "rutReceptor");
    const fecha = estDteDate(q.fechaEmision);
    const what = "QueryEstDte getEstDte";
    return withToken("dte", what, async (token) => {
      const answer = await transport.request(what, baseUrls.seedTokenDte + SII_PATHS.queryEstDte, {
        method: "POST",
        headers: SOAP_HEADERS,
        body: buildSoapRequest("getEstDte", [
          ["RutConsultante", consultante.body],
          ["DvConsultante", consultante.dv],
          ["RutCompania", company.body],
          ["DvCompania", company.dv],
          ["RutReceptor", receptor.body],
          ["DvReceptor", receptor.dv],
          ["TipoDte", String(q.tipoDte)],
          ["FolioDte", String(q.folio)],
          ["FechaEmisionDte", fecha],
          ["MontoDte", String(q.montoTotal)],
          ["Token", token],
        ]),
      });
      let r: Respuesta;
      try {
        r = parseRespuesta(readSoapReturn(answer.text(), "getEstDte"));
      } catch (e) {
        unreadable(what, e);
      }
      const estado = r.hdr.get("ESTADO") ?? "";
      if (DTE_TOKEN_CODES.has(estado)) throw new TokenRefused();
      const info = describeCode(DOCUMENT_QUERY_STATES, estado);
      if (info.disposition === "query_error" || info.disposition === "retry") {
        throw new SiiError(
          info.disposition === "retry" ? "sii_unavailable" : "sii_status_query_failed",
          {
            es: `El SII no respondió por el documento ${q.tipoDte}-${q.folio} (${estado}: ${info.meaning.es}).`,
            en: `The SII gave no answer for document ${q.tipoDte}-${q.folio} (${estado}: ${info.meaning.en}).`,
          },
          { retryable: info.disposition === "retry", siiCode: estado },
        );
      }
      return {
        state: estado,
        meaning: info.meaning,
        disposition: info.disposition,
        glosa: r.hdr.get("GLOSA_ESTADO"),
        errCode: r.hdr.get("ERR_CODE"),
        glosaErr: r.hdr.get("GLOSA_ERR"),
      };
    });
  }

  async function boletaStatus(q: DocumentQuery): Promise<DocumentStatus> {
    const company = rutParts(q.rutEmisor, "rutEmisor");
    const receptor = rutParts(q.rutReceptor, "rutReceptor");
    const d = estDteDate(q.fechaEmision);
    const what = "boleta.electronica (estado)";
    const query = new URLSearchParams({
      rut_receptor: receptor.body,
      dv_receptor: receptor.dv,
      monto: String(q.montoTotal),
      fechaEmision: `${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4)}`,
    });
    const url = `${baseUrls.boletaApi}${SII_PATHS.boletaEstado}/${company.body}-${company.dv}-${q.tipoDte}-${q.folio}/estado?${query}`;
    return withToken("boleta", what, async (token) => {
      const answer = await transport.request(what, url, {
        method: "GET",
        headers: { Cookie: `TOKEN=${token}`, Accept: "application/json" },
      });
      if (answer.status === 401) throw new TokenRefused();
      if (answer.status !== 200) throw httpRefused(what, answer);
      const parsed = BoletaDocumentAnswerSchema.safeParse(jsonOf(what, answer));
      if (!parsed.success) throw siiAnswerUnreadable(what, parsed.error.message);
      const info = describeCode(DOCUMENT_QUERY_STATES, parsed.data.codigo);
      return {
        state: parsed.data.codigo,
        meaning: info.meaning,
        disposition: info.disposition,
        glosa: parsed.data.descripcion,
        errCode: undefined,
        glosaErr: undefined,
      };
    });
  }

  return { environment, baseUrls, sendEnvelope, envelopeStatus, waitForFinal, documentStatus, boletaStatus };
}
