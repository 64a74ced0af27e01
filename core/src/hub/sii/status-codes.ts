/**
 * What the SII's codes mean. Sources: research/sii.md §9; libredte SendXmlDocumentJob.php (upload
 * STATUS), CheckXmlDocumentSentStatusResponse.php (QueryEstUp states and error codes),
 * ValidateDocumentResponse.php (QueryEstDte states); boleta REST states from public clients.
 */
import type { UserMessage } from "../../errors.js";

/** What the caller should do next with an answer. */
export type CodeDisposition =
  /** Received or still being processed: ask again later. */
  | "in_progress"
  /** Processed: read the per-document results. */
  | "processed"
  /** Final rejection of the whole envelope: fix the file and send a new one. */
  | "rejected"
  /** The token is gone: authenticate again and repeat the request. */
  | "reauthenticate"
  /** A passing SII problem: repeat the same request later. */
  | "retry"
  /** The query itself was wrong (unknown track id, wrong company...). */
  | "query_error";

export interface CodeInfo {
  code: string;
  meaning: UserMessage;
  disposition: CodeDisposition;
}

function info(code: string, es: string, en: string, disposition: CodeDisposition): CodeInfo {
  return { code, meaning: { es, en }, disposition };
}

const table = (entries: CodeInfo[]): ReadonlyMap<string, CodeInfo> => new Map(entries.map((e) => [e.code, e]));

/** `<RECEPCIONDTE><STATUS>` of /cgi_dte/UPL/DTEUpload. */
export const UPLOAD_STATUS = table([
  info("0", "Envío recibido (upload OK)", "Upload received", "in_progress"),
  info(
    "1",
    "El usuario que envía no tiene permiso para enviar a nombre de la empresa",
    "The sender is not allowed to send for this company",
    "rejected",
  ),
  info(
    "2",
    "Error en el tamaño del archivo (muy grande o muy chico)",
    "File size error (too large or too small)",
    "rejected",
  ),
  info("3", "Archivo cortado (el tamaño difiere del informado)", "The file arrived cut (size differs)", "rejected"),
  info(
    "5",
    "No autenticado (token vencido o inexistente)",
    "Not authenticated (token expired or unknown)",
    "reauthenticate",
  ),
  info(
    "6",
    "La empresa no está autorizada a enviar archivos",
    "The company is not authorised to send files",
    "rejected",
  ),
  info("7", "Esquema inválido", "Invalid schema", "rejected"),
  info("8", "Error en la firma del documento", "Document signature error", "rejected"),
  info("9", "Sistema del SII bloqueado o con problemas internos", "SII system blocked or failing", "retry"),
  info("99", "El archivo ya había sido recibido", "The file had already been received", "rejected"),
]);

const IN_PROGRESS_STATES = [
  info("REC", "Envío recibido", "Envelope received", "in_progress"),
  info("SOK", "Schema validado", "Schema validated", "in_progress"),
  info("CRT", "Carátula OK", "Cover (carátula) OK", "in_progress"),
  info("FOK", "Firma del envío validada", "Envelope signature validated", "in_progress"),
  info("PRD", "Envío en proceso", "Envelope being processed", "in_progress"),
  info("PDR", "Envío en proceso", "Envelope being processed", "in_progress"),
];

const FINAL_ENVELOPE_STATES = [
  info("EPR", "Envío procesado", "Envelope processed", "processed"),
  info("RPR", "Aceptado con reparos", "Accepted with objections", "processed"),
  info("RLV", "Aceptado con reparos leves", "Accepted with minor objections", "processed"),
  info("RCH", "Rechazado por error en los datos", "Rejected for data errors", "rejected"),
  info("RCO", "Rechazado por inconsistencia", "Rejected for inconsistency", "rejected"),
  info("RSC", "Rechazado por error en schema", "Rejected: schema error", "rejected"),
  info("RFR", "Rechazado por error en firma", "Rejected: signature error", "rejected"),
  info("RCT", "Rechazado por error en carátula", "Rejected: cover (carátula) error", "rejected"),
  info("RPT", "Rechazado: envío repetido", "Rejected: repeated envelope", "rejected"),
  info("VOF", "No se encontró el archivo XML del envío", "The envelope's XML file was not found", "rejected"),
];

/** Numeric answers of QueryEstUp / QueryEstDte: token trouble and query errors. */
const QUERY_ERRORS = [
  info("001", "Cookie o token inactivo", "Cookie or token inactive", "reauthenticate"),
  info("002", "Token inactivo", "Token inactive", "reauthenticate"),
  info("003", "Token no existe", "Token does not exist", "reauthenticate"),
  info("-1", "Error: falta el campo estado en la respuesta", "Error: state field missing", "retry"),
  info("-2", "Error de retorno", "Return error", "retry"),
  info("-3", "Error: el RUT del usuario no existe", "Error: user RUT does not exist", "query_error"),
  info("-4", "Error al obtener los datos", "Error fetching data", "retry"),
  info("-5", "Error al retornar los datos", "Error returning data", "retry"),
  info("-6", "Error: usuario no autorizado", "Error: user not authorised", "query_error"),
  info("-7", "Error al retornar los datos", "Error returning data", "retry"),
  info("-8", "Error al retornar los datos", "Error returning data", "retry"),
  info("-9", "Error al retornar los datos", "Error returning data", "retry"),
  info("-10", "Error al validar el RUT del usuario", "Error validating the user RUT", "query_error"),
  info(
    "-11",
    "Error de consulta (ver ERR_CODE, SQL_CODE, SRV_CODE)",
    "Query error (see ERR_CODE, SQL_CODE, SRV_CODE)",
    "query_error",
  ),
  info("-12", "Error en la consulta", "Query error", "query_error"),
  info("-13", "Error: RUT de usuario nulo", "Error: empty user RUT", "query_error"),
  info("-14", "Error en el XML de retorno", "Error in the returned XML", "retry"),
];

/** ESTADO of QueryEstUp (SOAP) and `estado` of the boleta envío status (REST). */
export const ENVELOPE_STATES = table([...IN_PROGRESS_STATES, ...FINAL_ENVELOPE_STATES, ...QUERY_ERRORS]);

/** `ERR_CODE` that comes with ESTADO -11 in QueryEstUp. */
export const ESTUP_ERR_CODES: ReadonlyMap<string, UserMessage> = new Map([
  ["0", { es: "Se retorna el estado", en: "State returned" }],
  [
    "1",
    {
      es: "El envío no es de la empresa o faltan parámetros de entrada",
      en: "The envelope is not the company's, or parameters are missing",
    },
  ],
  ["2", { es: "Error de proceso", en: "Processing error" }],
]);

/** `estado` of one document in the boleta `detalle_rep_rech`. */
export const DOCUMENT_RESULT_STATES = table([
  info("DOK", "Documento aceptado", "Document accepted", "processed"),
  info("RPR", "Documento aceptado con reparos", "Document accepted with objections", "processed"),
  info("RLV", "Documento aceptado con reparos leves", "Document accepted with minor objections", "processed"),
  info("RCH", "Documento rechazado", "Document rejected", "rejected"),
]);

/** ESTADO of QueryEstDte (one document). */
export const DOCUMENT_QUERY_STATES = table([
  info(
    "DOK",
    "Documento recibido por el SII; los datos coinciden",
    "Document received by the SII; data match",
    "processed",
  ),
  info(
    "DNK",
    "Documento recibido por el SII, pero los datos no coinciden",
    "Document received by the SII, but the data do not match",
    "rejected",
  ),
  info("FAU", "Documento no recibido por el SII", "Document not received by the SII", "rejected"),
  info("FNA", "Folio no autorizado por el SII", "Folio not authorised by the SII", "rejected"),
  info("FAN", "Folio anulado antes de enviarse al SII", "Folio annulled before being sent", "rejected"),
  info(
    "EMP",
    "Empresa no autorizada a emitir documentos electrónicos",
    "Company not authorised to issue electronic documents",
    "rejected",
  ),
  info("TMD", "Existe nota de débito que modifica el texto", "A debit note modifies the text", "processed"),
  info("TMC", "Existe nota de crédito que modifica el texto", "A credit note modifies the text", "processed"),
  info("MMD", "Existe nota de débito que modifica los montos", "A debit note modifies the amounts", "processed"),
  info("MMC", "Existe nota de crédito que modifica los montos", "A credit note modifies the amounts", "processed"),
  info("AND", "Existe nota de débito que anula el documento", "A debit note annuls the document", "processed"),
  info("ANC", "Existe nota de crédito que anula el documento", "A credit note annuls the document", "processed"),
  ...QUERY_ERRORS,
]);

/** ERR_CODE that QueryEstDte returns alongside each state (libredte ValidateDocumentResponse). */
export const ESTDTE_ERR_CODES: Readonly<Record<string, string>> = {
  DOK: "0",
  DNK: "1",
  FAU: "3",
  FNA: "4",
  FAN: "5",
  EMP: "6",
  TMD: "10",
  TMC: "11",
  MMD: "12",
  MMC: "13",
  AND: "14",
  ANC: "15",
};

/**
 * ESTADO of CrSeed / GetTokenFromSeed answers: -1, -2 and 00–06 from the SII's "Autenticación
 * Automática" manual; 07 is the emulator's answer for an unknown, expired or reused seed.
 */
export const AUTH_STATES = table([
  info("00", "Operación exitosa", "Success", "processed"),
  info("-1", "Error: no se generó la semilla", "Error: no seed generated", "retry"),
  info("-2", "Error de base de datos del SII", "SII database error", "retry"),
  info("01", "XML inválido (lectura)", "Invalid XML (I/O)", "rejected"),
  info("02", "XML inválido (sintaxis)", "Invalid XML (syntax)", "rejected"),
  info("03", "XML inválido (configuración del parser)", "Invalid XML (parser configuration)", "rejected"),
  info("04", "XML inválido: no trae el elemento Signature", "Invalid XML: no Signature element", "rejected"),
  info("05", "XML inválido: firma inválida", "Invalid XML: invalid signature", "rejected"),
  info("06", "XML inválido: no trae el elemento Semilla", "Invalid XML: no Semilla element", "rejected"),
  info("07", "Semilla inexistente, vencida o ya usada", "Seed unknown, expired or already used", "rejected"),
]);

/** The entry for `code`, or a generic one for codes the SII may add later. */
export function describeCode(map: ReadonlyMap<string, CodeInfo>, code: string): CodeInfo {
  const known = map.get(code);
  if (known) return known;
  const numeric = /^-?\d+$/.test(code);
  return info(
    code,
    `Código ${code} del SII no documentado`,
    `Undocumented SII code ${code}`,
    numeric ? "query_error" : "in_progress",
  );
}
