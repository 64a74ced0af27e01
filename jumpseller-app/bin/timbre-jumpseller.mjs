#!/usr/bin/env node
// `npx timbre-jumpseller emulator [--port N] [--host H] [--store CODE] [--client-id ID] [--client-secret S] [--json]`
// starts the Jumpseller emulator (OAuth at <url>/oauth, API at <url>/v1, test control at <url>/_emulator)
// and prints its URL. Point the hub at it with JUMPSELLER_API_URL=<url>/v1 JUMPSELLER_AUTH_URL=<url>.
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    store: { type: "string", default: "tienda-demo" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || positionals[0] !== "emulator") {
  console.log(`Uso / usage: timbre-jumpseller emulator [--port N] [--host H] [--store CODE] [--client-id ID] [--client-secret S] [--json]`);
  process.exit(values.help ? 0 : 1);
}

const { startJumpsellerEmulator } = await import("../dist/testing/emulator.js");
const emulator = await startJumpsellerEmulator({
  port: Number(values.port),
  host: values.host,
  stores: [{ code: values.store, name: "Tienda Demo" }],
  ...(values["client-id"] ? { clientId: values["client-id"] } : {}),
  ...(values["client-secret"] ? { clientSecret: values["client-secret"] } : {}),
});
const info = {
  url: emulator.url,
  apiUrl: emulator.apiUrl,
  authUrl: emulator.authUrl,
  clientId: emulator.clientId,
  clientSecret: emulator.clientSecret,
  store: values.store,
  hooksToken: emulator.store(values.store).hooksToken,
};
if (values.json) console.log(JSON.stringify(info));
else {
  console.log(`Jumpseller emulator listening on ${emulator.url}`);
  console.log(`  JUMPSELLER_API_URL=${info.apiUrl} JUMPSELLER_AUTH_URL=${info.authUrl}`);
  console.log(`  JUMPSELLER_APP_ID=${info.clientId} JUMPSELLER_APP_SECRET=${info.clientSecret}`);
  console.log(`  store: ${info.store} (hooks token ${info.hooksToken}); state: GET ${emulator.url}/_emulator/stores/${info.store}`);
}
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
