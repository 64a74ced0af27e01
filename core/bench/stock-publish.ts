/**
 * Publishes 10,000 SKUs to one store of each platform through the fake adapter (the real limits of
 * each platform, hub/platform/limits.ts) and compares what it took with the least possible: the
 * fewest requests the platform's batch size allows, and the least time its rate limit allows for
 * them. The platform's clock is virtual (a 12-minute Jumpseller push runs in seconds); the hub's own
 * work (database, planning) is real and reported as wall time. Then a typical delta: 150 SKUs move.
 *
 *   cd core && npx tsx bench/stock-publish.ts [N]        (default N = 10000; TEST_DATABASE_URL for a server)
 */
import { createPrismaClient } from "../src/hub/db/prisma-client.js";
import { virtualClock } from "../src/hub/platform/clock.js";
import { PLATFORM_LIMITS } from "../src/hub/platform/limits.js";
import { pacedPort } from "../src/hub/platform/paced-port.js";
import { storeRateLimiter } from "../src/hub/platform/rate-limiter.js";
import { createWarehouse } from "../src/hub/stock/create-warehouse.js";
import { publishStoreStock } from "../src/hub/stock/publish-store-stock.js";
import { recordMovements } from "../src/hub/stock/record-movements.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../src/hub/secrets/encryptor.js";
import { createStore } from "../src/hub/stores/create-store.js";
import { runStoreSync, type SyncProgress } from "../src/hub/sync/run-store-sync.js";
import { minimumDurationMs, minimumRequests } from "../src/rules/stock/pacing.js";
import { createFakePlatform } from "../src/testing/fake-platform.js";
import { ensureTestPlatform } from "../src/testing/test-platforms.js";
import { createTestDatabase } from "../src/testing/test-database.js";

const N = Number(process.argv[2] ?? 10_000);
const DELTA = 150;

const tdb = await createTestDatabase();
const db = createPrismaClient(tdb.url);
const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
const company = await db.company.create({
  data: {
    rut: "76192083-9",
    businessName: "Bench SpA",
    activity: "Venta",
    actecos: [479100],
    address: "A 1",
    commune: "Santiago",
  },
});
await createWarehouse(db, company.id, { code: "SCL", name: "Santiago" }, "bench");
const skus = Array.from({ length: N }, (_, i) => `SKU-${String(i).padStart(6, "0")}`);

// Catalog setup in bulk SQL (not what is measured); stock through the real use case.
const t = performance.now();
await db.$executeRaw`
  INSERT INTO "Product" (id, "companyId", key, name, "updatedAt")
  SELECT gen_random_uuid(), ${company.id}::uuid, s, 'Producto ' || s, now() FROM unnest(${skus}::text[]) s`;
await db.$executeRaw`
  INSERT INTO "ProductVariant" (id, "companyId", "productId", sku, name, price, "updatedAt")
  SELECT gen_random_uuid(), p."companyId", p.id, p.key, p.name, 1000, now() FROM "Product" p WHERE p."companyId" = ${company.id}::uuid`;
for (let i = 0; i < N; i += 500) {
  await recordMovements(
    db,
    company.id,
    skus.slice(i, i + 500).map((sku, j) => ({
      sku,
      warehouse: "SCL",
      kind: "in" as const,
      quantity: ((i + j) % 37) + 1.5,
      unitCost: 1000,
    })),
    { actor: "bench" },
  );
}
console.log(`setup: ${N} SKUs with stock in ${((performance.now() - t) / 1000).toFixed(1)} s (${tdb.kind} database)\n`);

interface Row {
  platform: string;
  batch: number;
  limit: string;
  pages: number;
  requests: number;
  minRequests: number;
  platformSeconds: number;
  minSeconds: number;
  wallSeconds: number;
  throttled: number;
  deltaRequests: number;
  deltaMinRequests: number;
  deltaPlatformSeconds: number;
  deltaWallSeconds: number;
}

const rows: Row[] = [];
for (const [platform, limits] of Object.entries(PLATFORM_LIMITS) as Array<
  [keyof typeof PLATFORM_LIMITS, (typeof PLATFORM_LIMITS)["shopify"]]
>) {
  ensureTestPlatform(platform);
  const clock = virtualClock(Date.parse("2026-11-23T12:00:00Z"));
  const created = await createStore(db, encryptor, {
    companyId: company.id,
    platform,
    name: platform,
    shopDomain: `${platform}.bench`,
    actor: "bench",
  });
  const store = { id: created.id, companyId: company.id };
  const fake = createFakePlatform({ limits, clock });
  let id = 9_000_000_000_000_000_000n;
  fake.seed(
    skus.map((sku) => ({
      productId: String(++id),
      variantId: String(++id),
      inventoryItemId: String(++id),
      sku,
      title: sku,
      quantity: 0,
    })),
  );

  // Initial sync: read the catalog, match 10,000 SKUs, publish every quantity (all differ from 0).
  const marks: Partial<Record<SyncProgress["phase"], { virtual: number; real: number }>> = {};
  const { report } = await runStoreSync(db, store.id, {
    adapters: () => fake.port,
    clock,
    actor: "bench",
    onProgress: (p) => (marks[p.phase] ??= { virtual: clock.now(), real: performance.now() }),
  });
  const end = { virtual: clock.now(), real: performance.now() };
  const published = fake.inventoryRequests;
  const pages = fake.requests - fake.inventoryRequests;
  // Publishing starts when matching does (matching makes no requests; onProgress reports after each group).
  const start = marks.matching ?? end;
  const minReq = minimumRequests(N, limits.inventoryBatchSize);

  // A typical delta: 150 SKUs receive goods in the back office.
  await recordMovements(
    db,
    company.id,
    skus
      .filter((_, i) => i % Math.floor(N / DELTA) === 0)
      .slice(0, DELTA)
      .map((sku) => ({ sku, warehouse: "SCL", kind: "in" as const, quantity: 1 })),
    { actor: "bench" },
  );
  const before = { requests: fake.inventoryRequests, virtual: clock.now(), real: performance.now() };
  const port = pacedPort(fake.port, storeRateLimiter(store.id, limits, clock));
  const delta = await publishStoreStock(db, store, port, { clock });
  if (delta.pushed !== DELTA || report.published !== N)
    throw new Error(`expected ${N} then ${DELTA} pushed, got ${report.published} and ${delta.pushed}`);

  rows.push({
    platform,
    batch: limits.inventoryBatchSize,
    limit: [limits.perSecond ? `${limits.perSecond}/s` : "", limits.perMinute ? `${limits.perMinute}/min` : ""]
      .filter(Boolean)
      .join(" "),
    pages,
    requests: published,
    minRequests: minReq,
    platformSeconds: (end.virtual - start.virtual) / 1000,
    minSeconds: minimumDurationMs(minReq, limits) / 1000,
    wallSeconds: (end.real - start.real) / 1000,
    throttled: fake.throttledResponses,
    deltaRequests: fake.inventoryRequests - before.requests,
    deltaMinRequests: minimumRequests(DELTA, limits.inventoryBatchSize),
    deltaPlatformSeconds: (clock.now() - before.virtual) / 1000,
    deltaWallSeconds: (performance.now() - before.real) / 1000,
  });
}

const f = (n: number, d = 1) => n.toFixed(d);
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? "1.00" : "∞") : f(a / b, 2));
console.log(
  `Publishing ${N} SKUs (initial sync, every quantity differs), fake adapter, each platform's batch size and rate limit:\n`,
);
console.log(
  "platform     batch  limit          requests  least  ratio   platform time  least time  ratio   hub wall time  throttled  (catalog read: pages)",
);
for (const r of rows) {
  console.log(
    `${r.platform.padEnd(12)} ${String(r.batch).padStart(5)}  ${r.limit.padEnd(13)} ${String(r.requests).padStart(9)} ${String(r.minRequests).padStart(6)}  ${ratio(r.requests, r.minRequests).padStart(5)}  ${(f(r.platformSeconds) + " s").padStart(13)} ${(f(r.minSeconds) + " s").padStart(11)}  ${ratio(r.platformSeconds, r.minSeconds).padStart(5)}  ${(f(r.wallSeconds, 2) + " s").padStart(13)}  ${String(r.throttled).padStart(9)}  ${String(r.pages).padStart(6)}`,
  );
}
console.log(`\nThen a delta: ${DELTA} SKUs receive goods in the back office; only they are pushed:\n`);
console.log("platform     requests  least  ratio   platform time  hub wall time");
for (const r of rows) {
  console.log(
    `${r.platform.padEnd(12)} ${String(r.deltaRequests).padStart(9)} ${String(r.deltaMinRequests).padStart(6)}  ${ratio(r.deltaRequests, r.deltaMinRequests).padStart(5)}  ${(f(r.deltaPlatformSeconds) + " s").padStart(13)}  ${(f(r.deltaWallSeconds, 2) + " s").padStart(13)}`,
  );
}
console.log(
  "\nplatform time: on the platform's clock from the end of the catalog read to the last push, paced by its limits (so it includes\nthe wait the last read pages left in the window; network latency not included). least time: first to last request at the limit.\nhub wall time: real time of the hub's own work (matching, database, planning) over the same span.",
);
await db.$disconnect();
await tdb.close();
