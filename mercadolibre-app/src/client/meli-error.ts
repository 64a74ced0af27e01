import { TimbreError } from "@timbre/core/platform-parts";

/** What Mercado Libre puts in an error body: `{message, error, status, cause}`. */
export interface MeliErrorBody {
  message?: string;
  error?: string;
  status?: number;
  cause?: unknown;
}

/**
 * A refused or failed Mercado Libre call; `status` 0 means no answer arrived. The kind says whether
 * retrying may help: 5xx and timeouts are `upstream` (retry), 4xx are not.
 */
export class MeliApiError extends TimbreError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: MeliErrorBody,
  ) {
    const text = body.message ?? body.error ?? "";
    super(
      status === 404
        ? "mercadolibre.not_found"
        : status === 401 || status === 403
          ? "mercadolibre.unauthorized"
          : "mercadolibre.api_error",
      status === 401 || status === 403
        ? {
            es: "Mercado Libre rechazó el acceso de Timbre. Vuelva a conectar su cuenta de Mercado Libre desde Timbre.",
            en: "Mercado Libre refused Timbre's access. Connect your Mercado Libre account again from Timbre.",
          }
        : {
            es: `Mercado Libre respondió ${status || "sin respuesta"} a ${method} ${path}${text ? `: ${text}` : ""}`,
            en: `Mercado Libre answered ${status || "nothing"} to ${method} ${path}${text ? `: ${text}` : ""}`,
          },
      {
        kind:
          status === 404
            ? "not_found"
            : status === 401 || status === 403
              ? "unauthorized"
              : status === 409
                ? "conflict"
                : status >= 400 && status < 500
                  ? "invalid_input"
                  : "upstream",
        detail: `${method} ${path} → ${status}: ${JSON.stringify(body).slice(0, 500)}`,
      },
    );
  }

  /** ML's machine-readable error (`invalid_grant`, `version_mismatch`…), lowercased. */
  get errorCode(): string {
    return String(this.body.error ?? "").toLowerCase();
  }
}

export const isMeliApiError = (e: unknown): e is MeliApiError => e instanceof MeliApiError;
