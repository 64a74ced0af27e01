import { spanishSchemaMessage } from "./schema-messages.js";

/**
 * Typed errors. `user` is what a merchant or shopper reads (Spanish first, English second);
 * `detail` is for the operator and the logs and never reaches a storefront.
 */
export interface UserMessage {
  es: string;
  en: string;
}

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `lines.0.quantity`. */
  field: string;
  /** Spanish (es-CL), for the merchant. */
  message: string;
  messageEn?: string;
}

export type ErrorKind =
  | "invalid_input"
  | "not_found"
  | "method_not_allowed"
  | "unauthorized"
  | "conflict"
  | "payload_too_large"
  | "configuration"
  | "upstream"
  | "internal";

/**
 * What a kind means when the thrower says nothing more. `retryable`: the same work may succeed later
 * unchanged (a timeout, a busy server). `merchantActionable`: a merchant can fix the cause (load a
 * CAF, correct a RUT), so it is shown to them instead of being retried in silence.
 */
const KIND_DEFAULTS: Record<ErrorKind, { retryable: boolean; merchantActionable: boolean }> = {
  invalid_input: { retryable: false, merchantActionable: true },
  not_found: { retryable: false, merchantActionable: false },
  method_not_allowed: { retryable: false, merchantActionable: false },
  unauthorized: { retryable: false, merchantActionable: true },
  conflict: { retryable: true, merchantActionable: false },
  payload_too_large: { retryable: false, merchantActionable: false },
  configuration: { retryable: false, merchantActionable: true },
  upstream: { retryable: true, merchantActionable: false },
  internal: { retryable: true, merchantActionable: false },
};

export interface TimbreErrorOptions {
  /** What kind of failure (the HTTP layer maps it to a status). */
  kind?: ErrorKind;
  detail?: string;
  fields?: FieldIssue[];
  cause?: unknown;
  /** Whether trying the same work again later can succeed; default from `kind`. */
  retryable?: boolean;
  /** Whether a merchant can act on it (shown to them); default from `kind`. */
  merchantActionable?: boolean;
}

export class TimbreError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly user: UserMessage;
  readonly detail: string | undefined;
  readonly fields: FieldIssue[];
  /** Read by the job worker: false dead-letters at once instead of spending retries. */
  readonly retryable: boolean;
  readonly merchantActionable: boolean;

  constructor(code: string, user: UserMessage, options: TimbreErrorOptions = {}) {
    super(user.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TimbreError";
    this.code = code;
    this.kind = options.kind ?? "invalid_input";
    this.user = user;
    this.detail = options.detail;
    // Field messages are read first in Spanish (API callers, screens, the CLI): ours written in
    // English in code are said through the catalog, with the English kept beside.
    this.fields = (options.fields ?? []).map((f) => {
      const message = spanishSchemaMessage(f.message);
      return message === f.message ? f : { ...f, message, messageEn: f.messageEn ?? f.message };
    });
    const defaults = KIND_DEFAULTS[this.kind];
    this.retryable = options.retryable ?? defaults.retryable;
    this.merchantActionable = options.merchantActionable ?? defaults.merchantActionable;
  }
}

export function isTimbreError(e: unknown): e is TimbreError {
  return e instanceof TimbreError;
}
