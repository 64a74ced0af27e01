// The one hosted server: opens the hub (database, migrations, demo), starts the background work,
// then serves one router (core's edge app: the sync API, the courier app, the platform routes) with
// the Remix app behind it for the rest. `npm start` at the repository root builds and runs it.
import { createAdaptorServer } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { startDemo } from "@timbre/core/demo";
import {
  createEdgeApp,
  loadConfig,
  logger,
  openHub,
  recordHubAddress,
  startupBanner,
  type FetchHandler,
  type PlatformRoute,
} from "@timbre/core/hub";
import type { JobHandler } from "@timbre/core/platform-parts";
import { loadPlatforms } from "@timbre/core/platforms";
import { startSiiEmulator } from "@timbre/core/sii-emulator";
import { Hono } from "hono";

const config = loadConfig();

/** A problem the operator can fix (another hub on this data, a busy port): said plainly, no stack trace. */
function fatal(e: unknown): never {
  const err = e as { user?: { es: string }; code?: string };
  const message =
    err?.user?.es ??
    (err?.code === "EADDRINUSE"
      ? `El puerto ${config.port} ya está en uso (¿otro hub?). Deténgalo o use otro con PORT=…`
      : undefined);
  if (!message) throw e;
  process.stderr.write(`timbre: ${message}\n`);
  process.exit(1);
}

const hub = await openHub(config, { role: "hub" }).catch(fatal);
// Every platform workspace's connector (package.json "timbre.connector"): the registry drives stores and routes.
const connectors = await loadPlatforms("hub");
for (const f of connectors.failed) logger.error({ workspace: f.workspace, error: f.error }, "platform not loaded");
const demo = config.demo ? await startDemo(hub) : undefined;

// The demo's SII sandbox: an emulator in this process that trusts the demo's test CAF authority.
// TIMBRE_SII_BASE_URL points the hub elsewhere (e.g. `npx timbre sii-emulator`, to stop and start it).
const sandbox =
  demo && !config.siiBaseUrl
    ? await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "timer", stepMs: 1_500 } })
    : undefined;

/** Platform parts add their job handlers, their routes, their Remix load context and what to close at exit. */
const handlers: Record<string, JobHandler> = {};
const loadContext: Omit<AppLoadContext, "wake"> & { jumpseller?: unknown } = { hub, demo };
const platforms: PlatformRoute[] = [];
const closers: Array<() => void | Promise<void>> = [];
const wake = () => worker.wake();

// A connector on the platform kit needs no block here: hub.platforms mounts its webhook receiver and
// routes (below), and the worker runs its dispatcher, sweep and jobs and finds its adapters. The blocks
// that follow are the platforms not yet moved onto the kit.

// --- Jumpseller (jumpseller-app): /jumpseller/* routes, its jobs and adapters. URLs and app keys come
// from JUMPSELLER_API_URL, JUMPSELLER_AUTH_URL, JUMPSELLER_APP_ID, JUMPSELLER_APP_SECRET (see jumpseller-app/README.md).
{
  const { createJumpsellerApp } = await import("@timbre/jumpseller-app");
  const jumpseller = createJumpsellerApp({ hub, wake });
  closers.push(jumpseller.register());
  Object.assign(handlers, jumpseller.jobHandlers);
  loadContext.jumpseller = jumpseller;
  platforms.push({ prefix: "/jumpseller", handle: (request) => jumpseller.handle(request) });
}
// --- end Jumpseller

// --- WooCommerce "Conectar con Timbre" (/woocommerce/connect): the plugin hands over REST keys and
// gets the store's sync-API keys, which the kit's ConnectorRoute context cannot hand out yet. Open
// without a hub sign-in only outside production (the hub has no merchant sign-in yet).
{
  const { wooConnectRoute } = await import("@timbre/woocommerce-plugin");
  platforms.push(wooConnectRoute(hub, { open: config.mode !== "production" }));
}
// --- end WooCommerce

// --- Shopify (shopify-app/src): adapters, webhook jobs, polling sweep; in the demo, with
// SHOPIFY_API_KEY/SHOPIFY_API_SECRET set, the installed shop timbre-demo.myshopify.com backed by
// the Shopify emulator in this process (see shopify-app/README.md).
{
  const { bindHub, readShopifyEnv, receiveShopifyWebhook, registerShopify, startShopifyDemo } =
    await import("./index.js");
  bindHub(hub); // the Shopify library's session storage uses the hub's Prisma client
  const apiKey = process.env.SHOPIFY_API_KEY;
  const apiSecret = process.env.SHOPIFY_API_SECRET;
  const shopifyDemo =
    demo && apiKey && apiSecret && !process.env.SHOPIFY_ADMIN_API_URL
      ? await startShopifyDemo(hub.db, hub.encryptor, {
          companyId: demo.companyId,
          apiKey,
          apiSecret,
          ...(process.env.SHOPIFY_EMULATOR_PORT ? { port: Number(process.env.SHOPIFY_EMULATOR_PORT) } : {}),
        })
      : undefined;
  // Every Admin API call (ours and the Shopify library's, read when the Remix build loads) goes to the emulator.
  if (shopifyDemo) process.env.SHOPIFY_ADMIN_API_URL = shopifyDemo.emulator.url;
  const shopify = registerShopify({ db: hub.db, encryptor: hub.encryptor, env: readShopifyEnv(), billingTest: hub.config.mode !== "production" });
  Object.assign(handlers, shopify.handlers);
  loadContext.shopify = {
    part: shopify,
    ...(shopifyDemo ? { onAccepted: shopifyDemo.onAccepted, demo: shopifyDemo } : {}),
  };
  closers.push(() => shopify.unregister());
  // POST /webhooks/shopify: every topic of shopify.app.toml (HMAC, dedupe, queue; see webhook-receiver.ts).
  platforms.push({
    prefix: "/webhooks/shopify",
    handle: (request) =>
      receiveShopifyWebhook(request, {
        db: hub.db,
        secret: apiKey && apiSecret ? apiSecret : undefined,
        wake,
        ...(shopifyDemo ? { onAccepted: shopifyDemo.onAccepted } : {}),
      }),
  });
  if (shopifyDemo) {
    closers.push(() => shopifyDemo.close());
    // Start-up output for the person running `npm start` (and tests), not a log line.
    process.stdout.write(
      `Emulador de Shopify (tienda demo ${shopifyDemo.shop}) en ${shopifyDemo.emulator.url}; pedidos: ${shopifyDemo.emulator.url}/_state/orders/<id>\n`,
    );
  }
  if (apiKey && apiSecret) await shopify.startPolling();
}
// --- end Shopify

// Every kit connector's POST <webhooks.path> and routes, from the registry.
platforms.push(...hub.platforms.routes());

const worker = hub.startWorker({
  ...(sandbox ? { siiBaseUrl: sandbox.url } : {}),
  ...(demo ? { extraSiiKeys: { 100: demo.cafAuthorityPublicKey } } : {}),
  handlers,
});

const build = (await import(new URL("../build/server/index.js", import.meta.url).href)) as ServerBuild;
const remix = createRequestHandler(build, process.env.NODE_ENV === "development" ? "development" : "production");
const remixFetch: FetchHandler = (request) => remix(request, { ...loadContext, wake } as AppLoadContext);

const client = new URL("../build/client", import.meta.url).pathname;
const app = new Hono();
app.use(
  "/assets/*",
  serveStatic({
    root: client,
    onFound: (_path, c) => void c.header("cache-control", "public, max-age=31536000, immutable"),
  }),
);
app.use("/favicon.ico", serveStatic({ root: client }));
app.route(
  "/",
  createEdgeApp({
    api: hub.api,
    courierApp: hub.courierApp,
    platforms,
    fallback: remixFetch,
    trustProxy: process.env.TIMBRE_TRUST_PROXY === "1",
  }),
);

const server = createAdaptorServer({ fetch: app.fetch });
server.on("error", fatal);
// A deep accept backlog: a burst of a thousand connections is queued, not reset.
server.listen({ port: config.port, host: config.host ?? "0.0.0.0", backlog: 4096 }, () => {
  const address = server.address();
  announce(typeof address === "object" && address ? address.port : config.port);
});

/**
 * The user-facing start message (tests and people read it; not a log line): what runs where. The
 * address is also kept next to the data, so links the CLI prints use the port the hub really has.
 */
function announce(port: number) {
  const url = `http://localhost:${port}`;
  closers.push(recordHubAddress(config.dataDir, url));
  const shopifyDemo = (loadContext.shopify as { demo?: { shop: string; emulator: { url: string } } } | undefined)?.demo;
  const lines = startupBanner({
    url,
    version: config.version,
    database: hub.database.kind,
    dataDir: config.dataDir,
    ...(demo ? { demo: { company: demo.companyName, rut: demo.companyRut, store: demo.storeName } } : {}),
    ...(sandbox ? { siiSandboxUrl: sandbox.url } : {}),
    ...(config.siiBaseUrl ? { siiBaseUrl: config.siiBaseUrl } : {}),
    shopify: {
      configured: Boolean(process.env.SHOPIFY_API_KEY && process.env.SHOPIFY_API_SECRET),
      ...(shopifyDemo ? { demoShop: shopifyDemo.shop, emulatorUrl: shopifyDemo.emulator.url } : {}),
    },
    jumpseller: { apiUrl: process.env.JUMPSELLER_API_URL ?? "https://api.jumpseller.com/v1" },
  });
  process.stdout.write(`${lines.join("\n")}\n`);
}

// Idle keep-alive connections outlive every client's own idle timeout (undici 4 s, load balancers
// 60 s): the client always closes first, so it never reuses a socket the server is closing.
if ("keepAliveTimeout" in server) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, `Received ${signal}: stopping`);
  server.close();
  for (const close of closers.reverse()) await close();
  await demo?.close();
  await hub.close();
  await sandbox?.close();
  logger.flush();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
