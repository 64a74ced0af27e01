// Issue 13, "keep it found": a burst of signed paid orders through the sync API while the hub is
// killed with -9 and started again, its database connections are terminated, the SII freezes past
// the client's timeout (SIGSTOP), dies for a while and comes back, and the store's platform answers
// 429. Then: one document per order, no folio reused or skipped without a recorded void, stock
// consumed once per sale, nothing stuck, every document accepted, and none marked rejected that the
// SII accepted. Timings are environment variables (CHAOS_*, below) so a longer run is one line away.
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../src/hub/api/store-auth.js";
import { loadConfig } from "../../src/hub/config.js";
import { DEMO_COMPANY } from "../../src/hub/demo/demo-data.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor } from "../../src/hub/secrets/encryptor.js";
import { resolveSecretKey } from "../../src/hub/secrets/secret-key.js";
import { createWarehouse } from "../../src/hub/stock/create-warehouse.js";
import { setStoreWarehouses } from "../../src/hub/stock/set-store-warehouses.js";
import { createStore, type CreatedStore } from "../../src/hub/stores/create-store.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { ensureTestPlatform } from "../../src/testing/test-platforms.js";
import { freePort, startHubProcess, startSiiProcess, type Proc } from "./processes.js";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ORDERS = num("CHAOS_ORDERS", 100);
/** The hub's SII client timeout (30 s in production; shorter here so a freeze past it is cheap). */
const SII_TIMEOUT_MS = num("CHAOS_SII_TIMEOUT_MS", 5_000);
const FREEZE_MS = num("CHAOS_SII_FREEZE_MS", SII_TIMEOUT_MS + 5_000);
const SII_DOWN_MS = num("CHAOS_SII_DOWN_MS", 20_000);
const THROTTLE_MS = num("CHAOS_THROTTLE_MS", 20_000);
/** Between two orders of one sender (two senders): ~100 orders over ~40 s. */
const ORDER_GAP_MS = num("CHAOS_ORDER_GAP_MS", 800);
const SETTLE_MS = num("CHAOS_SETTLE_MS", 240_000);
const STEP_MS = num("CHAOS_SII_STEP_MS", 300);
/** How long the hub waits before sending again what the SII says it never received (3 min in production). */
const GRACE_MS = num("CHAOS_NOT_RECEIVED_GRACE_MS", 20_000);

const CHAOS_PLATFORM = "chaosshop";
const TEST_APP = "timbre-chaos-test";
const pgUrl = process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SKUS = ["CAFE-250", "CAFE-1K", "TE-100", "TAZA", "FILTRO"];
const PRICES = [5_990, 18_990, 3_490, 7_990, 2_490];
const START_STOCK = 1_000;
/** Deterministic orders: one to three lines, one to three units each. */
function orderOf(i: number) {
  const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => {
    const p = (i + k * 2) % SKUS.length;
    return {
      externalId: `l${k}`,
      sku: SKUS[p]!,
      name: `Producto ${SKUS[p]}`,
      quantity: 1 + ((i + k) % 3),
      unitPrice: PRICES[p]!,
    };
  });
  return {
    externalId: `CH-${i}`,
    number: `#${1000 + i}`,
    status: "paid",
    updatedAt: "2026-11-30T12:00:00Z",
    buyer: { name: `Cliente ${i}`, email: `c${i}@example.cl`, document: "boleta" },
    lines,
  };
}

if (!pgUrl) {
  console.log("test:chaos: TEST_DATABASE_URL is not set; skipped (the chaos run needs PostgreSQL).");
}

describe.skipIf(!pgUrl)(
  "chaos: a burst of orders through kill -9, dropped connections, a frozen and a dead SII, 429s",
  () => {
    let tdb: TestDatabase;
    let db: Db;
    let dataDir: string;
    let hub: Proc;
    let sii: Proc;
    let hubEnv: Record<string, string>;
    let siiOpts: Parameters<typeof startSiiProcess>[0];
    let hubUrl: string;
    let siiUrl: string;
    let store: CreatedStore;
    let platform: Server;
    let throttleUntil = 0;
    const platformSeen = new Map<string, string>();
    const counts = {
      hubKills: 0,
      terminatedConnections: 0,
      siiFreezes: 0,
      siiKills: 0,
      platform429: 0,
      orderRetries: 0,
      order5xx: 0,
      orderNetworkErrors: 0,
      hubRestartMs: 0,
    };
    const answers5xx: string[] = [];

    beforeAll(async () => {
      tdb = await createTestDatabase({ migrate: false });
      dataDir = mkdtempSync(join(tmpdir(), "timbre-chaos-"));

      // The store's platform: told about each document over HTTP; throttles while told to.
      platform = createServer((req, res) => {
        let body = "";
        req.on("data", (d: Buffer) => (body += d.toString()));
        req.on("end", () => {
          if (Date.now() < throttleUntil) {
            counts.platform429++;
            res.writeHead(429, { "retry-after": "1" }).end("slow down");
            return;
          }
          const { documentId, state } = JSON.parse(body) as { documentId: string; state: string };
          platformSeen.set(documentId, state);
          res.writeHead(200).end("ok");
        });
      });
      await new Promise<void>((r) => platform.listen(0, "127.0.0.1", r));
      const platformUrl = `http://127.0.0.1:${(platform.address() as { port: number }).port}`;

      const siiPort = await freePort();
      siiOpts = { port: siiPort, dataDir, journal: join(dataDir, "sii-journal.jsonl"), stepMs: STEP_MS };
      sii = await startSiiProcess(siiOpts);
      siiUrl = `http://127.0.0.1:${siiPort}`;
      const hubPort = await freePort();
      hubEnv = {
        DATABASE_URL: tdb.url,
        TIMBRE_DATA_DIR: dataDir,
        TIMBRE_SII_BASE_URL: siiUrl,
        PORT: String(hubPort),
        CHAOS_PLATFORM_URL: platformUrl,
        CHAOS_SII_TIMEOUT_MS: String(SII_TIMEOUT_MS),
        CHAOS_NOT_RECEIVED_GRACE_MS: String(GRACE_MS),
      };
      hub = await startHubProcess(hubEnv);
      hubUrl = `http://127.0.0.1:${hubPort}`;

      // The merchant's side, on the hub's database and key: a store on the platform, a warehouse, stock.
      const watch = new URL(tdb.url);
      watch.searchParams.set("application_name", TEST_APP);
      db = createPrismaClient(watch.toString(), { maxConnections: 3 });
      const encryptor = createEncryptor(
        resolveSecretKey(loadConfig({ TIMBRE_DATA_DIR: dataDir, DATABASE_URL: tdb.url })),
      );
      ensureTestPlatform(CHAOS_PLATFORM);
      const company = await db.company.findUniqueOrThrow({ where: { rut: DEMO_COMPANY.rut } });
      store = await createStore(db, encryptor, {
        companyId: company.id,
        platform: CHAOS_PLATFORM,
        name: "Tienda caótica",
        shopDomain: "caos.example",
        actor: "test",
      });
      await createWarehouse(db, company.id, { code: "SCL", name: "Santiago" }, "test");
      await setStoreWarehouses(db, store.id, ["SCL"], "test");
      const products = await call("PUT", "/api/v1/products", {
        products: SKUS.map((sku, i) => ({
          sku,
          name: `Producto ${sku}`,
          price: PRICES[i],
          platformProductId: `p${i}`,
        })),
      });
      expect(products.status, await products.clone().text()).toBeLessThan(300);
      const stock = await call("POST", "/api/v1/stock/movements", {
        movements: SKUS.map((sku) => ({ sku, warehouse: "SCL", kind: "in", quantity: START_STOCK, unitCost: 1_000 })),
      });
      expect(stock.status, await stock.clone().text()).toBeLessThan(300);
    }, 180_000);

    afterAll(async () => {
      await hub?.stop();
      await sii?.stop();
      await db?.$disconnect();
      await new Promise((r) => platform?.close(r));
      await tdb?.close();
    });

    function call(method: string, path: string, body?: unknown): Promise<Response> {
      const raw = body === undefined ? undefined : JSON.stringify(body);
      return fetch(`${hubUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${store.apiKey}`,
          "content-type": "application/json",
          ...(raw !== undefined ? signRequest(store.secret, { method, target: path, body: raw }) : {}),
        },
        ...(raw !== undefined ? { body: raw } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    }

    class Refused extends Error {}

    /** As a store's plugin delivers an order: until the hub says 202, through its restarts and 5xx. */
    async function deliver(order: ReturnType<typeof orderOf>): Promise<void> {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          counts.orderRetries++;
          await sleep(300);
        }
        try {
          const res = await call("POST", "/api/v1/orders", order);
          if (res.status === 202) return;
          const text = await res.text();
          if (res.status < 500) throw new Refused(`${order.externalId}: ${res.status} ${text}`);
          counts.order5xx++;
          answers5xx.push(`${res.status} ${text.slice(0, 300)}`);
        } catch (e) {
          if (e instanceof Refused) throw e;
          counts.orderNetworkErrors++;
        }
      }
    }

    async function killHub(): Promise<void> {
      counts.hubKills++;
      await hub.kill9();
      const t = Date.now();
      hub = await startHubProcess(hubEnv);
      counts.hubRestartMs = Math.max(counts.hubRestartMs, Date.now() - t);
    }

    async function terminateConnections(): Promise<void> {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      const r = await admin.query<{ n: string }>(
        `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2`,
        [new URL(tdb.url).pathname.slice(1), TEST_APP],
      );
      await admin.end();
      counts.terminatedConnections += Number(r.rows[0]!.n);
    }

    async function freezeSii(): Promise<void> {
      counts.siiFreezes++;
      sii.freeze();
      await sleep(FREEZE_MS);
      sii.thaw();
    }

    async function killSii(): Promise<void> {
      counts.siiKills++;
      await sii.kill9();
      await sleep(SII_DOWN_MS);
      sii = await startSiiProcess(siiOpts);
    }

    it(`${ORDERS} orders: one document each, every folio accounted for, stock consumed once, all accepted`, async () => {
      const faults: Array<Promise<void>> = [];
      const plan: Array<[number, () => Promise<void>]> = [
        [0.2, killHub],
        [0.35, terminateConnections],
        [0.5, freezeSii],
        [0.7, killSii],
        [0.8, killHub],
        [0.9, terminateConnections],
      ];
      const started = Date.now();
      throttleUntil = started + THROTTLE_MS;
      let delivered = 0;
      const sender = async (offset: number) => {
        for (let i = offset; i < ORDERS; i += 2) {
          await deliver(orderOf(i));
          delivered++;
          while (plan[0] && delivered >= plan[0][0] * ORDERS) faults.push(plan.shift()![1]());
          await sleep(ORDER_GAP_MS);
        }
      };
      await Promise.all([sender(0), sender(1)]);
      await Promise.all(faults);
      const burstMs = Date.now() - started;

      // Settled: every order has its document in a final state and the platform was told; no work left.
      const PERIODIC_JOBS = ["hub.reconcile", "billing.monthly", "platform.sweeps"];
      const FINAL = ["accepted", "accepted_with_objections", "rejected"] as const;
      const settledBy = Date.now() + SETTLE_MS;
      for (;;) {
        const docs = await db.document.findMany({ where: { storeId: store.id }, select: { id: true, state: true } });
        const open = await db.job.count({
          // Periodic jobs re-queue themselves for later: they are never "left", only the next round.
          where: { state: { in: ["queued", "running"] }, kind: { notIn: PERIODIC_JOBS } },
        });
        const final = docs.filter((d) => (FINAL as readonly string[]).includes(d.state));
        const told = final.filter((d) => platformSeen.get(d.id) === d.state).length;
        if (docs.length >= ORDERS && final.length === docs.length && told === docs.length && open === 0) break;
        if (Date.now() > settledBy) {
          const jobs = await db.job.findMany({ where: { state: { in: ["queued", "running", "dead"] } } });
          throw new Error(
            `not settled after ${SETTLE_MS} ms: ${docs.length} documents, ${final.length} final, ${told} told to the platform; jobs: ${JSON.stringify(
              jobs.map((j) => ({
                kind: j.kind,
                state: j.state,
                attempts: j.attempts,
                error: j.lastError?.slice(0, 200),
              })),
            )}\n--- hub output ---\n${hub.output().slice(-6_000)}`,
          );
        }
        await sleep(1_000);
      }
      const settleMs = Date.now() - started - burstMs;

      const orders = await db.order.findMany({
        where: { storeId: store.id },
        include: { documents: true, stockReservations: true },
      });
      const docs = orders.flatMap((o) => o.documents);
      const company = await db.company.findUniqueOrThrow({ where: { rut: DEMO_COMPANY.rut } });
      const cafs = await db.caf.findMany({ where: { companyId: company.id, documentType: 39 } });
      const voids = await db.folioVoid.findMany({ where: { companyId: company.id, documentType: 39 } });
      const allBoletas = await db.document.findMany({ where: { companyId: company.id, type: 39 } });
      const sales = await db.stockMovement.findMany({ where: { kind: "sale" } });
      const balances = await db.stockBalance.findMany();
      const deadJobs = await db.job.findMany({ where: { state: "dead" } });
      const envelopes = await db.envelope.count({ where: { companyId: company.id } });
      const siiState = (await (await fetch(`${siiUrl}/_emulator/state`)).json()) as {
        envelopes: Array<{ final: string | null; documents: Array<{ tipo: number; folio: number; estado: string }> }>;
      };
      const siiDocs = siiState.envelopes.flatMap((e) => e.documents);
      const siiAccepted = new Map<number, number>();
      for (const d of siiDocs)
        if (d.tipo === 39 && d.estado !== "RCH") siiAccepted.set(d.folio, (siiAccepted.get(d.folio) ?? 0) + 1);

      // Folios: used ones and recorded voids together are every folio taken, each once.
      const taken = cafs.flatMap((c) => Array.from({ length: c.nextFolio - c.folioFrom }, (_, k) => c.folioFrom + k));
      const accounted = [...allBoletas.map((d) => d.folio), ...voids.map((v) => v.folio)].sort((a, b) => a - b);

      const report = {
        orders: orders.length,
        documents: docs.length,
        accepted: docs.filter((d) => d.state === "accepted").length,
        rejected: docs.filter((d) => d.state === "rejected").length,
        foliosTaken: taken.length,
        foliosVoided: voids.length,
        envelopesSent: envelopes,
        siiEnvelopes: siiState.envelopes.length,
        siiRepeated: siiState.envelopes.filter((e) => e.final === "RPT").length,
        siiAcceptedBoletas: siiAccepted.size,
        saleMovements: sales.length,
        heldReservations: orders.flatMap((o) => o.stockReservations).filter((r) => r.state === "held").length,
        deadJobs: deadJobs.length,
        ...counts,
        burstSeconds: Math.round(burstMs / 1000),
        settleSeconds: Math.round(settleMs / 1000),
      };
      console.log(`test:chaos counts: ${JSON.stringify(report, null, 1)}`);
      if (answers5xx.length) console.log(`test:chaos 5xx answers to orders:\n${answers5xx.join("\n")}`);

      expect(orders).toHaveLength(ORDERS);
      // A lost database connection is a 503 to send again, never a 500.
      expect(answers5xx.filter((a) => !a.startsWith("503"))).toEqual([]);
      // Exactly one document per order.
      expect(orders.filter((o) => o.documents.length !== 1).map((o) => [o.externalId, o.documents.length])).toEqual([]);
      // Every folio taken is a document or a recorded void, once.
      expect(accounted).toEqual(taken);
      // Every document accepted once the SII was back, and the SII has each exactly once.
      expect(docs.filter((d) => d.state !== "accepted").map((d) => [d.folio, d.state, d.siiResult])).toEqual([]);
      expect(
        docs.filter((d) => siiAccepted.get(d.folio) !== 1).map((d) => [d.folio, siiAccepted.get(d.folio)]),
      ).toEqual([]);
      // No document marked rejected (or its folio voided) that the SII accepted.
      expect(voids.filter((v) => siiAccepted.has(v.folio)).map((v) => [v.folio, v.reason])).toEqual([]);
      // Stock: each sale consumed once (one sale movement per order line), nothing left held.
      const lineCount = orders.reduce((n, o) => n + (o.lines as unknown[]).length, 0);
      expect(sales).toHaveLength(lineCount);
      expect(report.heldReservations).toBe(0);
      const sold = new Map<string, number>();
      for (const o of orders)
        for (const l of o.lines as Array<{ sku: string; quantity: number }>)
          sold.set(l.sku, (sold.get(l.sku) ?? 0) + l.quantity);
      const variants = await db.productVariant.findMany({ where: { sku: { in: SKUS } } });
      for (const b of balances.filter((x) => variants.some((v) => v.id === x.variantId))) {
        const sku = variants.find((v) => v.id === b.variantId)!.sku;
        expect([sku, Number(b.onHand), Number(b.reserved)]).toEqual([sku, START_STOCK - (sold.get(sku) ?? 0), 0]);
      }
      // Nothing stuck: no dead job, nothing running or queued (the reconciliation sweep excepted).
      expect(deadJobs.map((j) => [j.kind, j.lastError])).toEqual([]);
    });
  },
);
