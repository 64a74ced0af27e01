import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertProducts } from "../../src/hub/catalog/upsert-products.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createWarehouse } from "../../src/hub/stock/create-warehouse.js";
import { recordMovements } from "../../src/hub/stock/record-movements.js";
import { setStoreWarehouses } from "../../src/hub/stock/set-store-warehouses.js";
import { stockBalances } from "../../src/hub/stock/stock-balances.js";
import { stockHistory } from "../../src/hub/stock/stock-history.js";
import { setStoreSyncConfig } from "../../src/hub/stock/store-sync-config.js";
import { storeStock } from "../../src/hub/stock/store-stock.js";
import { storeAvailable } from "../../src/rules/stock/available.js";
import { parseMilli, toMilli } from "../../src/rules/stock/quantity.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { connectStore, createCompany } from "./fixture.js";

describe("warehouses, movements and what each store shows", () => {
  let tdb: TestDatabase;
  let db: Db;
  let companyId: string;
  let web: { id: string; companyId: string };
  let outlet: { id: string; companyId: string };
  const shows = async (store: { id: string; companyId: string }, sku: string) =>
    (await storeStock(db, store, { limit: 1000, skus: [sku] })).items[0]?.available;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    companyId = (await createCompany(db)).id;
    const a = await connectStore(db, companyId, "woocommerce");
    const b = await connectStore(db, companyId, "prestashop");
    web = { id: a.id, companyId };
    outlet = { id: b.id, companyId };
    await createWarehouse(db, companyId, { code: "SCL", name: "Santiago" }, "test");
    await createWarehouse(db, companyId, { code: "VAP", name: "Valparaíso" }, "test");
    await upsertProducts(
      db,
      companyId,
      [
        { sku: "CAFE-1K", name: "Café en grano 1 kg", price: 12990 },
        { sku: "QUESO", name: "Queso por kilo", price: 9990 },
        { sku: "TAZA", name: "Taza", price: 4990, exempt: false },
      ],
      { actor: "test" },
    );
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("makes the first warehouse the default and refuses a repeated code", async () => {
    const ws = await db.warehouse.findMany({ where: { companyId }, orderBy: { createdAt: "asc" } });
    expect(ws.map((w) => [w.code, w.isDefault])).toEqual([
      ["SCL", true],
      ["VAP", false],
    ]);
    await expect(createWarehouse(db, companyId, { code: "SCL", name: "Otra" }, "test")).rejects.toMatchObject({
      code: "warehouse.duplicate",
      kind: "conflict",
    });
  });

  it("records fractional entries and exits, valued by weighted average cost", async () => {
    const r = await recordMovements(
      db,
      companyId,
      [
        { sku: "QUESO", warehouse: "SCL", kind: "in", quantity: 10.5, unitCost: 5000 },
        { sku: "QUESO", warehouse: "SCL", kind: "in", quantity: 4.5, unitCost: 6000 },
        { sku: "QUESO", warehouse: "SCL", kind: "out", quantity: 2.25 },
      ],
      { actor: "test" },
    );
    expect(r.map((m) => [m.quantity, m.onHand, m.avgCost])).toEqual([
      [10.5, 10.5, 5000],
      [4.5, 15, 5300],
      [-2.25, 12.75, 5300],
    ]);
    expect(r[2]!.unitCost).toBe(5300);
    const [bal] = await stockBalances(db, companyId, { skus: ["QUESO"], warehouse: "SCL" });
    expect(bal).toMatchObject({
      sku: "QUESO",
      warehouse: "SCL",
      onHand: 12.75,
      reserved: 0,
      free: 12.75,
      avgCost: 5300,
      value: 67575,
    });
  });

  it("shows stores whole units of free stock, never negative", async () => {
    // Stores with no warehouses of their own follow the default one (SCL).
    expect(await shows(web, "QUESO")).toBe(12);
    await recordMovements(db, companyId, [{ sku: "QUESO", warehouse: "SCL", kind: "adjust", quantity: -20 }], {
      actor: "test",
    });
    const [bal] = await stockBalances(db, companyId, { skus: ["QUESO"], warehouse: "SCL" });
    expect(bal!.onHand).toBe(-7.25);
    expect(await shows(web, "QUESO")).toBe(0);
    await recordMovements(db, companyId, [{ sku: "QUESO", warehouse: "SCL", kind: "count", quantity: 3.9 }], {
      actor: "test",
    });
    expect(await shows(web, "QUESO")).toBe(3);
  });

  it("sums the warehouses that feed a store and holds back its safety buffer", async () => {
    await recordMovements(
      db,
      companyId,
      [
        { sku: "CAFE-1K", warehouse: "SCL", kind: "in", quantity: 7, unitCost: 6000 },
        { sku: "CAFE-1K", warehouse: "VAP", kind: "in", quantity: 5, unitCost: 6500 },
      ],
      { actor: "test" },
    );
    await setStoreWarehouses(db, web.id, ["VAP", "SCL"], "test");
    await setStoreWarehouses(db, outlet.id, ["VAP"], "test");
    expect(await shows(web, "CAFE-1K")).toBe(12);
    expect(await shows(outlet, "CAFE-1K")).toBe(5);
    await setStoreSyncConfig(db, outlet.id, { safetyBuffer: 1.5 }, "test");
    expect(await shows(outlet, "CAFE-1K")).toBe(3);
    await setStoreSyncConfig(db, outlet.id, { safetyBuffer: 9 }, "test");
    expect(await shows(outlet, "CAFE-1K")).toBe(0);
    await setStoreSyncConfig(db, outlet.id, { safetyBuffer: 0 }, "test");
  });

  it("transfers between warehouses at the cost the goods left with", async () => {
    const [t] = await recordMovements(
      db,
      companyId,
      [{ sku: "CAFE-1K", warehouse: "SCL", kind: "transfer", toWarehouse: "VAP", quantity: 2 }],
      { actor: "test" },
    );
    expect(t).toMatchObject({ quantity: -2, onHand: 5, unitCost: 6000, to: { warehouse: "VAP", onHand: 7 } });
    expect(t!.to!.avgCost).toBeCloseTo((5 * 6500 + 2 * 6000) / 7, 3);
    expect(await shows(web, "CAFE-1K")).toBe(12);
    expect(await shows(outlet, "CAFE-1K")).toBe(7);
  });

  it("records a movement once however often it is sent with the same externalId", async () => {
    const send = () =>
      recordMovements(
        db,
        companyId,
        [{ sku: "TAZA", warehouse: "SCL", kind: "in", quantity: 3, unitCost: 1500, externalId: "oc-77" }],
        { actor: "test" },
      );
    const results = await Promise.all([send(), send(), send()]);
    expect(results.flat().filter((m) => !m.duplicate)).toHaveLength(1);
    const [bal] = await stockBalances(db, companyId, { skus: ["TAZA"], warehouse: "SCL" });
    expect(bal!.onHand).toBe(3);
  });

  it("refuses unknown SKUs and warehouses all or nothing, naming each field", async () => {
    const before = await db.stockMovement.count();
    await expect(
      recordMovements(
        db,
        companyId,
        [
          { sku: "TAZA", warehouse: "SCL", kind: "in", quantity: 1 },
          { sku: "NOPE", warehouse: "XXX", kind: "in", quantity: 1 },
        ],
        { actor: "test" },
      ),
    ).rejects.toMatchObject({ fields: [{ field: "movements.1.sku" }, { field: "movements.1.warehouse" }] });
    expect(await db.stockMovement.count()).toBe(before);
  });

  it("keeps the kardex: history per product and warehouse, and balances at any date", async () => {
    const history = await stockHistory(db, companyId, { sku: "QUESO", warehouse: "SCL" });
    expect(history.map((h) => h.kind)).toEqual(["in", "in", "out", "adjustment", "adjustment"]);
    expect(history.map((h) => h.onHand)).toEqual([10.5, 15, 12.75, -7.25, 3.9]);
    expect(history[4]!.reason).toBe("conteo físico");
    const cut = new Date(history[2]!.at);
    const [then] = await stockBalances(db, companyId, { skus: ["QUESO"], warehouse: "SCL", at: cut });
    expect(then).toMatchObject({ onHand: 12.75, avgCost: 5300 });
    const [before] = await stockBalances(db, companyId, { skus: ["QUESO"], warehouse: "SCL", at: new Date(0) });
    expect(before).toBeUndefined();
  });

  it("computes in SQL exactly what the pure rule computes, for any movements", async () => {
    const product = await upsertProducts(db, companyId, [{ sku: "PROP", name: "Propiedad", price: 1 }], {
      actor: "test",
    });
    expect(product.results[0]!.status).toBe("created");
    const variant = await db.productVariant.findUniqueOrThrow({ where: { companyId_sku: { companyId, sku: "PROP" } } });
    const qty = fc
      .integer({ min: -50_000, max: 50_000 })
      .filter((q) => q !== 0)
      .map((m) => m / 1000);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ w: fc.constantFrom("SCL", "VAP"), q: qty }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3000 }).map((m) => m / 1000),
        async (moves, buffer) => {
          await setStoreSyncConfig(db, web.id, { safetyBuffer: buffer }, "test");
          await recordMovements(
            db,
            companyId,
            moves.map((m) => ({ sku: "PROP", warehouse: m.w, kind: "adjust" as const, quantity: m.q })),
            { actor: "test" },
          );
          const balances = await db.stockBalance.findMany({ where: { variantId: variant.id } });
          const expected = storeAvailable(
            balances.map((b) => ({ onHand: parseMilli(b.onHand), reserved: parseMilli(b.reserved) })),
            toMilli(buffer),
          );
          expect(await shows(web, "PROP")).toBe(expected);
        },
      ),
      { numRuns: 15 },
    );
    await setStoreSyncConfig(db, web.id, { safetyBuffer: 0 }, "test");
  });
});
