import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupPriceLists, setGroupPriceList } from "../../src/hub/catalog/group-price-lists.js";
import { setPrices } from "../../src/hub/catalog/set-prices.js";
import { setSellOnline } from "../../src/hub/catalog/set-sell-online.js";
import { storeCatalogItems } from "../../src/hub/catalog/store-catalog-items.js";
import { upsertProducts } from "../../src/hub/catalog/upsert-products.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { setStoreSyncConfig } from "../../src/hub/stock/store-sync-config.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { connectStore, createCompany } from "./fixture.js";

// A distributor's own price table: a hub price list on a store's customer group; and the catalog
// as a store that takes it from the hub publishes it ("sell online", short name, weight, price).
describe("customer groups' price lists and the catalog a store publishes", () => {
  let tdb: TestDatabase;
  let db: Db;
  let store: { id: string; companyId: string };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const companyId = (await createCompany(db)).id;
    store = { id: (await connectStore(db, companyId, "woocommerce")).id, companyId };
    await upsertProducts(
      db,
      companyId,
      [
        {
          sku: "A",
          name: "Taza de greda artesanal",
          price: 5990,
          shortName: "Taza",
          weightGrams: 350,
          description: "Pomaire",
        },
        { sku: "B", name: "Plato", price: 3990 },
      ],
      { actor: "test" },
    );
    await setPrices(db, companyId, "Mayorista", [{ sku: "A", price: 4990 }], "test");
    await setPrices(db, companyId, "Web", [{ sku: "B", price: 3490 }], "test");
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("prices a customer group with a list, says which list is unknown, and removes it", async () => {
    expect(await setGroupPriceList(db, store.id, "Distribuidores", "Mayorista", "test")).toEqual([
      { group: "Distribuidores", priceList: "Mayorista", prices: [{ sku: "A", price: 4990 }] },
    ]);
    await expect(setGroupPriceList(db, store.id, "Otros", "Nada", "test")).rejects.toMatchObject({
      code: "price_list.not_found",
    });
    await expect(setGroupPriceList(db, store.id, "<script>", "Mayorista", "test")).rejects.toMatchObject({
      code: "store.customer_group_invalid",
    });
    await setPrices(db, store.companyId, "Mayorista", [{ sku: "B", price: 2990 }], "test");
    expect((await groupPriceLists(db, store.id))[0]!.prices).toEqual([
      { sku: "A", price: 4990 },
      { sku: "B", price: 2990 },
    ]);
    expect(await setGroupPriceList(db, store.id, "Distribuidores", null, "test")).toEqual([]);
  });

  it("lists what the store publishes, with the store's price list and sell online", async () => {
    await setStoreSyncConfig(db, store.id, { priceList: "Web" }, "test");
    await setSellOnline(db, store.id, "B", false, "test");
    const items = await storeCatalogItems(db, store, { limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({
        sku: "A",
        name: "Taza de greda artesanal",
        shortName: "Taza",
        weightGrams: 350,
        description: "Pomaire",
        price: 5990,
        sellOnline: true,
      }),
      expect.objectContaining({ sku: "B", name: "Plato", price: 3490, sellOnline: false }),
    ]);
    expect((await storeCatalogItems(db, store, { after: "A", limit: 10 })).map((i) => i.sku)).toEqual(["B"]);
  });
});
