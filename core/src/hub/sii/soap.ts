/**
 * The SII's DTEWS services are Apache Axis 1 "jws" services, RPC/encoded: each operation takes
 * string parameters and returns one string, `<op>Return`, holding the SII's own XML answer
 * (`<SII:RESPUESTA>…`) as escaped text. Both the client and the emulator speak it through here.
 */
import { childElements, descendant, escapeXml, localName, parseXml } from "./xml-text.js";

const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
export const SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding/";
/** Axis 1 publishes .jws classes without a package in this namespace. */
const AXIS_DEFAULT_NS = "http://DefaultNamespace";

const ENVELOPE_OPEN =
  `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ` +
  `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`;

/** A request as Axis-generated clients send it: parameters in WSDL order, typed xsd:string. */
export function buildSoapRequest(operation: string, params: ReadonlyArray<readonly [string, string]>): string {
  const body = params.map(([name, value]) => `<${name} xsi:type="xsd:string">${escapeXml(value)}</${name}>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>${ENVELOPE_OPEN}<soapenv:Body>` +
    `<ns1:${operation} soapenv:encodingStyle="${SOAP_ENCODING}" xmlns:ns1="${AXIS_DEFAULT_NS}">${body}</ns1:${operation}>` +
    `</soapenv:Body></soapenv:Envelope>`
  );
}

/**
 * The answer Axis writes: the returned string escaped inside `<op>Return xsi:type="xsd:string">`,
 * wrapped in `<ns1:opResponse>` qualified with the service's namespace (its own URL for a .jws).
 */
export function buildSoapResponse(operation: string, returned: string, serviceNamespace: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>${ENVELOPE_OPEN}<soapenv:Body>` +
    `<ns1:${operation}Response soapenv:encodingStyle="${SOAP_ENCODING}" xmlns:ns1="${escapeXml(serviceNamespace)}">` +
    `<${operation}Return xsi:type="xsd:string">${escapeXml(returned)}</${operation}Return>` +
    `</ns1:${operation}Response></soapenv:Body></soapenv:Envelope>`
  );
}

export function buildSoapFault(code: "soapenv:Client" | "soapenv:Server", message: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>${ENVELOPE_OPEN}<soapenv:Body><soapenv:Fault>` +
    `<faultcode>${code}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
    `</soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

export class SoapShapeError extends Error {}

/**
 * The string inside `<op>Return` (entities already decoded, CDATA or not), or a SoapShapeError
 * carrying the fault string when the service answered with a SOAP Fault.
 */
export function readSoapReturn(body: string, operation: string): string {
  let doc;
  try {
    doc = parseXml(body);
  } catch (e) {
    throw new SoapShapeError(`not XML: ${(e as Error).message}`);
  }
  const fault = descendant(doc, "Fault");
  if (fault) throw new SoapShapeError(`SOAP fault: ${(descendant(fault, "faultstring")?.textContent ?? "").trim()}`);
  const ret = descendant(doc, `${operation}Return`);
  if (!ret) throw new SoapShapeError(`no <${operation}Return> in the answer`);
  return ret.textContent ?? "";
}

export interface SoapCall {
  operation: string;
  /** Parameters in document order; `name` is the element's local name. */
  params: Array<{ name: string; value: string }>;
}

/** What a SOAP request asks for: the operation element inside Body and its parameters. */
export function readSoapRequest(body: string): SoapCall {
  let doc;
  try {
    doc = parseXml(body);
  } catch (e) {
    throw new SoapShapeError(`not XML: ${(e as Error).message}`);
  }
  const envelope = doc.documentElement;
  if (!envelope || localName(envelope) !== "Envelope") throw new SoapShapeError("not a SOAP envelope");
  const soapBody = childElements(envelope).find((c) => localName(c) === "Body");
  const op = soapBody ? childElements(soapBody)[0] : undefined;
  if (!op) throw new SoapShapeError("empty SOAP Body");
  return {
    operation: localName(op),
    params: childElements(op).map((p) => ({ name: localName(p), value: p.textContent ?? "" })),
  };
}
