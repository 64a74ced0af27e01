/**
 * What the client needs to know about an envelope before sending it: which channel takes it and
 * who sends it for whom (the upload form repeats RutEnvia and RutEmisor of the Carátula).
 */
import { TimbreError } from "../../errors.js";
import { latin1Bytes } from "../../rules/dte/latin1.js";
import type { SiiChannel } from "./results.js";
import { descendant, localName, parseXml, textAt } from "./xml-text.js";

export interface EnvelopeFacts {
  channel: SiiChannel;
  rutEmisor: string;
  rutEnvia: string;
  /** The exact bytes to upload (ISO-8859-1, as signed). */
  bytes: Buffer;
}

function invalid(es: string, en: string, detail?: string): TimbreError {
  return new TimbreError("sii_envelope_invalid", { es, en }, detail === undefined ? {} : { detail });
}

/**
 * A string is encoded as ISO-8859-1 (the SII's encoding, in which the envelope was signed); a
 * character outside Latin-1 would break the signature, so it is refused rather than replaced.
 */
function toBytes(xml: string | Uint8Array): Buffer {
  if (typeof xml !== "string") return Buffer.from(xml);
  try {
    return latin1Bytes(xml);
  } catch (e) {
    throw invalid(
      "El envío contiene caracteres que no existen en ISO-8859-1; el SII lo rechazaría.",
      "The envelope contains characters ISO-8859-1 cannot encode; the SII would reject it.",
      (e as Error).message,
    );
  }
}

export function readEnvelopeFacts(xml: string | Uint8Array): EnvelopeFacts {
  const bytes = toBytes(xml);
  let doc;
  try {
    doc = parseXml(bytes.toString("latin1"));
  } catch (e) {
    throw invalid("El archivo no es un XML bien formado.", "The file is not well-formed XML.", (e as Error).message);
  }
  const root = doc.documentElement;
  const rootName = root ? localName(root) : "";
  const channel: SiiChannel | undefined =
    rootName === "EnvioDTE" ? "dte" : rootName === "EnvioBOLETA" ? "boleta" : undefined;
  if (!root || !channel) {
    throw invalid(
      `El archivo no es un EnvioDTE ni un EnvioBOLETA (raíz <${rootName}>).`,
      `The file is neither an EnvioDTE nor an EnvioBOLETA (root <${rootName}>).`,
    );
  }
  const caratula = descendant(root, "Caratula");
  const rutEmisor = caratula ? textAt(caratula, "RutEmisor") : undefined;
  const rutEnvia = caratula ? textAt(caratula, "RutEnvia") : undefined;
  if (!rutEmisor || !rutEnvia) {
    throw invalid(
      "La carátula del envío no indica RutEmisor y RutEnvia.",
      "The envelope's Carátula lacks RutEmisor and RutEnvia.",
    );
  }
  return { channel, rutEmisor, rutEnvia, bytes };
}
