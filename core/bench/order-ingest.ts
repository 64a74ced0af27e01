/**
 * The sync API under load, as a plugin fleet would hit it: signed `POST /api/v1/orders` with
 * distinct paid orders (autocannon), then paid-to-accepted throughput through the whole pipeline
 * (issue, sign, envelope, SII emulator, poll). Each figure is compared with a baseline measured in
 * the same run on the same server: an authenticated `GET /api/v1/folios` (key lookup plus one query).
 *
 *   npx tsx core/bench/order-ingest.ts [seconds] [orders-to-accept]   (embedded database)
 *   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx core/bench/order-ingest.ts
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { signRequest } from "../src/hub/api/store-auth.js";
import { loadConfig } from "../src/hub/config.js";
import { startDemo } from "../src/hub/demo/start-demo.js";
import { openHub } from "../src/hub/hub.js";
import { createStore } from "../src/hub/stores/create-store.js";
import { startSiiEmulator } from "../src/testing/sii/emulator.js";
import { ensureTestPlatform } from "../src/testing/test-platforms.js";
import { createTestDatabase } from "../src/testing/test-database.js";

const SECONDS = Number(process.argv[2] ?? 10);
const TO_ACCEPT = Number(process.argv[3] ?? 300);
const CONNECTIONS = 16;

if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const tdb = await createTestDatabase({ migrate: false });
const hub = await openHub(
  loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-bench-")) }),
  { role: "cli" },
);
const demo = await startDemo(hub);
ensureTestPlatform("woocommerce");
const store = await createStore(hub.db, hub.encryptor, {
  companyId: demo.companyId,
  platform: "woocommerce",
  name: "Bench",
  shopDomain: "bench.example",
  actor: "bench",
});

// The hub's own Request → Response handler behind a plain node:http server, as the Remix route serves it.
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const response = await hub.api(
    new Request(`http://bench${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      ...(body ? { body } : {}),
    }),
  );
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let seq = 0;
function orderBody(): string {
  const n = ++seq;
  return JSON.stringify({
    externalId: `B${n}`,
    number: `#${n}`,
    status: "paid",
    updatedAt: new Date().toISOString(),
    buyer: { email: `c${n}@example.cl`, name: "Cliente", document: "boleta" },
    lines: [
      { externalId: "l1", sku: "CAFE-1K", name: "Café en grano 1 kg", quantity: 1 + (n % 3), unitPrice: 12990 },
      { externalId: "l2", sku: "TAZA", name: "Taza", quantity: 1, unitPrice: 8490 },
    ],
    shipping: { name: "Despacho", price: 3990 },
  });
}
const auth = { authorization: `Bearer ${store.apiKey}` };

async function load(title: string, request: () => autocannon.Request): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: () => request() }],
  });
  const bad = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms${bad ? `   (${bad} failed)` : ""}`,
  );
  return result;
}

console.log(`database: ${tdb.kind}; ${CONNECTIONS} connections, ${SECONDS} s per run`);
const baseline = await load("baseline GET /api/v1/folios", () => ({
  method: "GET",
  path: "/api/v1/folios",
  headers: auth,
}));
const ingest = await load("POST /api/v1/orders (new orders)", () => {
  const body = orderBody();
  return {
    method: "POST",
    path: "/api/v1/orders",
    // Each request signed anew: a signed request is accepted once.
    headers: {
      ...auth,
      "content-type": "application/json",
      ...signRequest(store.secret, { method: "POST", target: "/api/v1/orders", body }),
    },
    body,
  };
});
console.log(`ingest / baseline: ${(ingest.requests.average / baseline.requests.average).toFixed(2)}`);

// Paid to accepted: the worker issues everything ingested above plus TO_ACCEPT more, against the
// emulator answering at once; the clock runs from the first new order to the last acceptance.
await hub.db.order.deleteMany({ where: { storeId: store.id, documents: { none: {} } } });
await hub.db.job.deleteMany({});
const sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
const worker = hub.startWorker({
  siiBaseUrl: sii.url,
  extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
  boletaLingerMs: 200,
  pollIntervalMs: 100,
  pollMs: 50,
});
const t0 = performance.now();
for (let i = 0; i < TO_ACCEPT; i++) {
  const body = orderBody();
  const res = await fetch(`${url}/api/v1/orders`, {
    method: "POST",
    headers: { ...auth, ...signRequest(store.secret, { method: "POST", target: "/api/v1/orders", body }) },
    body,
  });
  if (res.status !== 202) throw new Error(`ingest failed: ${res.status}`);
}
const ingestMs = performance.now() - t0;
for (;;) {
  const accepted = await hub.db.document.count({ where: { storeId: store.id, state: "accepted" } });
  if (accepted >= TO_ACCEPT) break;
  if (performance.now() - t0 > 10 * 60_000)
    throw new Error(`only ${accepted} of ${TO_ACCEPT} accepted after 10 minutes`);
  await new Promise((r) => setTimeout(r, 100));
}
const totalMs = performance.now() - t0;
const perSecond = (TO_ACCEPT / totalMs) * 1000;
console.log(
  `paid → accepted: ${TO_ACCEPT} boletas in ${(totalMs / 1000).toFixed(1)} s (posted in ${(ingestMs / 1000).toFixed(1)} s) = ${perSecond.toFixed(1)} documents/s`,
);
console.log(`paid → accepted / baseline: ${(perSecond / baseline.requests.average).toFixed(3)}`);

await worker.stop();
server.close();
await hub.close();
await sii.close();
await tdb.close();
