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

export class TimbreError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly user: UserMessage;
  readonly detail: string | undefined;
  readonly fields: FieldIssue[];

  constructor(
    code: string,
    user: UserMessage,
    options: { kind?: ErrorKind; detail?: string; fields?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(user.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TimbreError";
    this.code = code;
    this.kind = options.kind ?? "invalid_input";
    this.user = user;
    this.detail = options.detail;
    this.fields = options.fields ?? [];
  }
}

export function isTimbreError(e: unknown): e is TimbreError {
  return e instanceof TimbreError;
}
