/**
 * A stand-in for the SII: one HTTP server that answers the DTE channel (maullin/palena SOAP services
 * and DTEUpload) and the boleta REST API (apicert/api and pangal/rahue) at the SII's own paths, with
 * its fields, answer shapes and codes. Envelopes are checked the way the SII checks them and advance
 * through the in-progress states to a final answer. Everything lives in memory, per instance.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SII_PATHS } from "../../hub/sii/environments.js";
import type { SiiChannel } from "../../hub/sii/results.js";
import { buildSoapFault, buildSoapResponse, readSoapRequest, SoapShapeError } from "../../hub/sii/soap.js";
import { ESTDTE_ERR_CODES, DOCUMENT_QUERY_STATES } from "../../hub/sii/status-codes.js";
import { bindParams, DTEWS_SERVICES, wsdlFor, type DtewsService } from "./dtews-services.js";
import { SiiEmulatorState, STATE_GLOSA, statePath, type EnvelopeRecord } from "./emulator-state.js";
import { FaultBoard, type SiiFault } from "./faults.js";
import { processEnvelope, sniffEnvelope } from "./process-envelope.js";
import {
  authErrorRespuesta,
  numAtencion,
  recepcionDte,
  respuesta,
  seedRespuesta,
  siiTimestamp,
  tokenRespuesta,
} from "./sii-replies.js";
import { checkTokenRequest } from "./token-request.js";

/**
 * How fast envelopes move from REC to their final state:
 * `instant` answers the final state on the first status query (tests);
 * `per-query` moves one state per status query; `timer` moves one state every `stepMs`.
 */
export type SiiEmulatorTiming = { mode: "instant" } | { mode: "per-query" } | { mode: "timer"; stepMs: number };

export interface SiiEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * PEM public keys whose signature (FRMA) makes a CAF genuine: the SII trusts only its own key,
   * the emulator only these (the demo passes its test CAF authority).
   */
  cafAuthorities: readonly string[];
  timing?: SiiEmulatorTiming;
  /** Token lifetime (default one hour). */
  tokenTtlMs?: number;
  /** Seed lifetime (default two minutes, as the SII). */
  seedTtlMs?: number;
  faults?: readonly SiiFault[];
  now?: () => number;
  /**
   * Every upload and token, appended to this file before the emulator answers; started again on
   * the same file it remembers them (kill -9 it and start it again: like the real SII, it never
   * forgets an envelope it received).
   */
  journalFile?: string;
}

export interface SiiEmulator {
  /** Base URL for every SII host family, e.g. http://127.0.0.1:40123. */
  url: string;
  state: SiiEmulatorState;
  setFault(fault: SiiFault): void;
  clearFaults(): void;
  /** Resolves once every envelope received so far has been processed. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** One line of the journal (see SiiEmulatorOptions.journalFile). */
type JournalEntry =
  | { t: "token"; token: string; channel: SiiChannel; expiresAt: number }
  | {
      t: "upload";
      channel: SiiChannel;
      trackId: string;
      rutSender: string;
      rutCompany: string;
      fileName: string;
      bytes: string;
      receivedAt: string;
      repeated: boolean;
    };

/** The journal's entries; a last line cut by a kill is ignored (its upload was never answered). */
function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  const out: JournalEntry[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      break;
    }
  }
  return out;
}

/** The SII boleta API's own descriptions (EstadoBoletaRespuesta). */
const BOLETA_STATE_TEXT: Record<string, string> = {
  DOK: "Documento Recibido por el SII. Datos Coinciden con los Registrados",
  DNK: "Documento Recibido por el SII pero Datos NO Coinciden con los registrados",
  FAU: "Documento No Recibido por el SII",
};

class PayloadTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

const sendXml = (res: ServerResponse, body: string, status = 200) => send(res, status, "text/xml; charset=utf-8", body);
const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));

function cookieToken(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)TOKEN=([^;\s]+)/.exec(req.headers.cookie ?? "")?.[1];
}

/** Multipart parsing by the platform's own Request (undici), so the emulator accepts what browsers and curl send. */
async function readForm(req: IncomingMessage, body: Buffer): Promise<FormData | undefined> {
  const type = req.headers["content-type"] ?? "";
  if (!/^multipart\/form-data/i.test(type)) return undefined;
  try {
    return await new Request("http://emulator.local/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return undefined;
  }
}

async function formFile(form: FormData, name: string): Promise<{ name: string; bytes: Buffer } | undefined> {
  const v = form.get(name);
  if (v === null || typeof v === "string") return undefined;
  return { name: v.name, bytes: Buffer.from(await v.arrayBuffer()) };
}

function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** "76354771" + "k" → "76354771-K", as the SII compares RUTs. */
function joinRut(body: string, dv: string): string {
  return `${body.replace(/^0+/, "")}-${dv.toUpperCase()}`;
}

export async function startSiiEmulator(options: SiiEmulatorOptions): Promise<SiiEmulator> {
  const state = new SiiEmulatorState();
  const now = options.now ?? Date.now;
  const timing = options.timing ?? { mode: "timer", stepMs: 1_500 };
  const tokenTtlMs = options.tokenTtlMs ?? 60 * 60_000;
  const seedTtlMs = options.seedTtlMs ?? 2 * 60_000;
  const cafAuthorities = options.cafAuthorities;
  const faults = new FaultBoard(() => state.expireAllTokens());
  for (const f of options.faults ?? []) faults.set(f);
  let queue: Promise<unknown> = Promise.resolve();
  const journal = (entry: JournalEntry) => {
    if (options.journalFile) appendFileSync(options.journalFile, `${JSON.stringify(entry)}\n`);
  };
  const issueToken = (channel: SiiChannel): string => {
    const token = state.newToken(channel, tokenTtlMs, now());
    journal({ t: "token", token, channel, expiresAt: state.tokens.get(token)!.expiresAt });
    return token;
  };

  /** The state a status query sees now. */
  async function visibleState(e: EnvelopeRecord): Promise<string> {
    e.queries += 1;
    if (faults.stuckInRec) return "REC";
    if (timing.mode !== "timer") await e.done.catch(() => undefined);
    // A processing fault (an emulator bug) surfaces as the SII's own "Error 500".
    if (e.failure) throw new Error(`processing envelope ${e.trackId} failed: ${e.failure}`);
    if (!e.result) return "REC";
    const path = statePath(e.result.final);
    const step =
      timing.mode === "instant"
        ? path.length - 1
        : timing.mode === "per-query"
          ? e.queries
          : Math.floor((now() - e.receivedAt.getTime()) / timing.stepMs);
    return path[Math.min(step, path.length - 1)] ?? "REC";
  }

  function receive(
    channel: SiiChannel,
    upload: { rutSender: string; rutCompany: string; file: { name: string; bytes: Buffer } },
    repeated: boolean,
    restored?: { trackId: string; receivedAt: Date },
  ): EnvelopeRecord {
    const trackId = restored?.trackId ?? state.newTrackId(channel);
    const receivedAt = restored?.receivedAt ?? new Date(now());
    if (!restored)
      journal({
        t: "upload",
        channel,
        trackId,
        rutSender: upload.rutSender,
        rutCompany: upload.rutCompany,
        fileName: upload.file.name,
        bytes: upload.file.bytes.toString("base64"),
        receivedAt: receivedAt.toISOString(),
        repeated,
      });
    // One envelope at a time, in arrival order, so folio memory sees them in the order the SII would.
    const processing = queue.then(() =>
      processEnvelope(upload.file.bytes, {
        channel,
        rutSender: upload.rutSender,
        rutCompany: upload.rutCompany,
        cafAuthorities,
        folios: state.folios,
        receivedAt,
        repeated,
      }),
    );
    const record: EnvelopeRecord = {
      trackId,
      channel,
      rutEmisor: upload.rutCompany,
      rutEnvia: upload.rutSender,
      fileName: upload.file.name,
      receivedAt,
      sha256: createHash("sha256").update(upload.file.bytes).digest("hex"),
      result: undefined,
      failure: undefined,
      done: processing.then((result) => (record.result = result)),
      queries: 0,
    };
    queue = record.done.catch((err: unknown) => {
      record.failure = (err as Error).message;
    });
    state.envelopes.set(trackId, record);
    return record;
  }

  const alreadyReceived = (rutCompany: string, bytes: Buffer) => {
    const sha = createHash("sha256").update(bytes).digest("hex");
    return [...state.envelopes.values()].some((e) => e.rutEmisor === rutCompany && e.sha256 === sha);
  };

  // ── DTE channel: SOAP services ──────────────────────────────────────────────────────────────

  async function soapAnswer(service: DtewsService, params: Record<string, string>): Promise<string> {
    const t = now();
    switch (service.operation) {
      case "getSeed":
        return seedRespuesta(state.newSeed(seedTtlMs, t));
      case "getToken": {
        const check = await checkTokenRequest(params.pszXml ?? "", (seed) => state.takeSeed(seed, now()));
        return check.ok ? tokenRespuesta(issueToken("dte")) : authErrorRespuesta(check.estado, check.glosa);
      }
      case "getEstUp":
        return estUp(params);
      default:
        return estDte(params);
    }
  }

  function tokenProblem(token: string | undefined, channel: SiiChannel): string | undefined {
    const s = state.tokenState(token, channel, now());
    if (s === "valid") return undefined;
    return s === "expired"
      ? respuesta([
          ["ESTADO", "002"],
          ["GLOSA", "Token Inactivo"],
        ])
      : respuesta([
          ["ESTADO", "003"],
          ["GLOSA", "Token No Existe"],
        ]);
  }

  async function estUp(p: Record<string, string>): Promise<string> {
    const bad = tokenProblem(p.Token, "dte");
    if (bad) return bad;
    const e = state.findEnvelope(p.TrackId ?? "", joinRut(p.RutCompania ?? "", p.DvCompania ?? ""), "dte");
    if (!e) {
      return respuesta([
        ["ESTADO", "-11"],
        ["GLOSA", "ERR_CODE 1: el envio no es de la empresa o faltan parametros de entrada"],
        ["ERR_CODE", "1"],
        ["SQL_CODE", "0"],
        ["SRV_CODE", "0"],
      ]);
    }
    const estado = await visibleState(e);
    const hdr: Array<[string, string]> = [
      ["TRACKID", e.trackId],
      ["ESTADO", estado],
      ["GLOSA", STATE_GLOSA[estado] ?? estado],
      ["NUM_ATENCION", numAtencion(state.nextAttention(), new Date(now()))],
    ];
    if (estado !== "EPR" || !e.result) return respuesta(hdr);
    const body: Array<[string, string | number]> = [];
    for (const tipo of [...new Set(e.result.documents.map((d) => d.tipo))]) {
      const docs = e.result.documents.filter((d) => d.tipo === tipo);
      body.push(
        ["TIPO_DOCTO", tipo],
        ["INFORMADOS", docs.length],
        ["ACEPTADOS", docs.filter((d) => d.estado === "DOK").length],
        ["RECHAZADOS", docs.filter((d) => d.estado === "RCH").length],
        ["REPAROS", docs.filter((d) => d.estado === "RPR").length],
      );
    }
    return respuesta(hdr, body);
  }

  function estDte(p: Record<string, string>): string {
    const bad = tokenProblem(p.Token, "dte");
    if (bad) return bad;
    const doc = state.findDocument(
      joinRut(p.RutCompania ?? "", p.DvCompania ?? ""),
      Number(p.TipoDte),
      Number(p.FolioDte),
    );
    const fecha = /^(\d{2})(\d{2})(\d{4})$/.exec(p.FechaEmisionDte ?? "");
    const isoFecha = fecha ? `${fecha[3]}-${fecha[2]}-${fecha[1]}` : "";
    const estado = !doc
      ? "FAU"
      : doc.rutReceptor === joinRut(p.RutReceptor ?? "", p.DvReceptor ?? "") &&
          doc.fechaEmision === isoFecha &&
          doc.montoTotal === Number(p.MontoDte)
        ? "DOK"
        : "DNK";
    const meaning = DOCUMENT_QUERY_STATES.get(estado)?.meaning.es ?? estado;
    return respuesta([
      ["ESTADO", estado],
      ["GLOSA_ESTADO", meaning],
      ["ERR_CODE", ESTDTE_ERR_CODES[estado] ?? ""],
      ["GLOSA_ERR", meaning],
      ["NUM_ATENCION", numAtencion(state.nextAttention(), new Date(now()))],
    ]);
  }

  async function handleSoap(
    req: IncomingMessage,
    res: ServerResponse,
    service: DtewsService,
    body: Buffer,
  ): Promise<void> {
    const serviceUrl = `http://${req.headers.host ?? "localhost"}${service.path}`;
    let call;
    try {
      call = readSoapRequest(body.toString("utf8"));
    } catch (e) {
      if (e instanceof SoapShapeError) return sendXml(res, buildSoapFault("soapenv:Client", e.message), 500);
      throw e;
    }
    if (call.operation !== service.operation) {
      return sendXml(res, buildSoapFault("soapenv:Client", `No such operation '${call.operation}'`), 500);
    }
    const inner = await soapAnswer(service, bindParams(service, call.params));
    sendXml(res, buildSoapResponse(service.operation, inner, serviceUrl));
  }

  // ── DTE channel: upload ─────────────────────────────────────────────────────────────────────

  async function handleDteUpload(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const stamp = siiTimestamp(new Date(now()));
    if (state.tokenState(cookieToken(req), "dte", now()) !== "valid") {
      // What the SII prints when the cookie carries no live token.
      return sendXml(
        res,
        recepcionDte({ rutSender: "0-0", rutCompany: "0-0", file: "", timestamp: "0 0", status: "5" }),
      );
    }
    const form = await readForm(req, body);
    const file = form ? await formFile(form, "archivo") : undefined;
    const rutSender = form ? joinRut(formText(form, "rutSender"), formText(form, "dvSender")) : "-";
    const rutCompany = form ? joinRut(formText(form, "rutCompany"), formText(form, "dvCompany")) : "-";
    const base = { rutSender, rutCompany, file: file?.name ?? "", timestamp: stamp };
    if (!file || file.bytes.length === 0)
      return sendXml(res, recepcionDte({ ...base, status: "2", errors: ["Archivo vacio o ausente"] }));
    const sniff = sniffEnvelope(file.bytes);
    if (sniff !== "EnvioDTE") {
      return sendXml(
        res,
        recepcionDte({
          ...base,
          status: "7",
          errors: [sniff === "not-xml" ? "El archivo no es un XML bien formado" : `Raiz <${sniff}> no es EnvioDTE`],
        }),
      );
    }
    if (alreadyReceived(rutCompany, file.bytes)) return sendXml(res, recepcionDte({ ...base, status: "99" }));
    const record = receive("dte", { rutSender, rutCompany, file }, false);
    if (await answerLost(req)) return;
    sendXml(res, recepcionDte({ ...base, status: "0", trackId: record.trackId }));
  }

  /** The upload is in; its answer is cut or held back as the faults say. True when nothing is to be sent. */
  async function answerLost(req: IncomingMessage): Promise<boolean> {
    if (faults.loseUploadAnswer()) {
      req.socket.destroy();
      return true;
    }
    const hang = faults.uploadHang();
    if (hang > 0) await new Promise((r) => setTimeout(r, hang));
    return req.socket.destroyed;
  }

  // ── Boleta channel: REST ────────────────────────────────────────────────────────────────────

  /** One boleta's state, as the SII's boleta API answers it: {codigo, descripcion}. */
  function handleBoletaDocument(req: IncomingMessage, res: ServerResponse, url: URL, key: string): void {
    if (state.tokenState(cookieToken(req), "boleta", now()) !== "valid")
      return sendJson(res, 401, { message: "No autorizado" });
    const m = /^(\d+)-([\dkK])-(\d+)-(\d+)$/.exec(key);
    if (!m) return send(res, 400, "text/plain; charset=utf-8", `Parametros invalidos: ${key}`);
    const doc = state.findDocument(joinRut(m[1]!, m[2]!), Number(m[3]), Number(m[4]));
    const q = url.searchParams;
    const fecha = /^(\d{2})-(\d{2})-(\d{4})$/.exec(q.get("fechaEmision") ?? "");
    const matches =
      doc !== undefined &&
      (!q.has("rut_receptor") ||
        doc.rutReceptor === joinRut(q.get("rut_receptor") ?? "", q.get("dv_receptor") ?? "")) &&
      (!q.has("monto") || doc.montoTotal === Number(q.get("monto"))) &&
      (!fecha || doc.fechaEmision === `${fecha[3]}-${fecha[2]}-${fecha[1]}`);
    const codigo = !doc ? "FAU" : matches ? "DOK" : "DNK";
    sendJson(res, 200, { codigo, descripcion: BOLETA_STATE_TEXT[codigo] });
  }

  async function handleBoletaToken(res: ServerResponse, body: Buffer): Promise<void> {
    const check = await checkTokenRequest(body.toString("utf8"), (seed) => state.takeSeed(seed, now()));
    const answer = check.ok ? tokenRespuesta(issueToken("boleta")) : authErrorRespuesta(check.estado, check.glosa);
    send(res, 200, "application/xml; charset=utf-8", answer);
  }

  async function handleBoletaUpload(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (state.tokenState(cookieToken(req), "boleta", now()) !== "valid")
      return sendJson(res, 401, { message: "No autorizado" });
    const form = await readForm(req, body);
    if (!form)
      return sendJson(res, 400, {
        message: "Se esperaba multipart/form-data con rutSender, dvSender, rutCompany, dvCompany y archivo",
      });
    const rutSender = joinRut(formText(form, "rutSender"), formText(form, "dvSender"));
    const rutCompany = joinRut(formText(form, "rutCompany"), formText(form, "dvCompany"));
    const file = (await formFile(form, "archivo")) ?? { name: "", bytes: Buffer.alloc(0) };
    const record = receive("boleta", { rutSender, rutCompany, file }, alreadyReceived(rutCompany, file.bytes));
    if (await answerLost(req)) return;
    sendJson(res, 200, {
      rut_emisor: rutCompany,
      rut_envia: rutSender,
      trackid: Number(record.trackId),
      fecha_recepcion: siiTimestamp(record.receivedAt),
      estado: "REC",
      file: file.name,
    });
  }

  async function handleBoletaStatus(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    if (state.tokenState(cookieToken(req), "boleta", now()) !== "valid")
      return sendJson(res, 401, { message: "No autorizado" });
    const m = /^(\d+)-([\dkK])-(\d+)$/.exec(key);
    const e = m ? state.findEnvelope(m[3]!, joinRut(m[1]!, m[2]!), "boleta") : undefined;
    if (!e) return sendJson(res, 404, { message: `Envio ${key} no encontrado` });
    const estado = await visibleState(e);
    const processed = estado === "EPR" && e.result;
    const docs = processed ? e.result!.documents : [];
    const tipos = [...new Set(docs.map((d) => d.tipo))];
    sendJson(res, 200, {
      rut_emisor: e.rutEmisor,
      rut_envia: e.rutEnvia,
      trackid: Number(e.trackId),
      fecha_recepcion: siiTimestamp(e.receivedAt),
      estado,
      estadistica: tipos.map((tipo) => {
        const of = docs.filter((d) => d.tipo === tipo);
        return {
          tipo,
          informados: of.length,
          aceptados: of.filter((d) => d.estado === "DOK").length,
          rechazados: of.filter((d) => d.estado === "RCH").length,
          reparos: of.filter((d) => d.estado === "RPR").length,
        };
      }),
      detalle_rep_rech: docs
        .filter((d) => d.estado !== "DOK")
        .map((d) => ({
          tipo: d.tipo,
          folio: d.folio,
          estado: d.estado,
          descripcion: d.estado === "RCH" ? "DTE Rechazado" : "DTE Aceptado con Reparos",
          error: d.findings.map((f) => ({
            seccion: f.seccion,
            linea: f.linea ?? 0,
            nivel: f.nivel,
            codigo: f.codigo,
            descripcion: f.descripcion,
            detalle: f.detalle ?? "",
          })),
        })),
    });
  }

  // ── Routing and faults ──────────────────────────────────────────────────────────────────────

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const path = url.pathname;
    const method = req.method ?? "GET";
    // Test control (never the SII's paths): what it holds, faults at run time.
    if (path.startsWith("/_emulator/")) return control(req, res, path, method);
    state.requests.push({ method, path });

    for (const fault of faults.take()) {
      if (fault.kind === "down") {
        req.socket.destroy();
        return;
      }
      if (fault.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.kind === "http-error") {
        const status = fault.status ?? 503;
        return send(res, status, "text/html", `<html><body>Error ${status}</body></html>`);
      }
    }

    const body = await readBody(req);
    const service = DTEWS_SERVICES.find((s) => s.path === path);
    if (service && method === "GET" && /^wsdl$/i.test(url.search.slice(1))) {
      return sendXml(res, wsdlFor(service, `http://${req.headers.host ?? "localhost"}${service.path}`));
    }
    if (service && method === "POST") return handleSoap(req, res, service, body);
    if (path === SII_PATHS.dteUpload && method === "POST") return handleDteUpload(req, res, body);
    if (path === SII_PATHS.boletaSeed && method === "GET") {
      return send(res, 200, "application/xml; charset=utf-8", seedRespuesta(state.newSeed(seedTtlMs, now())));
    }
    if (path === SII_PATHS.boletaToken && method === "POST") return handleBoletaToken(res, body);
    if (path === SII_PATHS.boletaEnvio && method === "POST") return handleBoletaUpload(req, res, body);
    const boletaState = path.startsWith(`${SII_PATHS.boletaEstado}/`)
      ? /^\/([^/]+)\/estado$/.exec(path.slice(SII_PATHS.boletaEstado.length))
      : null;
    if (boletaState && method === "GET")
      return handleBoletaDocument(req, res, url, decodeURIComponent(boletaState[1]!));
    if (path.startsWith(`${SII_PATHS.boletaEnvio}/`) && method === "GET") {
      return handleBoletaStatus(req, res, decodeURIComponent(path.slice(SII_PATHS.boletaEnvio.length + 1)));
    }
    send(res, 404, "text/plain; charset=utf-8", `Not found: ${method} ${path}`);
  }

  /** GET /_emulator/state: every envelope with its documents; POST/DELETE /_emulator/faults: set or clear a fault. */
  async function control(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
    if (path === "/_emulator/state" && method === "GET") {
      await Promise.all([...state.envelopes.values()].map((e) => e.done.catch(() => undefined)));
      return sendJson(res, 200, {
        envelopes: [...state.envelopes.values()].map((e) => ({
          trackId: e.trackId,
          channel: e.channel,
          rutEmisor: e.rutEmisor,
          receivedAt: e.receivedAt.toISOString(),
          final: e.result?.final ?? null,
          failure: e.failure ?? null,
          documents: (e.result?.documents ?? []).map((d) => ({ tipo: d.tipo, folio: d.folio, estado: d.estado })),
        })),
      });
    }
    if (path === "/_emulator/faults" && method === "POST") {
      try {
        faults.set(JSON.parse((await readBody(req)).toString("utf8")) as SiiFault);
      } catch {
        return sendJson(res, 400, { message: 'a fault as JSON, e.g. {"kind":"down","times":3}' });
      }
      return sendJson(res, 200, { ok: true });
    }
    if (path === "/_emulator/faults" && method === "DELETE") {
      faults.clear();
      return sendJson(res, 200, { ok: true });
    }
    send(res, 404, "text/plain; charset=utf-8", `Not found: ${method} ${path}`);
  }

  // Started again on its journal: what it had received before it died, processed again in order.
  for (const entry of options.journalFile ? readJournal(options.journalFile) : []) {
    if (entry.t === "token") {
      state.tokens.set(entry.token, { channel: entry.channel, expiresAt: entry.expiresAt });
      continue;
    }
    state.noteTrackId(entry.channel, entry.trackId);
    receive(
      entry.channel,
      {
        rutSender: entry.rutSender,
        rutCompany: entry.rutCompany,
        file: { name: entry.fileName, bytes: Buffer.from(entry.bytes, "base64") },
      },
      entry.repeated,
      { trackId: entry.trackId, receivedAt: new Date(entry.receivedAt) },
    );
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      if (e instanceof PayloadTooLarge) return send(res, 413, "text/plain", "Archivo demasiado grande");
      send(res, 500, "text/plain; charset=utf-8", `Error 500: ${(e as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`,
    state,
    setFault: (f) => faults.set(f),
    clearFaults: () => faults.clear(),
    idle: async () => {
      await Promise.all([...state.envelopes.values()].map((e) => e.done.catch(() => undefined)));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
