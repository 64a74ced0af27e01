/**
 * Seed → signed getToken → token, on both channels (SII "Autenticación Automática"; boleta REST
 * semilla/token). The token then travels as `Cookie: TOKEN=…` (uploads, boleta status) or as the
 * `Token` parameter (QueryEstUp / QueryEstDte).
 */
import { SII_PATHS, type SiiBaseUrls } from "./environments.js";
import { AnswerShapeError, bodyValue, parseRespuesta, type Respuesta } from "./sii-answers.js";
import { SiiError, siiAnswerUnreadable } from "./sii-error.js";
import { buildSoapRequest, readSoapReturn, SoapShapeError } from "./soap.js";
import { AUTH_STATES, describeCode } from "./status-codes.js";
import type { Transport } from "./transport.js";
import { escapeXml } from "./xml-text.js";

/**
 * Signs the token request: an enveloped XMLDSig over the whole document (`Reference URI=""`),
 * made with the certificate of the person who sends (RutEnvia).
 */
export type SeedSigner = (unsignedXml: string) => string | Promise<string>;

/** The document the SII expects signed (libredte AuthenticateJob). */
export function tokenRequestXml(seed: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><getToken><item><Semilla>${escapeXml(seed)}</Semilla></item></getToken>`;
}

function readAnswer(what: string, text: string, soapOperation?: string): Respuesta {
  try {
    return parseRespuesta(soapOperation ? readSoapReturn(text, soapOperation) : text);
  } catch (e) {
    if (e instanceof SoapShapeError || e instanceof AnswerShapeError) throw siiAnswerUnreadable(what, e.message);
    throw e;
  }
}

function seedFrom(what: string, r: Respuesta): string {
  const estado = r.hdr.get("ESTADO") ?? "";
  const seed = bodyValue(r, "SEMILLA");
  if (estado === "00" && seed) return seed;
  const info = describeCode(AUTH_STATES, estado);
  throw new SiiError(
    "sii_seed_refused",
    {
      es: `El SII no entregó una semilla (${what}: ${estado} ${info.meaning.es}). Reintente más tarde.`,
      en: `The SII gave no seed (${what}: ${estado} ${info.meaning.en}). Retry later.`,
    },
    { retryable: true, siiCode: estado, detail: r.hdr.get("GLOSA") ?? "" },
  );
}

function tokenFrom(what: string, r: Respuesta): string {
  const estado = r.hdr.get("ESTADO") ?? "";
  const token = bodyValue(r, "TOKEN");
  if (estado === "00" && token) return token;
  const info = describeCode(AUTH_STATES, estado);
  const glosa = r.hdr.get("GLOSA");
  throw new SiiError(
    "sii_authentication_failed",
    {
      es: `El SII rechazó la autenticación con el certificado (${what}: ${estado} ${glosa ?? info.meaning.es}). Revise que el certificado sea válido y pertenezca a un usuario autorizado de la empresa.`,
      en: `The SII refused to authenticate the certificate (${what}: ${estado} ${glosa ?? info.meaning.en}). Check that the certificate is valid and belongs to an authorised user of the company.`,
    },
    { retryable: info.disposition === "retry", siiCode: estado, detail: glosa ?? "" },
  );
}

const SOAP_HEADERS = { "Content-Type": "text/xml; charset=utf-8", SOAPAction: '""' };

/** Token for the SOAP services and DTEUpload (maullin / palena). */
export async function fetchDteToken(transport: Transport, urls: SiiBaseUrls, sign: SeedSigner): Promise<string> {
  const seedAnswer = await transport.request("CrSeed getSeed", urls.seedTokenDte + SII_PATHS.crSeed, {
    method: "POST",
    headers: SOAP_HEADERS,
    body: buildSoapRequest("getSeed", []),
  });
  const seed = seedFrom("CrSeed", readAnswer("CrSeed getSeed", seedAnswer.text(), "getSeed"));
  const signed = await sign(tokenRequestXml(seed));
  const tokenAnswer = await transport.request(
    "GetTokenFromSeed getToken",
    urls.seedTokenDte + SII_PATHS.getTokenFromSeed,
    {
      method: "POST",
      headers: SOAP_HEADERS,
      body: buildSoapRequest("getToken", [["pszXml", signed]]),
    },
  );
  return tokenFrom("GetTokenFromSeed", readAnswer("GetTokenFromSeed getToken", tokenAnswer.text(), "getToken"));
}

/** Token for the boleta REST API (apicert / api); uploads go to pangal / rahue with it. */
export async function fetchBoletaToken(transport: Transport, urls: SiiBaseUrls, sign: SeedSigner): Promise<string> {
  const seedAnswer = await transport.request("boleta.electronica.semilla", urls.boletaApi + SII_PATHS.boletaSeed, {
    method: "GET",
    headers: { Accept: "application/xml" },
  });
  if (seedAnswer.status !== 200) throw siiAnswerUnreadable("boleta.electronica.semilla", `HTTP ${seedAnswer.status}`);
  const seed = seedFrom("boleta.electronica.semilla", readAnswer("boleta.electronica.semilla", seedAnswer.text()));
  const signed = await sign(tokenRequestXml(seed));
  const tokenAnswer = await transport.request("boleta.electronica.token", urls.boletaApi + SII_PATHS.boletaToken, {
    method: "POST",
    headers: { "Content-Type": "application/xml", Accept: "application/xml" },
    body: signed,
  });
  return tokenFrom("boleta.electronica.token", readAnswer("boleta.electronica.token", tokenAnswer.text()));
}
