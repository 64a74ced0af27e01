// The one hosted server: opens the hub (database, migrations, demo), starts the background work,
// then serves the Remix app, the sync API and the platform routes. `npm start` at the repository
// root builds and runs it.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { loadConfig, openHub } from "@timbre/core/hub";
import { startDemo } from "@timbre/core/demo";
import { startSiiEmulator } from "@timbre/core/sii-emulator";
import { loadPlatforms } from "@timbre/core/platforms";

const config = loadConfig();
const hub = await openHub(config, { role: "hub" });
// Every platform workspace's connector (package.json "timbre.connector"): the registry drives stores and routes.
const platforms = await loadPlatforms("hub");
for (const f of platforms.failed) console.error(`[platforms] ${f.workspace} not loaded: ${f.error}`);
const demo = config.demo ? await startDemo(hub) : undefined;

// The demo's SII sandbox: an emulator in this process that trusts the demo's test CAF authority.
// TIMBRE_SII_BASE_URL points the hub elsewhere (e.g. `npx timbre sii-emulator`, to stop and start it).
const sandbox =
  demo && !config.siiBaseUrl
    ? await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "timer", stepMs: 1_500 } })
    : undefined;

/** Platform parts add their job handlers, their Remix load context and what to close at exit. */
const handlers = {};
const loadContext = { hub, demo };
const closers = [];

// Platform blocks go here, one per platform part (register adapters, add handlers and context).

// --- Jumpseller (jumpseller-app): /jumpseller/* routes, its jobs and adapters. URLs and app keys come
// from JUMPSELLER_API_URL, JUMPSELLER_AUTH_URL, JUMPSELLER_APP_ID, JUMPSELLER_APP_SECRET (see jumpseller-app/README.md).
{
  const { createJumpsellerApp } = await import("@timbre/jumpseller-app");
  const jumpseller = createJumpsellerApp({ hub, wake: () => worker.wake() });
  closers.push(jumpseller.register());
  Object.assign(handlers, jumpseller.jobHandlers);
  loadContext.jumpseller = jumpseller;
}
// --- end Jumpseller

// --- Shopify (shopify-app/src, compiled to dist/): adapters, webhook jobs, polling sweep; in the demo,
// with SHOPIFY_API_KEY/SHOPIFY_API_SECRET set, the installed shop timbre-demo.myshopify.com backed by
// the Shopify emulator in this process (see shopify-app/README.md).
{
  const { bindHub, readShopifyEnv, registerShopify, startShopifyDemo } = await import("./dist/index.js");
  bindHub(hub); // the Shopify library's session storage uses the hub's Prisma client
  const configured = Boolean(process.env.SHOPIFY_API_KEY && process.env.SHOPIFY_API_SECRET);
  const shopifyDemo =
    demo && configured && !process.env.SHOPIFY_ADMIN_API_URL
      ? await startShopifyDemo(hub.db, hub.encryptor, {
          companyId: demo.companyId,
          apiKey: process.env.SHOPIFY_API_KEY,
          apiSecret: process.env.SHOPIFY_API_SECRET,
          ...(process.env.SHOPIFY_EMULATOR_PORT ? { port: Number(process.env.SHOPIFY_EMULATOR_PORT) } : {}),
        })
      : undefined;
  // Every Admin API call (ours and the Shopify library's, read when the Remix build loads) goes to the emulator.
  if (shopifyDemo) process.env.SHOPIFY_ADMIN_API_URL = shopifyDemo.emulator.url;
  const shopify = registerShopify({ db: hub.db, env: readShopifyEnv() });
  Object.assign(handlers, shopify.handlers);
  loadContext.shopify = { part: shopify, ...(shopifyDemo ? { onAccepted: shopifyDemo.onAccepted, demo: shopifyDemo } : {}) };
  closers.push(() => shopify.unregister());
  if (shopifyDemo) {
    closers.push(() => shopifyDemo.close());
    console.log(`Shopify emulator (demo shop ${shopifyDemo.shop}) at ${shopifyDemo.emulator.url}; orders: ${shopifyDemo.emulator.url}/_state/orders/<id>`);
  }
  if (configured) await shopify.startPolling();
}
// --- end Shopify

const worker = hub.startWorker({
  ...(sandbox ? { siiBaseUrl: sandbox.url } : {}),
  ...(demo ? { extraSiiKeys: { 100: demo.cafAuthorityPublicKey } } : {}),
  handlers,
});

const build = await import(new URL("./build/server/index.js", import.meta.url).href);
const app = express();
app.disable("x-powered-by");
const client = new URL("./build/client", import.meta.url).pathname;
app.use("/assets", express.static(`${client}/assets`, { immutable: true, maxAge: "1y" }));
app.use(express.static(client, { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, getLoadContext: () => ({ ...loadContext, wake: () => worker.wake() }) }));

const server = app.listen(config.port, config.host ?? "0.0.0.0", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(`Timbre hub ${config.version} listening on http://localhost:${port} (${hub.database.kind} database${config.demo ? ", demo" : ""})`);
  if (sandbox) console.log(`SII sandbox (emulator) at ${sandbox.url}`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`Received ${signal}: stopping`);
  server.close();
  for (const close of closers.reverse()) await close();
  await demo?.close();
  await hub.close();
  await sandbox?.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
