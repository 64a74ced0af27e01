/**
 * A real hub for the platform suite, as its own process (so a test can stop it and start it again
 * on the same data): the embedded database in TIMBRE_DATA_DIR (or DATABASE_URL), the demo company
 * with its certificate and test CAFs, an SII emulator it trusts, every platform connector (driven by
 * the platform kit's runtime: adapters, sweep), the worker, and the sync API on PORT. Prints "HUB READY <url>" when serving.
 *
 *   PORT=3401 TIMBRE_DATA_DIR=/tmp/x tsx hub-process.ts
 */
import { createServer } from "node:http";
import { loadConfig, openHub } from "@timbre/core/hub";
import { startDemo } from "@timbre/core/demo";
import { startSiiEmulator } from "@timbre/core/sii-emulator";
import { loadPlatforms } from "@timbre/core/platforms";

const config = loadConfig({ ...process.env, TIMBRE_DEMO: "1" });
const hub = await openHub(config, { role: "hub" });
const platforms = await loadPlatforms("hub");
for (const f of platforms.failed) console.error(`[platforms] ${f.workspace} not loaded: ${f.error}`);
const demo = await startDemo(hub);
const sii = await startSiiEmulator({
  cafAuthorities: [demo.cafAuthorityPublicKey],
  timing: { mode: "timer", stepMs: 300 },
  ...(process.env.SII_PORT ? { port: Number(process.env.SII_PORT) } : {}),
});
const worker = hub.startWorker({
  siiBaseUrl: sii.url,
  extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
  pollIntervalMs: 250,
});

const server = createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    if (url.pathname === "/_test/sweep" && req.method === "POST") {
      await hub.platforms.sweepNow("woocommerce");
      res.writeHead(204).end();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(url, {
      method: req.method ?? "GET",
      headers,
      ...(body.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? { body } : {}),
    });
    const response = await hub.api(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
  }
});
server.listen(Number(process.env.PORT ?? 3401), "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`HUB READY http://127.0.0.1:${port}`);
});

async function stop() {
  server.close();
  await worker.stop();
  await demo.close();
  await hub.close();
  await sii.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
