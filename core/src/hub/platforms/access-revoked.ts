import { TimbreError } from "../../errors.js";

/**
 * The platform refused the store's credentials for good (app uninstalled there, token revoked,
 * refresh token rejected). Thrown from anywhere in a connector (a topic, the sweep, a job, an
 * adapter); the kit then uninstalls the store as if the platform had told us, so nothing keeps
 * retrying with dead credentials.
 */
export class PlatformAccessRevoked extends TimbreError {
  constructor(platformName: string, detail = "access revoked") {
    super(
      "platform.access_revoked",
      {
        es: `${platformName} revocó el acceso de Timbre a la tienda: vuelva a instalar la aplicación.`,
        en: `${platformName} revoked Timbre's access to the store: install the app again.`,
      },
      { kind: "unauthorized", retryable: false, merchantActionable: true, detail },
    );
    this.name = "PlatformAccessRevoked";
  }
}

export function isAccessRevoked(e: unknown): e is PlatformAccessRevoked {
  return e instanceof PlatformAccessRevoked || (e as { code?: unknown } | null)?.code === "platform.access_revoked";
}
