import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../../src/hub/api/handler.js";
import { syncApiRoutes } from "../../../src/hub/api/routes/index.js";
import { signRequest } from "../../../src/hub/api/store-auth.js";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { createTestCertificate } from "../../../src/testing/certs.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";
import { ensureTestPlatform } from "../../../src/testing/test-platforms.js";

/** The sync-API calls behind the shared admin app's screens (onboarding, orders, settings). */
describe("sync API v1: admin app", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let store: CreatedStore;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

  const call = async (method: string, path: string, body?: unknown) => {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${store.apiKey}`,
      "content-type": "application/json",
    };
    if (raw !== undefined) Object.assign(headers, signRequest(store.secret, { method, target: path, body: raw }));
    const r = await api(
      new Request(`http://hub.test${path}`, { method, headers, ...(raw !== undefined ? { body: raw } : {}) }),
    );
    return { status: r.status, body: (await r.json()) as unknown };
  };

  beforeAll(async () => {
    ensureTestPlatform("woocommerce");
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
    store = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "woocommerce",
      name: "Woo",
      shopDomain: "woo.example",
      actor: "test",
    });
    api = createApiHandler(syncApiRoutes({ db, encryptor, siiKeys: {} }), { db, encryptor, version: "test" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("walks onboarding: company data, then the certificate; a bad CAF is refused with a reason", async () => {
    let o = await call("GET", "/api/v1/onboarding");
    expect(o.status).toBe(200);
    expect(o.body).toMatchObject({
      company: { rut: "76192083-9" },
      steps: { company: true, certificate: false, caf: false },
    });
    const put = await call("PUT", "/api/v1/company", {
      businessName: "Mi Tienda SpA",
      activity: "Venta por internet",
      address: "Av. Siempre Viva 742",
      commune: "Providencia",
      city: "Santiago",
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      company: { rut: "76192083-9", businessName: "Mi Tienda SpA", commune: "Providencia" },
    });
    const cert = createTestCertificate({ rut: "11111111-1" });
    const loaded = await call("POST", "/api/v1/certificate", {
      pfxBase64: Buffer.from(cert.pfx).toString("base64"),
      password: cert.password,
    });
    expect(loaded.status).toBe(201);
    o = await call("GET", "/api/v1/onboarding");
    expect(o.body).toMatchObject({ steps: { certificate: true } });
    const caf = await call("POST", "/api/v1/cafs", { xml: "<AUTORIZACION>no</AUTORIZACION>" });
    expect(caf.status).toBe(400);
    expect((caf.body as { error: { message: string } }).error.message).not.toMatch(/Too small|expected/);
  });

  it("lists the store's orders with why they wait, and keeps settings", async () => {
    const order = {
      externalId: "1001",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { document: "boleta" },
      lines: [{ externalId: "l1", name: "Café", quantity: 1, unitPrice: 4990 }],
    };
    expect((await call("POST", "/api/v1/orders", order)).status).toBe(202);
    const list = await call("GET", "/api/v1/orders?take=10");
    expect(list.status).toBe(200);
    const orders = (list.body as { orders: Array<{ externalId: string }> }).orders;
    expect(orders.map((x) => x.externalId)).toEqual(["1001"]);
    expect((await call("GET", "/api/v1/settings")).body).toMatchObject({
      settings: { issueOn: "payment", defaultDocument: "boleta" },
    });
    const changed = await call("PUT", "/api/v1/settings", { issueOn: "delivery" });
    expect(changed.body).toMatchObject({ settings: { issueOn: "delivery", defaultDocument: "boleta" } });
    expect((await call("PUT", "/api/v1/settings", { issueOn: "never" })).status).toBe(400);
  });
});
