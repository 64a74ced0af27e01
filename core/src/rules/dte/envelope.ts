import { TimbreError } from "../../errors.js";
import { normalizeRut } from "../rut.js";
import { XML_DECLARATION } from "./builder.js";
import type { SigningCertificate } from "./certificate.js";
import { signXml } from "./signing.js";
import { siiTimestamp } from "./time.js";
import { isBoleta, LIMITS, SII_NAMESPACE, SII_RUT, XSI_NAMESPACE, type EnvelopeKind } from "./types.js";

/**
 * EnvioBOLETA / EnvioDTE (sii.md §4, §7): signed DTEs embedded byte for byte (never re-serialized),
 * Carátula with SubTotDTE, then SetDTE signed in place.
 */

export interface CaratulaInput {
  issuerRut: string;
  /** RutEnvia: the holder of the certificate that signs. */
  senderRut: string;
  /** RutReceptor: the SII (default) or, for a copy mailed to a business, its RUT. */
  receiverRut?: string;
  resolution: { number: number; date: string };
  /** TmstFirmaEnv; a Date is written as Chile local time. */
  timestamp: Date | string;
}

const SCHEMA_FILE: Record<EnvelopeKind, string> = { EnvioBOLETA: "EnvioBOLETA_v11.xsd", EnvioDTE: "EnvioDTE_v10.xsd" };

function envelopeError(es: string, en: string): TimbreError {
  return new TimbreError("envelope.invalid", { es, en }, { fields: [{ field: "dtes", message: es }] });
}

/** A signed DTE without its XML declaration: the bytes that go into SetDTE. */
export function dteBody(signedDte: string): string {
  const start = signedDte.search(/<(\w+:)?DTE[\s>]/);
  const end = signedDte.lastIndexOf(">");
  if (start < 0 || end < start) throw new Error("not a DTE document");
  return signedDte.slice(start, end + 1);
}

export function buildEnvelope(
  kind: EnvelopeKind,
  signedDtes: readonly string[],
  caratulaInput: CaratulaInput,
  cert: SigningCertificate,
): string {
  const caratula = {
    ...caratulaInput,
    issuerRut: normalizeRut(caratulaInput.issuerRut, "caratula.issuerRut"),
    senderRut: normalizeRut(caratulaInput.senderRut, "caratula.senderRut"),
    receiverRut: normalizeRut(caratulaInput.receiverRut ?? SII_RUT, "caratula.receiverRut"),
  };
  if (signedDtes.length === 0) throw envelopeError("El envío no tiene documentos.", "The envelope has no documents.");
  if (signedDtes.length > LIMITS.envelope[kind]) {
    throw envelopeError(
      `Un ${kind} lleva como máximo ${LIMITS.envelope[kind]} documentos.`,
      `An ${kind} holds at most ${LIMITS.envelope[kind]} documents.`,
    );
  }
  const counts = new Map<number, number>();
  const bodies = signedDtes.map((d) => {
    const body = dteBody(d);
    const type = Number(/<TipoDTE>(\d+)<\/TipoDTE>/.exec(body)?.[1]);
    const issuer = /<RUTEmisor>([^<]+)<\/RUTEmisor>/.exec(body)?.[1];
    if (!/<(\w+:)?Signature[\s>]/.test(body))
      throw envelopeError("Un documento del envío no está firmado.", "A document in the envelope is not signed.");
    if (isBoleta(type) !== (kind === "EnvioBOLETA")) {
      throw envelopeError(
        `El documento tipo ${type} no va en un ${kind}: las boletas (39, 41) van en EnvioBOLETA y el resto en EnvioDTE.`,
        `Document type ${type} does not go in an ${kind}: boletas (39, 41) go in EnvioBOLETA, the rest in EnvioDTE.`,
      );
    }
    if (issuer !== caratula.issuerRut) {
      throw envelopeError(
        `El documento es del emisor ${issuer}, no de ${caratula.issuerRut}.`,
        `The document's issuer is ${issuer}, not ${caratula.issuerRut}.`,
      );
    }
    counts.set(type, (counts.get(type) ?? 0) + 1);
    return body;
  });
  if (counts.size > LIMITS.subtotalTypes[kind]) {
    throw envelopeError(`Demasiados tipos de documento en un ${kind}.`, `Too many document types in one ${kind}.`);
  }
  const subtotals = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, n]) => `<SubTotDTE><TpoDTE>${t}</TpoDTE><NroDTE>${n}</NroDTE></SubTotDTE>`)
    .join("");
  const xml =
    `${XML_DECLARATION}<${kind} xmlns="${SII_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" xsi:schemaLocation="${SII_NAMESPACE} ${SCHEMA_FILE[kind]}" version="1.0">` +
    `<SetDTE ID="SetDoc"><Caratula version="1.0"><RutEmisor>${caratula.issuerRut}</RutEmisor><RutEnvia>${caratula.senderRut}</RutEnvia>` +
    `<RutReceptor>${caratula.receiverRut}</RutReceptor><FchResol>${caratula.resolution.date}</FchResol><NroResol>${caratula.resolution.number}</NroResol>` +
    `<TmstFirmaEnv>${siiTimestamp(caratula.timestamp)}</TmstFirmaEnv>${subtotals}</Caratula>${bodies.join("")}</SetDTE></${kind}>`;
  return signXml(xml, cert, { referenceUri: "SetDoc" });
}
