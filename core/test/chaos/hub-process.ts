// The hub as shopify-app/src/server.ts runs it (open the hub with its migrations and the demo, start
// the worker, serve the edge router), minus the Remix admin and the platform workspaces core cannot
// import: what the chaos run kills with -9 and starts again. One stand-in platform ("chaosshop")
// is told about every document over HTTP, as Shopify and Jumpseller are, so its 429s hit the worker.
import { createAdaptorServer } from "@hono/node-server";
import { loadConfig } from "../../src/hub/config.js";
import { startDemo } from "../../src/hub/demo/start-demo.js";
import { openHub } from "../../src/hub/hub.js";
import { createEdgeApp } from "../../src/hub/http/edge-app.js";
import { logger } from "../../src/hub/logging/logger.js";
import { PlatformThrottledError } from "../../src/hub/platform/catalog-port.js";
import { registerDocumentWriteBack } from "../../src/hub/platform/document-writeback-port.js";
import { ensureTestPlatform } from "../../src/testing/test-platforms.js";

export const CHAOS_PLATFORM = "chaosshop";

const config = loadConfig();
const hub = await openHub(config, { role: "hub" });
const demo = config.demo ? await startDemo(hub) : undefined;

ensureTestPlatform(CHAOS_PLATFORM);
const platformUrl = process.env.CHAOS_PLATFORM_URL;
if (platformUrl) {
  registerDocumentWriteBack(CHAOS_PLATFORM, () => ({
    async documentChanged(notice) {
      const res = await fetch(`${platformUrl}/orders/${encodeURIComponent(notice.orderExternalId)}/documents`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ documentId: notice.documentId, folio: notice.folio, state: notice.state }),
        signal: AbortSignal.timeout(5_000),
      });
      // What the platform clients do (Shopify, Jumpseller): a 429 says how long to wait.
      if (res.status === 429) throw new PlatformThrottledError(Number(res.headers.get("retry-after") ?? "1") * 1000);
      if (!res.ok) throw new Error(`platform answered ${res.status}`);
    },
  }));
}

// Shorter than production's where waiting is all they do (the SII client's 30 s timeout, the 3 min
// grace before an upload the SII says it never got is sent again: the emulator shows one at once).
const siiTimeoutMs = Number(process.env.CHAOS_SII_TIMEOUT_MS ?? "") || undefined;
const graceMs = Number(process.env.CHAOS_NOT_RECEIVED_GRACE_MS ?? "") || undefined;
hub.startWorker({
  ...(demo ? { extraSiiKeys: { 100: demo.cafAuthorityPublicKey } } : {}),
  ...(siiTimeoutMs ? { siiTransport: { timeoutMs: siiTimeoutMs } } : {}),
  ...(graceMs ? { notReceivedGraceMs: graceMs } : {}),
});

const app = createEdgeApp({
  api: hub.api,
  courierApp: hub.courierApp,
  fallback: () => new Response("not found", { status: 404 }),
});
const server = createAdaptorServer({ fetch: app.fetch });
server.listen({ port: config.port, host: config.host ?? "127.0.0.1", backlog: 4096 }, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  process.stdout.write(`hub en http://127.0.0.1:${port}\n`);
});
if ("keepAliveTimeout" in server) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

async function stop() {
  server.close();
  await demo?.close();
  await hub.close();
  logger.flush();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
