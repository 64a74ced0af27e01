/** The document types Timbre issues and what differs between them (sii.md §1, §4). */

export const DTE_TYPES = [33, 34, 39, 41, 52, 56, 61] as const;
export type DteType = (typeof DTE_TYPES)[number];

export type EnvelopeKind = "EnvioBOLETA" | "EnvioDTE";

export const SII_NAMESPACE = "http://www.sii.cl/SiiDte";
export const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

/** RUT of the SII itself: the Carátula's RutReceptor of every envelope sent to it. */
export const SII_RUT = "60803000-K";
/** Receiver of a boleta to an anonymous consumer. */
export const GENERIC_RUT = "66666666-6";
/** RSR/RznSocRecep when the consumer gave no name (the TED requires one). */
export const ANONYMOUS_NAME = "Consumidor final";

export function isDteType(n: number): n is DteType {
  return (DTE_TYPES as readonly number[]).includes(n);
}

export function isBoleta(t: number): t is 39 | 41 {
  return t === 39 || t === 41;
}

/** Documents whose every line is exempt (no MntNeto, no IVA). */
export function isExemptType(t: number): t is 34 | 41 {
  return t === 34 || t === 41;
}

export function isNote(t: number): t is 56 | 61 {
  return t === 56 || t === 61;
}

/** Boletas travel in EnvioBOLETA; everything else, credit notes on boletas included, in EnvioDTE. */
export function envelopeKindFor(t: number): EnvelopeKind {
  return isBoleta(t) ? "EnvioBOLETA" : "EnvioDTE";
}

export const DOCUMENT_NAMES: Record<DteType, string> = {
  33: "FACTURA ELECTRÓNICA",
  34: "FACTURA NO AFECTA O EXENTA ELECTRÓNICA",
  39: "BOLETA ELECTRÓNICA",
  41: "BOLETA NO AFECTA O EXENTA ELECTRÓNICA",
  52: "GUÍA DE DESPACHO ELECTRÓNICA",
  56: "NOTA DE DÉBITO ELECTRÓNICA",
  61: "NOTA DE CRÉDITO ELECTRÓNICA",
};

/** How people call each document, in a sentence ("Boleta electrónica N° 1"), in Spanish and English. */
export const DOCUMENT_TITLES: Record<DteType, { es: string; en: string }> = {
  33: { es: "Factura electrónica", en: "Electronic invoice (factura)" },
  34: { es: "Factura exenta electrónica", en: "Exempt electronic invoice (factura exenta)" },
  39: { es: "Boleta electrónica", en: "Electronic receipt (boleta)" },
  41: { es: "Boleta exenta electrónica", en: "Exempt electronic receipt (boleta exenta)" },
  52: { es: "Guía de despacho electrónica", en: "Electronic dispatch guide" },
  56: { es: "Nota de débito electrónica", en: "Electronic debit note" },
  61: { es: "Nota de crédito electrónica", en: "Electronic credit note" },
};

/** "Boleta electrónica N° 1": a document as every screen, e-mail and command names it. */
export function documentLabel(type: number, folio: number | string, lang: "es" | "en" = "es"): string {
  const title = isDteType(type) ? DOCUMENT_TITLES[type][lang] : lang === "en" ? "Document" : "Documento";
  return `${title} N° ${folio}`;
}

/** XSD limits (DTE_v10.xsd, EnvioBOLETA_v11.xsd, EnvioDTE_v10.xsd). */
export const LIMITS = {
  linesBoleta: 1000,
  linesDte: 60,
  references: 40,
  envelope: { EnvioBOLETA: 500, EnvioDTE: 2000 } as Record<EnvelopeKind, number>,
  subtotalTypes: { EnvioBOLETA: 2, EnvioDTE: 20 } as Record<EnvelopeKind, number>,
} as const;

/** Maximum text lengths, in characters. */
export const LENGTHS = {
  issuerName: 100,
  issuerActivity: 80,
  address: 70,
  commune: 20,
  city: 20,
  email: 80,
  phone: 20,
  receiverName: 100,
  receiverActivity: 40,
  contact: 80,
  itemName: 80,
  itemDescription: 1000,
  itemUnit: 4,
  itemCodeType: 10,
  itemCode: 35,
  globalGloss: 45,
  referenceReason: 90,
  referenceFolio: 18,
  tedText: 40,
} as const;

/** CAF types whose folios expire six months after authorisation (SII Res. Ex. 58/2017; libredte). */
export const EXPIRING_CAF_TYPES: readonly number[] = [33, 43, 46, 56, 61];
