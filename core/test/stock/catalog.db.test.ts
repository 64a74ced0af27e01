import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOrderSkus } from "../../src/hub/catalog/resolve-order-skus.js";
import { resolvePrices } from "../../src/hub/catalog/resolve-prices.js";
import { setPrices } from "../../src/hub/catalog/set-prices.js";
import { setSellOnline } from "../../src/hub/catalog/set-sell-online.js";
import { upsertProducts } from "../../src/hub/catalog/upsert-products.js";
import { matchCustomer } from "../../src/hub/customers/match-customer.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { runTransaction } from "../../src/hub/db/run-transaction.js";
import { createWarehouse } from "../../src/hub/stock/create-warehouse.js";
import { recordMovements } from "../../src/hub/stock/record-movements.js";
import { setStoreSyncConfig } from "../../src/hub/stock/store-sync-config.js";
import { storeStock } from "../../src/hub/stock/store-stock.js";
import { listingReport } from "../../src/hub/sync/listing-report.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { connectStore, createCompany } from "./fixture.js";

describe("products by SKU, store listings, sell-online and prices", () => {
  let tdb: TestDatabase;
  let db: Db;
  let companyId: string;
  let store: { id: string; companyId: string };
  const shows = async (sku: string) => (await storeStock(db, store, { limit: 10, skus: [sku] })).items[0]?.available;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    companyId = (await createCompany(db)).id;
    store = { id: (await connectStore(db, companyId, "woocommerce")).id, companyId };
    await createWarehouse(db, companyId, { code: "SCL", name: "Santiago" }, "test");
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("creates, updates and leaves unchanged by SKU, grouping variants under a product", async () => {
    const first = await upsertProducts(
      db,
      companyId,
      [
        {
          sku: "POL-R-M",
          name: "Polera roja M",
          price: 9990,
          product: "POL",
          productName: "Polera",
          options: { Color: "Rojo", Talla: "M" },
        },
        { sku: "POL-R-L", name: "Polera roja L", price: 9990, product: "POL", options: { Color: "Rojo", Talla: "L" } },
        { sku: "LIBRO", name: "Libro", price: 15000, exempt: true, images: ["https://img.example/libro.jpg"] },
      ],
      { actor: "test" },
    );
    expect(first.results.map((r) => r.status)).toEqual(["created", "created", "created"]);
    const again = await upsertProducts(
      db,
      companyId,
      [
        { sku: "POL-R-M", name: "Polera roja M", price: 10990, product: "POL" },
        { sku: "POL-R-L", name: "Polera roja L", price: 9990, product: "POL" },
      ],
      { actor: "test" },
    );
    expect(again.results.map((r) => r.status)).toEqual(["updated", "unchanged"]);
    const pol = await db.product.findUniqueOrThrow({
      where: { companyId_key: { companyId, key: "POL" } },
      include: { variants: { orderBy: { sku: "asc" } } },
    });
    expect(pol.name).toBe("Polera");
    expect(pol.variants.map((v) => [v.sku, v.price])).toEqual([
      ["POL-R-L", 9990],
      ["POL-R-M", 10990],
    ]);
    const libro = await db.product.findUniqueOrThrow({
      where: { companyId_key: { companyId, key: "LIBRO" } },
      include: { images: true },
    });
    expect(libro.exempt).toBe(true);
    expect(libro.images.map((i) => [i.url, i.source])).toEqual([["https://img.example/libro.jpg", "hub"]]);
  });

  it("reports a SKU repeated by a store, applies neither copy, shows it 0 there and keeps its orders pending", async () => {
    await recordMovements(db, companyId, [{ sku: "LIBRO", warehouse: "SCL", kind: "in", quantity: 8 }], {
      actor: "test",
    });
    expect(await shows("LIBRO")).toBe(8);
    const r = await upsertProducts(
      db,
      companyId,
      [
        { sku: "LIBRO", name: "Libro tapa dura", price: 1, platformProductId: "101" },
        { sku: "LIBRO", name: "Libro tapa blanda", price: 2, platformProductId: "102" },
        { sku: "TAZA", name: "Taza", price: 4990, platformProductId: "103" },
      ],
      { actor: "api:test", store },
    );
    expect(r.duplicates).toEqual(["LIBRO"]);
    expect(r.results.map((x) => x.status)).toEqual(["duplicate", "duplicate", "created"]);
    expect(
      (await db.productVariant.findUniqueOrThrow({ where: { companyId_sku: { companyId, sku: "LIBRO" } } })).price,
    ).toBe(15000);
    expect(await shows("LIBRO")).toBe(0);
    expect(await resolveOrderSkus(db, store, ["LIBRO", "TAZA", "NADA", undefined])).toEqual({
      unknown: ["NADA"],
      duplicated: ["LIBRO"],
      missing: 1,
    });
    const report = await listingReport(db, store.id);
    expect(report.duplicates).toEqual([
      {
        sku: "LIBRO",
        listings: [expect.objectContaining({ productId: "101" }), expect.objectContaining({ productId: "102" })],
      },
    ]);
    // The merchant fixes the store: one listing keeps the SKU.
    await upsertProducts(
      db,
      companyId,
      [{ sku: "LIBRO-B", name: "Libro tapa blanda", price: 2, platformProductId: "102" }],
      { actor: "api:test", store },
    );
    expect(await resolveOrderSkus(db, store, ["LIBRO"])).toEqual({ unknown: [], duplicated: [], missing: 0 });
    expect(await shows("LIBRO")).toBe(8);
  });

  it("treats the same SKU sent twice without store ids as a duplicate until it is sent once", async () => {
    await upsertProducts(
      db,
      companyId,
      [
        { sku: "VASO", name: "Vaso", price: 1 },
        { sku: "VASO", name: "Vaso grande", price: 2 },
      ],
      { actor: "api:test", store },
    );
    expect((await resolveOrderSkus(db, store, ["VASO"])).duplicated).toEqual(["VASO"]);
    await upsertProducts(db, companyId, [{ sku: "VASO", name: "Vaso", price: 1 }], { actor: "api:test", store });
    expect(await resolveOrderSkus(db, store, ["VASO"])).toEqual({ unknown: [], duplicated: [], missing: 0 });
  });

  it("publishes 0 for a product the merchant does not sell online in that store", async () => {
    await recordMovements(
      db,
      companyId,
      [
        { sku: "POL-R-M", warehouse: "SCL", kind: "in", quantity: 4 },
        { sku: "POL-R-L", warehouse: "SCL", kind: "in", quantity: 2 },
      ],
      { actor: "test" },
    );
    expect(await setSellOnline(db, store.id, "POL-R-M", false, "test")).toEqual({
      skus: expect.arrayContaining(["POL-R-M", "POL-R-L"]),
    });
    expect([await shows("POL-R-M"), await shows("POL-R-L")]).toEqual([0, 0]);
    await setSellOnline(db, store.id, "POL-R-L", true, "test");
    expect([await shows("POL-R-M"), await shows("POL-R-L")]).toEqual([4, 2]);
  });

  it("prices from the customer's list, else the store's, else the base price", async () => {
    await setPrices(db, companyId, "Mayorista", [{ sku: "TAZA", price: 3990 }], "test");
    await setPrices(
      db,
      companyId,
      "Web",
      [
        { sku: "TAZA", price: 4490 },
        { sku: "LIBRO", price: 14000 },
      ],
      "test",
    );
    await setStoreSyncConfig(db, store.id, { priceList: "Web" }, "test");
    const customer = (
      await runTransaction(db, (tx) => matchCustomer(tx, companyId, { rut: "11.111.111-1", guest: false }))
    ).customer!;
    await db.customer.update({
      where: { id: customer.id },
      data: { priceList: { connect: { companyId_name: { companyId, name: "Mayorista" } } } },
    });
    const p = await resolvePrices(db, { companyId, storeId: store.id, customerId: customer.id }, [
      "TAZA",
      "LIBRO",
      "VASO",
    ]);
    expect(Object.fromEntries(p)).toEqual({
      TAZA: { price: 3990, source: "customer" },
      LIBRO: { price: 14000, source: "store" },
      VASO: { price: 1, source: "base" },
    });
    await expect(setPrices(db, companyId, "Web", [{ sku: "NADA", price: 1 }], "test")).rejects.toMatchObject({
      code: "product.not_found",
    });
  });
});
