/**
 * Parsers for what the SII sends back, into plain typed values. XML answers are read by tag name
 * (the SII adds and reorders tags freely); JSON answers are validated with zod.
 */
import { z } from "zod";
import type { TypeStats } from "./results.js";
import { childElements, children, descendant, localName, parseXml, textAt, textOf } from "./xml-text.js";

export class AnswerShapeError extends Error {}

function parseOrThrow(xml: string, what: string) {
  try {
    return parseXml(xml);
  } catch (e) {
    throw new AnswerShapeError(`${what}: not XML (${(e as Error).message})`);
  }
}

export interface Respuesta {
  /** First occurrence of each RESP_HDR child. */
  hdr: Map<string, string>;
  /** RESP_BODY children in document order (QueryEstUp repeats them per document type). */
  body: Array<{ name: string; value: string }>;
}

/** `<SII:RESPUESTA><SII:RESP_HDR>…<SII:RESP_BODY>…` in either order. */
export function parseRespuesta(xml: string): Respuesta {
  const doc = parseOrThrow(xml, "SII:RESPUESTA");
  const root = doc.documentElement;
  if (!root || localName(root) !== "RESPUESTA") throw new AnswerShapeError("expected <SII:RESPUESTA>");
  const hdr = new Map<string, string>();
  for (const h of children(root, "RESP_HDR")) {
    for (const c of childElements(h)) if (!hdr.has(localName(c))) hdr.set(localName(c), textOf(c) ?? "");
  }
  const body: Respuesta["body"] = [];
  for (const b of children(root, "RESP_BODY")) {
    for (const c of childElements(b)) body.push({ name: localName(c), value: textOf(c) ?? "" });
  }
  return { hdr, body };
}

export function bodyValue(r: Respuesta, name: string): string | undefined {
  return r.body.find((e) => e.name === name)?.value;
}

const toInt = (v: string | undefined): number => {
  const n = Number.parseInt(v ?? "", 10);
  return Number.isFinite(n) ? n : 0;
};

/** QueryEstUp RESP_BODY: TIPO_DOCTO starts a group of INFORMADOS/ACEPTADOS/RECHAZADOS/REPAROS. */
export function estUpStats(r: Respuesta): TypeStats[] {
  const groups: TypeStats[] = [];
  let current: TypeStats | undefined;
  const fresh = (tipo: number | undefined): TypeStats => ({
    tipo,
    informados: 0,
    aceptados: 0,
    rechazados: 0,
    reparos: 0,
  });
  for (const { name, value } of r.body) {
    if (name === "TIPO_DOCTO") {
      current = fresh(toInt(value));
      groups.push(current);
      continue;
    }
    const key = (
      { INFORMADOS: "informados", ACEPTADOS: "aceptados", RECHAZADOS: "rechazados", REPAROS: "reparos" } as const
    )[name as "INFORMADOS"];
    if (!key) continue;
    if (!current) {
      current = fresh(undefined);
      groups.push(current);
    }
    current[key] = toInt(value);
  }
  return groups;
}

export interface Recepcion {
  status: string;
  trackId: string | undefined;
  rutSender: string | undefined;
  rutCompany: string | undefined;
  file: string | undefined;
  timestamp: string | undefined;
  errors: string[];
}

/** `<RECEPCIONDTE>` of /cgi_dte/UPL/DTEUpload. */
export function parseRecepcion(xml: string): Recepcion {
  const doc = parseOrThrow(xml, "RECEPCIONDTE");
  const root = doc.documentElement;
  if (!root || localName(root) !== "RECEPCIONDTE") throw new AnswerShapeError("expected <RECEPCIONDTE>");
  const status = textAt(root, "STATUS");
  if (status === undefined || status === "") throw new AnswerShapeError("<RECEPCIONDTE> without <STATUS>");
  const detail = descendant(root, "DETAIL");
  return {
    status,
    trackId: textAt(root, "TRACKID") || undefined,
    rutSender: textAt(root, "RUTSENDER"),
    rutCompany: textAt(root, "RUTCOMPANY"),
    file: textAt(root, "FILE"),
    timestamp: textAt(root, "TIMESTAMP"),
    errors: detail ? children(detail, "ERROR").map((e) => textOf(e) ?? "") : [],
  };
}

const intLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const optionalInt = intLike.nullish().transform((v) => v ?? undefined);
const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

/** The boleta upload answer: `{rut_emisor, rut_envia, trackid, fecha_recepcion, estado, file}`. */
export const BoletaUploadAnswerSchema = z.object({
  rut_emisor: z.string(),
  rut_envia: z.string(),
  trackid: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String),
  fecha_recepcion: z.string(),
  estado: z.string(),
  file: z.string().optional(),
});

/** One boleta's state (EstadoBoletaRespuesta in the SII's boleta API: `{codigo, descripcion}`). */
export const BoletaDocumentAnswerSchema = z.object({
  codigo: z.string().min(1),
  descripcion: z.string().optional(),
});

const BoletaErrorSchema = z.object({
  seccion: optionalText,
  linea: optionalInt,
  nivel: optionalInt,
  codigo: optionalInt,
  descripcion: optionalText,
  detalle: optionalText,
});

const BoletaDetailSchema = z.object({
  tipo: optionalInt,
  folio: intLike,
  estado: z.string(),
  descripcion: optionalText,
  error: z
    .array(BoletaErrorSchema)
    .nullish()
    .transform((v) => v ?? []),
});

const BoletaStatsSchema = z.object({
  tipo: optionalInt,
  informados: intLike.nullish().transform((v) => v ?? 0),
  aceptados: intLike.nullish().transform((v) => v ?? 0),
  rechazados: intLike.nullish().transform((v) => v ?? 0),
  reparos: intLike.nullish().transform((v) => v ?? 0),
});

/** The boleta status answer (`boleta.electronica.envio/{rut}-{dv}-{trackid}`). */
export const BoletaStatusAnswerSchema = z.object({
  rut_emisor: z.string().optional(),
  rut_envia: z.string().optional(),
  trackid: z.union([z.number(), z.string()]).transform(String).optional(),
  fecha_recepcion: z.string().optional(),
  estado: z.string(),
  estadistica: z
    .array(BoletaStatsSchema)
    .nullish()
    .transform((v) => v ?? []),
  detalle_rep_rech: z
    .array(BoletaDetailSchema)
    .nullish()
    .transform((v) => v ?? []),
});
