import { createMeliClient, type MeliClient } from "../../src/client/meli-client.js";
import { mercadoLibreConfig, type MercadoLibreConfig } from "../../src/config.js";
import { authorizeUrl, exchangeCode } from "../../src/oauth/oauth-client.js";
import type { Credentials } from "../../src/oauth/tokens.js";
import { startMercadoLibreEmulator, type MeliEmulator, type MeliEmulatorOptions } from "../../src/testing/emulator.js";

export interface Connected {
  emulator: MeliEmulator;
  config: MercadoLibreConfig;
  credentials: Credentials;
  client: MeliClient;
}

export function configFor(emulator: MeliEmulator, publicUrl = "http://127.0.0.1:9"): MercadoLibreConfig {
  return mercadoLibreConfig(
    {
      MERCADOLIBRE_API_URL: emulator.apiUrl,
      MERCADOLIBRE_AUTH_URL: emulator.authUrl,
      MERCADOLIBRE_APP_ID: emulator.appId,
      MERCADOLIBRE_APP_SECRET: emulator.appSecret,
    },
    publicUrl,
  );
}

/** Authorizes the emulator's first seller the way a browser would, then exchanges the code. */
export async function authorize(
  emulator: MeliEmulator,
  config: MercadoLibreConfig,
  userId?: string,
): Promise<Credentials> {
  const url = new URL(authorizeUrl(config, "test-state"));
  if (userId) url.searchParams.set("user_id", userId);
  const res = await fetch(url, { redirect: "manual" });
  const location = new URL(res.headers.get("location")!);
  return exchangeCode(config, location.searchParams.get("code")!, Date.now());
}

export async function connectedEmulator(options: MeliEmulatorOptions = {}): Promise<Connected> {
  const emulator = await startMercadoLibreEmulator(options);
  const config = configFor(emulator);
  const credentials = await authorize(emulator, config);
  const client = createMeliClient({ apiUrl: config.apiUrl, accessToken: async () => credentials.accessToken });
  return { emulator, config, credentials, client };
}
