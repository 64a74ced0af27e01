#!/usr/bin/env node
// `npx timbre-mercadolibre emulator [--port N] [--host H] [--seller USER_ID] [--app-id ID] [--app-secret S]
// [--notifications-url URL] [--json]` starts the Mercado Libre emulator (authorization page, token
// endpoint and API on one address; test control under <url>/_emulator) and prints where it listens.
// Point the hub at it with MERCADOLIBRE_API_URL=<url> MERCADOLIBRE_AUTH_URL=<url>.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    seller: { type: "string", default: "1234567890" },
    "app-id": { type: "string" },
    "app-secret": { type: "string" },
    "notifications-url": { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || positionals[0] !== "emulator") {
  console.log(
    "Uso / usage: timbre-mercadolibre emulator [--port N] [--host H] [--seller USER_ID] [--app-id ID] [--app-secret S] [--notifications-url URL] [--json]",
  );
  process.exit(values.help ? 0 : 1);
}

const built = new URL("../dist/testing/emulator.js", import.meta.url);
const mod = existsSync(built)
  ? await import(built.href)
  : await (
      await import("tsx/esm/api")
    ).tsImport(new URL("../src/testing/emulator.ts", import.meta.url).href, import.meta.url);
const emulator = await mod.startMercadoLibreEmulator({
  port: Number(values.port),
  host: values.host,
  sellers: [{ userId: values.seller }],
  ...(values["app-id"] ? { appId: values["app-id"] } : {}),
  ...(values["app-secret"] ? { appSecret: values["app-secret"] } : {}),
  ...(values["notifications-url"] ? { notificationsUrl: values["notifications-url"] } : {}),
});
const info = {
  url: emulator.url,
  apiUrl: emulator.apiUrl,
  authUrl: emulator.authUrl,
  appId: emulator.appId,
  appSecret: emulator.appSecret,
  seller: values.seller,
};
if (values.json) console.log(JSON.stringify(info));
else {
  console.log(`Mercado Libre emulator listening on ${emulator.url}`);
  console.log(`  MERCADOLIBRE_API_URL=${info.apiUrl} MERCADOLIBRE_AUTH_URL=${info.authUrl}`);
  console.log(`  MERCADOLIBRE_APP_ID=${info.appId} MERCADOLIBRE_APP_SECRET=${info.appSecret}`);
  console.log(`  seller ${info.seller}; state: GET ${emulator.url}/_emulator/state`);
}
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
