/**
 * Where the Mercado Libre app talks to and who it is. Every URL is configurable so tests, the demo
 * and acceptance checks point it at a stand-in (`npx timbre-mercadolibre emulator`).
 */
export interface MercadoLibreConfig {
  /** REST API base, also the token endpoint's host (default https://api.mercadolibre.com). */
  apiUrl: string;
  /** Where sellers authorize the app: Chile's host (default https://auth.mercadolibre.cl). */
  authUrl: string;
  appId: string;
  appSecret: string;
  /** Where Mercado Libre reaches the hub: the redirect URI and the notifications URL come from it. */
  publicUrl: string;
  /** True when no app keys were configured and the emulator's are used: refused in production. */
  devKeys: boolean;
}

/** The emulator's default app, used when MERCADOLIBRE_APP_ID is unset so `npm start` works against it. */
export const DEV_APP = { appId: "1234567890123456", appSecret: "timbre-dev-secret" };

export function mercadoLibreConfig(
  env: Readonly<Record<string, string | undefined>>,
  publicUrl: string,
): MercadoLibreConfig {
  const trim = (u: string) => u.replace(/\/+$/, "");
  return {
    apiUrl: trim(env.MERCADOLIBRE_API_URL || "https://api.mercadolibre.com"),
    authUrl: trim(env.MERCADOLIBRE_AUTH_URL || "https://auth.mercadolibre.cl"),
    appId: env.MERCADOLIBRE_APP_ID || DEV_APP.appId,
    appSecret: env.MERCADOLIBRE_APP_SECRET || DEV_APP.appSecret,
    publicUrl: trim(publicUrl),
    devKeys: !env.MERCADOLIBRE_APP_ID,
  };
}

export const CALLBACK_PATH = "/mercadolibre/oauth/callback";
export const NOTIFICATIONS_PATH = "/mercadolibre/notifications";
export const redirectUri = (c: MercadoLibreConfig) => `${c.publicUrl}${CALLBACK_PATH}`;
