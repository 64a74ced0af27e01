import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../src/hub/api/handler.js";
import { syncApiRoutes } from "../../src/hub/api/routes/index.js";
import { signRequest } from "../../src/hub/api/store-auth.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { runTransaction } from "../../src/hub/db/run-transaction.js";
import { createWarehouse } from "../../src/hub/stock/create-warehouse.js";
import { reserveForOrder } from "../../src/hub/stock/reserve-for-order.js";
import { setStoreWarehouses } from "../../src/hub/stock/set-store-warehouses.js";
import type { CreatedStore } from "../../src/hub/stores/create-store.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { connectStore, createCompany, createOrder, encryptor } from "./fixture.js";

interface StockBody {
  items: Array<{ sku: string; available: number; updatedAt: string }>;
  asOf: string;
  nextCursor: string | null;
}

describe("sync API v1: products, stock and sync status", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let woo: CreatedStore;
  let presta: CreatedStore;
  let queued = 0;

  const call = async (method: string, path: string, body?: unknown, as: CreatedStore = woo) => {
    const raw = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${as.apiKey}`,
      "content-type": "application/json",
    };
    if (raw !== undefined) Object.assign(headers, signRequest(as.secret, { method, target: path, body: raw }));
    const res = await api(
      new Request(`http://hub.test${path}`, { method, headers, ...(raw !== undefined ? { body: raw } : {}) }),
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const stock = async (as: CreatedStore = woo, query = "") =>
    (await call("GET", `/api/v1/stock${query}`, undefined, as)).body as unknown as StockBody;
  const available = async (sku: string, as: CreatedStore = woo) =>
    (await stock(as)).items.find((i) => i.sku === sku)?.available;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const companyId = (await createCompany(db)).id;
    woo = await connectStore(db, companyId, "woocommerce");
    presta = await connectStore(db, companyId, "prestashop");
    await createWarehouse(db, companyId, { code: "SCL", name: "Santiago" }, "test");
    await createWarehouse(db, companyId, { code: "VAP", name: "Valparaíso" }, "test");
    await setStoreWarehouses(db, woo.id, ["SCL"], "test");
    await setStoreWarehouses(db, presta.id, ["SCL", "VAP"], "test");
    const deps = { db, encryptor, onQueued: () => void queued++ };
    api = createApiHandler(syncApiRoutes(deps), { ...deps, version: "test" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("upserts products in batches of up to 100 and says what happened to each", async () => {
    const r = await call("PUT", "/api/v1/products", {
      products: [
        { sku: "CAFE", name: "Café 1 kg", price: 12990 },
        { sku: "LIBRO", name: "Libro", price: 15000, exempt: true, platformProductId: "9007199254740993" },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      results: [
        { sku: "CAFE", status: "created" },
        { sku: "LIBRO", status: "created" },
      ],
      duplicates: [],
    });
    const again = await call("PUT", "/api/v1/products", {
      products: [{ sku: "CAFE", name: "Café 1 kg", price: 13990 }],
    });
    expect(again.body).toEqual({ results: [{ sku: "CAFE", status: "updated" }], duplicates: [] });
    const listing = await db.storeListing.findFirstOrThrow({ where: { storeId: woo.id, sku: "LIBRO" } });
    expect(listing.platformProductId).toBe("9007199254740993");
    const tooMany = await call("PUT", "/api/v1/products", {
      products: Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, name: "x", price: 1 })),
    });
    expect(tooMany.status).toBe(400);
  });

  it("moves stock with fractional and negative quantities; stores see whole units, never negative", async () => {
    const r = await call("POST", "/api/v1/stock/movements", {
      movements: [
        { sku: "CAFE", warehouse: "SCL", kind: "in", quantity: 10.75, unitCost: 7000 },
        { sku: "CAFE", warehouse: "SCL", kind: "adjust", quantity: -0.5 },
        { sku: "CAFE", warehouse: "VAP", kind: "in", quantity: 2.5 },
        { sku: "LIBRO", warehouse: "SCL", kind: "in", quantity: 1 },
        { sku: "LIBRO", warehouse: "SCL", kind: "out", quantity: 3.5 },
      ],
    });
    expect(r.status).toBe(201);
    expect((r.body.movements as Array<{ onHand: number }>).map((m) => m.onHand)).toEqual([10.75, 10.25, 2.5, 1, -2.5]);
    expect(queued).toBeGreaterThan(0);
    expect(await available("CAFE")).toBe(10);
    expect(await available("CAFE", presta)).toBe(12);
    expect(await available("LIBRO")).toBe(0);
    for (const item of (await stock()).items)
      expect(Number.isInteger(item.available) && item.available >= 0).toBe(true);
  });

  it("holds back what orders reserved", async () => {
    const order = await createOrder(db, presta.id, [{ sku: "CAFE", quantity: 10 }]);
    expect((await runTransaction(db, (tx) => reserveForOrder(tx, order))).status).toBe("reserved");
    // Presta reserved 10 from SCL first (10.25 there): Woo, fed by SCL only, has 0.25 left.
    expect(await available("CAFE")).toBe(0);
    expect(await available("CAFE", presta)).toBe(2);
  });

  it("returns only what changed since the last asOf, page by page", async () => {
    const first = await stock();
    const nothing = await stock(
      woo,
      `?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(nothing.items).toEqual([]);
    await call("POST", "/api/v1/stock/movements", {
      movements: [{ sku: "LIBRO", warehouse: "SCL", kind: "count", quantity: 4 }],
    });
    const since = await stock(woo, `?updatedSince=${encodeURIComponent(first.items.at(-1)!.updatedAt)}`);
    expect(since.items.map((i) => [i.sku, i.available])).toEqual([["LIBRO", 4]]);
    const p1 = await stock(woo, "?limit=1");
    expect(p1.items).toHaveLength(1);
    const p2 = await stock(woo, `?limit=1&cursor=${p1.nextCursor}`);
    expect(p2.items[0]!.sku).not.toBe(p1.items[0]!.sku);
    expect((await call("GET", "/api/v1/stock?cursor=nonsense")).status).toBe(400);
    expect((await call("GET", "/api/v1/stock?limit=0")).status).toBe(400);
  });

  it("answers 400 naming each bad movement field, and records none of the batch", async () => {
    const before = await db.stockMovement.count();
    const r = await call("POST", "/api/v1/stock/movements", {
      movements: [
        { sku: "CAFE", warehouse: "SCL", kind: "in", quantity: 1.2345 },
        { sku: "CAFE", warehouse: "SCL", kind: "teleport", quantity: 1 },
        { sku: "NADA", warehouse: "SCL", kind: "in", quantity: 1 },
      ],
    });
    expect(r.status).toBe(400);
    const fields = (r.body.error as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    expect(fields).toEqual(["movements.0.quantity", "movements.1.kind"]);
    const unknown = await call("POST", "/api/v1/stock/movements", {
      movements: [{ sku: "NADA", warehouse: "ZZZ", kind: "in", quantity: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect((unknown.body.error as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual([
      "movements.0.sku",
      "movements.0.warehouse",
    ]);
    expect(await db.stockMovement.count()).toBe(before);
  });

  it("a quantity or cost like 1e-7 gets a 400 in Spanish naming the field, never a crash", async () => {
    const before = await db.stockMovement.count();
    const r = await call("POST", "/api/v1/stock/movements", {
      movements: [
        { sku: "CAFE", warehouse: "SCL", kind: "in", quantity: 1e-7 },
        { sku: "CAFE", warehouse: "SCL", kind: "in", quantity: 1, unitCost: 1e-7 },
        { sku: "CAFE", warehouse: "SCL", kind: "adjust", quantity: 0 },
      ],
    });
    expect(r.status).toBe(400);
    const error = r.body.error as {
      message: string;
      fields: Array<{ field: string; message: string; messageEn?: string }>;
    };
    expect(error.fields).toEqual([
      {
        field: "movements.0.quantity",
        message: "A lo más tres decimales (p. ej. 2,125).",
        messageEn: "at most three decimals",
      },
      { field: "movements.1.unitCost", message: "A lo más cuatro decimales.", messageEn: "at most four decimals" },
      { field: "movements.2.quantity", message: "No puede ser cero.", messageEn: "must not be zero" },
    ]);
    expect(await db.stockMovement.count()).toBe(before);
  });

  it("reports a duplicate SKU in the sync status and keeps its order pending-worthy", async () => {
    const r = await call(
      "PUT",
      "/api/v1/products",
      {
        products: [
          { sku: "DUP", name: "Uno", price: 1 },
          { sku: "DUP", name: "Otro", price: 2 },
        ],
      },
      presta,
    );
    expect(r.body).toMatchObject({
      duplicates: ["DUP"],
      results: [
        { sku: "DUP", status: "duplicate" },
        { sku: "DUP", status: "duplicate" },
      ],
    });
    const status = await call("GET", "/api/v1/sync/status", undefined, presta);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      run: null,
      report: { counts: { duplicate: 2 }, duplicates: [{ sku: "DUP" }] },
    });
  });

  it("requires the store's key, and its signature on writes", async () => {
    const unsigned = await api(
      new Request("http://hub.test/api/v1/stock/movements", {
        method: "POST",
        headers: { authorization: `Bearer ${woo.apiKey}` },
        body: "{}",
      }),
    );
    expect(unsigned.status).toBe(401);
    expect((await api(new Request("http://hub.test/api/v1/stock"))).status).toBe(401);
    expect(
      (await api(new Request("http://hub.test/api/v1/sync/status", { headers: { authorization: "Bearer tmb_nope" } })))
        .status,
    ).toBe(401);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = (await (await api(new Request("http://hub.test/api/v1/openapi.json"))).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }>; requestBody?: unknown }>>;
    };
    expect(doc.paths["/api/v1/products"]?.put?.requestBody).toBeDefined();
    expect(doc.paths["/api/v1/stock/movements"]?.post?.requestBody).toBeDefined();
    expect(doc.paths["/api/v1/stock"]?.get?.parameters?.map((p) => p.name)).toEqual([
      "updatedSince",
      "cursor",
      "limit",
      "sku",
    ]);
    expect(doc.paths["/api/v1/sync/status"]?.get).toBeDefined();
  });
});
