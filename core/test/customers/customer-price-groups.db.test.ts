import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setGroupPriceList } from "../../src/hub/catalog/group-price-lists.js";
import { setPrices } from "../../src/hub/catalog/set-prices.js";
import { upsertProducts } from "../../src/hub/catalog/upsert-products.js";
import { customerPriceGroups } from "../../src/hub/customers/customer-price-groups.js";
import { recordCustomer } from "../../src/hub/customers/record-customer.js";
import { setCustomerPriceList } from "../../src/hub/customers/set-customer-price-list.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { connectStore, createCompany } from "../stock/fixture.js";

// A distributor's own price table on its hub record decides its customer group in a store whose
// groups are priced by hub lists (Magento: the customer's group, and so its tier prices).
describe("a customer's own price list and its group in a store", () => {
  let tdb: TestDatabase;
  let db: Db;
  let store: { id: string; companyId: string };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const companyId = (await createCompany(db)).id;
    store = { id: (await connectStore(db, companyId, "woocommerce")).id, companyId };
    await upsertProducts(db, companyId, [{ sku: "A", name: "Taza", price: 5990 }], { actor: "test" });
    await setPrices(db, companyId, "Mayorista", [{ sku: "A", price: 4990 }], "test");
    await setPrices(db, companyId, "Retail", [{ sku: "A", price: 5490 }], "test");
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("puts a customer in the group its list prices, and nowhere once the list is taken away", async () => {
    const rosa = (await recordCustomer(
      db,
      store.companyId,
      { email: "Compras@Distribuidora.test", rut: "77.123.456-9", name: "Rosa", guest: false },
      "test",
    ))!.customer;
    await recordCustomer(db, store.companyId, { email: "otro@example.test", name: "Otro", guest: false }, "test");
    expect(await customerPriceGroups(db, store)).toEqual([]);

    await setGroupPriceList(db, store.id, "Distribuidores", "Mayorista", "test");
    expect(await setCustomerPriceList(db, store.companyId, "77123456-9", "Mayorista", "test")).toMatchObject({
      code: rosa.code,
      priceList: "Mayorista",
    });
    expect(await customerPriceGroups(db, store)).toEqual([
      { code: rosa.code, email: "compras@distribuidora.test", rut: "77123456-9", group: "Distribuidores" },
    ]);
    // A list no group of this store uses puts the customer in no group here.
    await setCustomerPriceList(db, store.companyId, rosa.code, "Retail", "test");
    expect(await customerPriceGroups(db, store)).toEqual([]);
    await setCustomerPriceList(db, store.companyId, "compras@distribuidora.test", "Mayorista", "test");
    await setCustomerPriceList(db, store.companyId, rosa.code, null, "test");
    expect(await customerPriceGroups(db, store)).toEqual([]);
    await expect(setCustomerPriceList(db, store.companyId, rosa.code, "Nada", "test")).rejects.toMatchObject({
      code: "price_list.not_found",
    });
    const audit = await db.auditEvent.findMany({ where: { action: { startsWith: "customer.price_list" } } });
    expect(audit.map((a) => a.action)).toEqual([
      "customer.price_list_set",
      "customer.price_list_set",
      "customer.price_list_set",
      "customer.price_list_removed",
    ]);
  });
});
