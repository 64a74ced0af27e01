// Bundles the courier web app (courier-app/, browser TypeScript) into the two files the hub serves:
// /courier/app.js (the app) and /courier/sw.js (its offline service worker). Run by `npm run build`
// after tsc; tests call buildCourierApp() so they exercise the current source.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const core = join(dirname(fileURLToPath(import.meta.url)), "..");
export const COURIER_APP_DIR = join(core, "dist/courier-app");

async function bundle(entry) {
  const result = await build({
    entryPoints: [join(core, entry)],
    bundle: true,
    format: "esm",
    // Phones from 2020 on (Chrome/WebView 80+, Safari 14+) all run ES2020.
    target: "es2020",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

/** Returns both bundles; writes them to dist/courier-app unless `write` is false. */
export async function buildCourierApp({ write = true } = {}) {
  const app = await bundle("courier-app/src/main.ts");
  const serviceWorker = await bundle("courier-app/sw/service-worker.ts");
  if (write) {
    mkdirSync(COURIER_APP_DIR, { recursive: true });
    writeFileSync(join(COURIER_APP_DIR, "client.js"), app);
    writeFileSync(join(COURIER_APP_DIR, "sw.js"), serviceWorker);
  }
  return { app, serviceWorker };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { app, serviceWorker } = await buildCourierApp();
  console.log(`courier app: ${COURIER_APP_DIR} (app.js ${(app.length / 1024).toFixed(1)} KB, sw.js ${(serviceWorker.length / 1024).toFixed(1)} KB)`);
}
