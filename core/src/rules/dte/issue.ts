import { TimbreError } from "../../errors.js";
import { buildDte, type BuiltDte } from "./builder.js";
import type { Caf, SiiEnvironment, SiiKeys } from "./caf.js";
import type { SigningCertificate } from "./certificate.js";
import { buildEnvelope } from "./envelope.js";
import type { DteRequestInput } from "./request.js";
import { signDte } from "./signing.js";
import { envelopeKindFor, type EnvelopeKind } from "./types.js";

/** One document from request to signed envelope: TED → TmstFirma → sign → envelope → sign (sii.md §7). */

export interface IssueInput {
  request: DteRequestInput;
  caf: Caf;
  certificate: SigningCertificate;
  folio: number;
  /** TSTED, TmstFirma and TmstFirmaEnv. */
  timestamp: Date | string;
  /** RutEnvia; defaults to the RUT in the certificate. */
  senderRut?: string;
  environment?: SiiEnvironment;
  siiKeys?: SiiKeys;
}

export interface IssuedDte {
  built: BuiltDte;
  /** The signed DTE document (what dte.xml holds). */
  signedDte: string;
  kind: EnvelopeKind;
  /** The signed EnvioBOLETA or EnvioDTE holding it, addressed to the SII. */
  envelope: string;
}

export function issueDte(input: IssueInput): IssuedDte {
  const senderRut = input.senderRut ?? input.certificate.rut;
  if (!senderRut) {
    throw new TimbreError(
      "envelope.sender_rut",
      {
        es: "El certificado no trae el RUT de su titular: indique el RUT de quien envía (RutEnvia).",
        en: "The certificate does not carry its holder's RUT: give the sender's RUT (RutEnvia).",
      },
      { fields: [{ field: "senderRut", message: "requerido" }] },
    );
  }
  const built = buildDte(input.request, input.caf, {
    folio: input.folio,
    timestamp: input.timestamp,
    ...(input.environment ? { environment: input.environment } : {}),
    ...(input.siiKeys ? { siiKeys: input.siiKeys } : {}),
  });
  const signedDte = signDte(built.xml, input.certificate);
  const kind = envelopeKindFor(built.type);
  const envelope = buildEnvelope(
    kind,
    [signedDte],
    {
      issuerRut: built.request.issuer.rut,
      senderRut,
      resolution: built.request.issuer.resolution,
      timestamp: input.timestamp,
    },
    input.certificate,
  );
  return { built, signedDte, kind, envelope };
}
