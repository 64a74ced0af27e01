/**
 * The emulator's answers, shaped like the SII's own (research/sii.md §9; captured answers quoted in
 * public clients): `SII:RESPUESTA` documents (returned escaped inside SOAP, or bare on the boleta
 * REST API), `RECEPCIONDTE` for DTEUpload, and the boleta JSON.
 */
import { escapeXml } from "../../hub/sii/xml-text.js";

const RESPUESTA_OPEN = `<?xml version="1.0" encoding="UTF-8"?><SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema">`;

type Fields = ReadonlyArray<readonly [string, string | number]>;

const fields = (f: Fields) => f.map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`).join("");

/** The SII writes RESP_BODY before RESP_HDR in its seed and token answers; readers must not care. */
export function respuesta(hdr: Fields, body?: Fields, bodyFirst = false): string {
  const h = `<SII:RESP_HDR>${fields(hdr)}</SII:RESP_HDR>`;
  const b = body ? `<SII:RESP_BODY>${fields(body)}</SII:RESP_BODY>` : "";
  return `${RESPUESTA_OPEN}${bodyFirst ? b + h : h + b}</SII:RESPUESTA>`;
}

export const seedRespuesta = (seed: string) => respuesta([["ESTADO", "00"]], [["SEMILLA", seed]], true);

export const tokenRespuesta = (token: string) =>
  respuesta(
    [
      ["ESTADO", "00"],
      ["GLOSA", "Token Creado"],
    ],
    [["TOKEN", token]],
    true,
  );

export const authErrorRespuesta = (estado: string, glosa: string) =>
  respuesta([
    ["ESTADO", estado],
    ["GLOSA", glosa],
  ]);

export interface RecepcionFields {
  rutSender: string;
  rutCompany: string;
  file: string;
  timestamp: string;
  status: string;
  trackId?: string;
  errors?: string[];
}

/** DTEUpload's answer, laid out as the SII prints it (one tag per line). */
export function recepcionDte(r: RecepcionFields): string {
  const lines = [
    `<?xml version="1.0"?>`,
    `<RECEPCIONDTE>`,
    ` <RUTSENDER>${escapeXml(r.rutSender)}</RUTSENDER>`,
    ` <RUTCOMPANY>${escapeXml(r.rutCompany)}</RUTCOMPANY>`,
    ` <FILE>${escapeXml(r.file)}</FILE>`,
    ` <TIMESTAMP>${escapeXml(r.timestamp)}</TIMESTAMP>`,
    ` <STATUS>${r.status}</STATUS>`,
  ];
  if (r.trackId) lines.push(` <TRACKID>${r.trackId}</TRACKID>`);
  if (r.errors?.length)
    lines.push(` <DETAIL>`, ...r.errors.map((e) => `  <ERROR>${escapeXml(e)}</ERROR>`), ` </DETAIL>`);
  lines.push(`</RECEPCIONDTE>`);
  return lines.join("\n") + "\n";
}

/** "YYYY-MM-DD HH:MM:SS" in Chile time, as the SII stamps receptions. */
export function siiTimestamp(date: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Santiago",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}

/** "1234 ( 2025/01/15 10:11:12)": QueryEstUp's NUM_ATENCION. */
export function numAtencion(n: number, date: Date): string {
  return `${n} ( ${siiTimestamp(date).replace(/-/g, "/")})`;
}
