import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../../src/hub/api/handler.js";
import { syncApiRoutes } from "../../../src/hub/api/routes/index.js";
import { saveUfValues } from "../../../src/hub/billing/uf-values.js";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../../src/hub/secrets/encryptor.js";
import type { CreatedStore } from "../../../src/hub/stores/create-store.js";
import { lastDayOfMonth, monthOf } from "../../../src/rules/billing/index.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";
import { company, ingestMany, store } from "./support.js";

/** GET /api/v1/billing/usage: what the admin app's billing screen shows. */
describe("sync API v1: billing usage", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let a: CreatedStore;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
  const month = monthOf(new Date());
  const get = async (path: string, as: CreatedStore = a) => {
    const r = await api(new Request(`http://hub.test${path}`, { headers: { authorization: `Bearer ${as.apiKey}` } }));
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const c = await company(db);
    a = await store(db, encryptor, c.id, "woocommerce", "api-a.cl");
    const b = await store(db, encryptor, c.id, "prestashop", "api-b.cl");
    await ingestMany(db, a, c.id, Array.from({ length: 40 }, (_, i) => `a${i}`));
    await ingestMany(db, b, c.id, Array.from({ length: 20 }, (_, i) => `b${i}`));
    await saveUfValues(db, [{ date: lastDayOfMonth(month), valueCentavos: 4_000_000 }], "test");
    api = createApiHandler(syncApiRoutes({ db, encryptor, siiKeys: {} }), { db, encryptor, version: "test" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("counts every store of the calling store's company and prices the month", async () => {
    const r = await get(`/api/v1/billing/usage?month=${month}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      month,
      ordersCounted: 60,
      tier: { code: "t150", from: 51, to: 150 },
      uf: "0,25",
      ufValue: { date: lastDayOfMonth(month), value: "40.000,00" },
      clp: 10_000,
      provisional: true,
      provisionalReasons: ["month_open"],
    });
    expect((await get("/api/v1/billing/usage")).body.month).toBe(month);
  });

  it("refuses a malformed month and an unauthenticated call", async () => {
    const bad = await get("/api/v1/billing/usage?month=2026-13");
    expect(bad.status).toBe(400);
    const r = await api(new Request("http://hub.test/api/v1/billing/usage"));
    expect(r.status).toBe(401);
  });
});
