import type { UserMessage } from "../../errors.js";
import { DOCUMENT_NAMES, type DteType } from "./types.js";

export interface FolioStockLine {
  documentType: number;
  remaining: number;
  /** Earliest expiry among the CAFs that still have folios; null for boletas (no expiry). */
  expiresAt: Date | null;
}

export interface FolioWarning {
  code: "low_folios" | "caf_expiring";
  documentType: number;
  remaining: number;
  expiresAt: string | null;
  message: UserMessage;
}

/** A CAF for facturas and notas lasts six months; a month's notice leaves time to ask for another. */
export const CAF_EXPIRY_NOTICE_DAYS = 30;

/**
 * What the merchant should hear about before documents stop: few folios left of a type they issue,
 * or a CAF about to expire with folios still in it (an expired CAF's folios cannot be used).
 * Types without any CAF are not warned about: the company simply does not issue them.
 */
export function folioWarnings(stock: readonly FolioStockLine[], threshold: number, now: Date): FolioWarning[] {
  const out: FolioWarning[] = [];
  for (const s of stock) {
    const name = DOCUMENT_NAMES[s.documentType as DteType]?.toLowerCase() ?? `DTE ${s.documentType}`;
    if (s.remaining <= threshold) {
      out.push({
        code: "low_folios",
        documentType: s.documentType,
        remaining: s.remaining,
        expiresAt: s.expiresAt?.toISOString() ?? null,
        message: {
          es: `Quedan ${s.remaining} folios de ${name} (tipo ${s.documentType}). Solicite un nuevo CAF en el SII y cárguelo antes de que se agoten.`,
          en: `${s.remaining} folios left for document type ${s.documentType}. Request a new CAF from the SII and load it before they run out.`,
        },
      });
    }
    if (s.expiresAt && s.expiresAt.getTime() - now.getTime() <= CAF_EXPIRY_NOTICE_DAYS * 86_400_000) {
      const days = Math.max(0, Math.ceil((s.expiresAt.getTime() - now.getTime()) / 86_400_000));
      out.push({
        code: "caf_expiring",
        documentType: s.documentType,
        remaining: s.remaining,
        expiresAt: s.expiresAt.toISOString(),
        message: {
          es: `El CAF de ${name} (tipo ${s.documentType}) vence en ${days} días con ${s.remaining} folios sin usar. Solicite uno nuevo en el SII.`,
          en: `The CAF for document type ${s.documentType} expires in ${days} days with ${s.remaining} unused folios. Request a new one from the SII.`,
        },
      });
    }
  }
  return out;
}
