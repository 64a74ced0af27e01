import { TimbreError, type UserMessage } from "../../errors.js";

/**
 * Trouble talking to the SII. `retryable` is the split callers act on: true means the same request
 * may succeed later (network, timeouts, HTTP 5xx, "SII system blocked"); false means the SII gave a
 * final answer that needs a person (a rejected upload, a refused certificate, a wrong query).
 */
export class SiiError extends TimbreError {
  /** The SII's own code when it sent one (upload STATUS, ESTADO, HTTP status). */
  readonly siiCode: string | undefined;

  constructor(
    code: string,
    user: UserMessage,
    options: {
      retryable: boolean;
      siiCode?: string | undefined;
      detail?: string;
      cause?: unknown;
      /** Default: a final SII answer (not retryable) is for the merchant to read and act on. */
      merchantActionable?: boolean;
    },
  ) {
    super(code, user, {
      kind: "upstream",
      retryable: options.retryable,
      merchantActionable: options.merchantActionable ?? !options.retryable,
      ...(options.detail === undefined ? {} : { detail: options.detail }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = "SiiError";
    this.siiCode = options.siiCode;
  }
}

export function isRetryableSiiError(e: unknown): boolean {
  return e instanceof SiiError && e.retryable;
}

export function siiUnreachable(what: string, detail: string, cause?: unknown): SiiError {
  return new SiiError(
    "sii_unreachable",
    {
      es: `No se pudo contactar al SII (${what}). Se puede reintentar más tarde; si persiste, revise la conexión o el estado del SII.`,
      en: `Could not reach the SII (${what}). It can be retried later; if it persists, check the connection or the SII's status.`,
    },
    { retryable: true, detail, cause },
  );
}

/**
 * An upload whose fate is unknown: it may or may not have reached the SII (a timeout, a connection
 * cut after sending, a 5xx from behind the front). Never send it again blindly: ask the SII per
 * document first (code `sii_delivery_unknown`).
 */
export function siiDeliveryUnknown(what: string, detail: string, cause?: unknown): SiiError {
  return new SiiError(
    DELIVERY_UNKNOWN,
    {
      es: `No se sabe si el SII recibió el envío (${what}): se consultará cada documento antes de reenviarlo.`,
      en: `Unknown whether the SII received the upload (${what}): each document is looked up before sending again.`,
    },
    { retryable: true, detail, cause },
  );
}

export const DELIVERY_UNKNOWN = "sii_delivery_unknown";

export function siiAnswerUnreadable(what: string, detail: string): SiiError {
  return new SiiError(
    "sii_answer_unreadable",
    {
      es: `El SII respondió algo que no se pudo leer (${what}). Suele ser una falla pasajera del SII: reintente más tarde.`,
      en: `The SII answered something unreadable (${what}). Usually a passing SII fault: retry later.`,
    },
    { retryable: true, detail },
  );
}
