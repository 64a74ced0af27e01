/**
 * Where the Jumpseller app talks to and who it is. Every URL is configurable so tests, the demo and
 * acceptance checks point it at the emulator (`npx timbre-jumpseller emulator`).
 */
export interface JumpsellerAppConfig {
  /** REST API base, without trailing slash (default https://api.jumpseller.com/v1). */
  apiUrl: string;
  /** OAuth server (default https://accounts.jumpseller.com). */
  authUrl: string;
  appId: string;
  appSecret: string;
  /** Where Jumpseller reaches the hub: redirect URI and hook URLs are built from it. */
  publicUrl: string;
  /** Scopes asked at install; checkout fields declare read/write_settings in the spec, so both are asked (platforms.md §3.2). */
  scopes: string[];
  /** True when no app keys were configured and the emulator's are used: refused in production. */
  devKeys: boolean;
}

export const DEFAULT_SCOPES = [
  "read_orders",
  "write_orders",
  "read_products",
  "write_products",
  "read_hooks",
  "write_hooks",
  "read_store",
  "read_settings",
  "write_settings",
  "read_checkout_custom_fields",
  "write_checkout_custom_fields",
  "read_fulfillments",
  "write_fulfillments",
  "read_locations",
];

/** The emulator's default app: used when JUMPSELLER_APP_ID is unset, so `npm start` works against it out of the box. */
export const DEV_APP = { appId: "timbre-dev", appSecret: "timbre-dev-secret" };

export function jumpsellerConfig(
  overrides: Partial<JumpsellerAppConfig> = {},
  env: Record<string, string | undefined> = process.env,
): JumpsellerAppConfig {
  const trim = (u: string) => u.replace(/\/+$/, "");
  return {
    apiUrl: trim(overrides.apiUrl ?? env.JUMPSELLER_API_URL ?? "https://api.jumpseller.com/v1"),
    authUrl: trim(overrides.authUrl ?? env.JUMPSELLER_AUTH_URL ?? "https://accounts.jumpseller.com"),
    appId: overrides.appId ?? env.JUMPSELLER_APP_ID ?? DEV_APP.appId,
    appSecret: overrides.appSecret ?? env.JUMPSELLER_APP_SECRET ?? DEV_APP.appSecret,
    publicUrl: trim(overrides.publicUrl ?? env.TIMBRE_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`),
    scopes: overrides.scopes ?? DEFAULT_SCOPES,
    devKeys: !(overrides.appId ?? env.JUMPSELLER_APP_ID),
  };
}
