import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../../src/hub/api/handler.js";
import { syncApiRoutes } from "../../../src/hub/api/routes/index.js";
import { signRequest } from "../../../src/hub/api/store-auth.js";
import { recordCustomer } from "../../../src/hub/customers/record-customer.js";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

const order = (externalId: string, buyer: Record<string, unknown>, updatedAt = "2026-11-20T12:00:00Z") => ({
  externalId,
  status: "pending",
  updatedAt,
  buyer,
  lines: [{ externalId: "l1", sku: "SKU-1", name: "Café", quantity: 1, unitPrice: 4990 }],
});

describe("customers from orders, in the CLI's and the sync API's view", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let store: CreatedStore;
  let companyId: string;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

  const call = async (method: string, path: string, body?: unknown) => {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${store.apiKey}`,
      "content-type": "application/json",
    };
    if (raw !== undefined) Object.assign(headers, signRequest(store.secret, { method, target: path, body: raw }));
    const r = await api(new Request(`http://hub.test${path}`, { method, headers, ...(raw ? { body: raw } : {}) }));
    return { status: r.status, body: (await r.json()) as Record<string, never> };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const company = await db.company.create({
      data: {
        rut: "76192083-9",
        businessName: "Demo SpA",
        activity: "Venta",
        actecos: [479100],
        address: "A 1",
        commune: "Santiago",
      },
    });
    companyId = company.id;
    store = await createStore(db, encryptor, { companyId, platform: "prestashop", name: "Presta", actor: "test" });
    api = createApiHandler(syncApiRoutes({ db, encryptor }), { db, encryptor, version: "t" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("gives a guest buyer a guest code and a registered one an account code, and links the order", async () => {
    expect(
      (await call("POST", "/api/v1/orders", order("1", { email: "Invitada@Example.cl", guest: true }))).status,
    ).toBe(202);
    expect((await call("POST", "/api/v1/orders", order("2", { email: "socio@example.cl", guest: false }))).status).toBe(
      202,
    );

    const one = await call("GET", "/api/v1/orders/1");
    expect(one.body.order).toMatchObject({ customer: { code: "INV-000001", guest: true } });
    const two = await call("GET", "/api/v1/orders/2");
    expect(two.body.order).toMatchObject({ customer: { code: "C-000002", guest: false } });

    const guests = await call("GET", "/api/v1/customers?guest=true");
    expect(guests.status).toBe(200);
    expect(guests.body.customers).toEqual([
      expect.objectContaining({ code: "INV-000001", email: "invitada@example.cl", orders: 1 }),
    ]);
  });

  it("matches a returning buyer by e-mail, then by RUT, instead of making a second customer", async () => {
    await call(
      "POST",
      "/api/v1/orders",
      order("3", { email: "invitada@example.cl", guest: true, rut: "12.345.678-5" }),
    );
    const three = await call("GET", "/api/v1/orders/3");
    expect(three.body.order).toMatchObject({ customer: { code: "INV-000001" } });
    // Same RUT, another e-mail: the same person.
    await call("POST", "/api/v1/orders", order("4", { email: "otra@example.cl", guest: true, rut: "12345678-5" }));
    expect((await call("GET", "/api/v1/orders/4")).body.order).toMatchObject({ customer: { code: "INV-000001" } });
    const byRut = await call("GET", "/api/v1/customers/12.345.678-5");
    expect(byRut.body.customer).toMatchObject({ code: "INV-000001", rut: "12345678-5", orders: 3 });
    expect(await db.customer.count({ where: { companyId } })).toBe(2);
  });

  it("records no customer when the platform does not say whether the buyer had an account", async () => {
    await call("POST", "/api/v1/orders", order("5", { email: "nadie@example.cl" }));
    expect((await call("GET", "/api/v1/orders/5")).body.order).toMatchObject({ customer: null });
    expect(await db.customer.count({ where: { companyId, email: "nadie@example.cl" } })).toBe(0);
  });

  it("a customer the store reports on its own (no order yet) is listed, and a guest who opens an account keeps the code", async () => {
    const r = await recordCustomer(db, companyId, { email: "nueva@example.cl", name: "Nueva", guest: true }, "test");
    expect(r).toMatchObject({ created: true, customer: { code: "INV-000003", guest: true } });
    const again = await recordCustomer(db, companyId, { email: "nueva@example.cl", guest: false }, "test");
    expect(again).toMatchObject({ created: false, customer: { code: "INV-000003", guest: false } });
    expect((await call("GET", "/api/v1/customers?search=nueva")).body.customers).toHaveLength(1);
    expect((await call("GET", "/api/v1/customers/NOPE-1")).status).toBe(404);
  });
});
