import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../../src/hub/api/handler.js";
import { syncApiRoutes } from "../../../src/hub/api/routes/index.js";
import { signBody, signRequest } from "../../../src/hub/api/store-auth.js";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { mintStoreSession } from "../../../src/hub/stores/store-session.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

const order = (over: Record<string, unknown> = {}) => ({
  externalId: "1001",
  number: "#1001",
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  pricesIncludeTax: true,
  buyer: { email: "ana@example.cl", name: "Ana Pérez", document: "boleta" },
  lines: [
    {
      externalId: "l1",
      sku: "SKU-1",
      name: "Café en grano 1 kg",
      quantity: 2,
      unitPrice: 4990,
      discount: 0,
      exempt: false,
    },
  ],
  shipping: { name: "Despacho", price: 3990 },
  ...over,
});

describe("sync API v1: orders", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let store: CreatedStore;
  let other: CreatedStore;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

  const call = (method: string, path: string, body?: unknown, as: CreatedStore = store, sign = true) => {
    const raw = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${as.apiKey}`,
      "content-type": "application/json",
    };
    if (raw !== undefined && sign) Object.assign(headers, signRequest(as.secret, { method, target: path, body: raw }));
    return api(new Request(`http://hub.test${path}`, { method, headers, ...(raw !== undefined ? { body: raw } : {}) }));
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
    store = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "woocommerce",
      name: "Woo",
      shopDomain: "woo.example",
      actor: "test",
    });
    other = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "prestashop",
      name: "Presta",
      shopDomain: "presta.example",
      actor: "test",
    });
    api = createApiHandler(syncApiRoutes({ db, encryptor }), { db, encryptor, version: "test" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("stores the same order once however many times, and at once, it is posted", async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => call("POST", "/api/v1/orders", order())));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const bodies = await Promise.all(
      responses.map((r) => r.json() as Promise<{ changed: boolean; order: { id: string } }>),
    );
    expect(bodies.filter((b) => b.changed)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.order.id)).size).toBe(1);
    expect(await db.order.count({ where: { storeId: store.id } })).toBe(1);
    // One processing job, one audit entry for its arrival.
    expect(await db.job.count({ where: { kind: "order.process" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "order.received" } })).toBe(1);
  });

  it("never lets an older version overwrite a newer one", async () => {
    await call(
      "POST",
      "/api/v1/orders",
      order({ externalId: "2002", status: "paid", updatedAt: "2026-11-21T10:00:00Z" }),
    );
    const stale = await call(
      "POST",
      "/api/v1/orders",
      order({ externalId: "2002", status: "pending", updatedAt: "2026-11-21T06:59:59-03:00" }),
    );
    expect(((await stale.json()) as { changed: boolean }).changed).toBe(false);
    const newer = await call(
      "POST",
      "/api/v1/orders",
      order({ externalId: "2002", status: "cancelled", updatedAt: "2026-11-21T11:00:00Z" }),
    );
    expect(((await newer.json()) as { changed: boolean }).changed).toBe(true);
    const got = await call("GET", "/api/v1/orders/2002");
    expect(((await got.json()) as { order: { status: string } }).order.status).toBe("cancelled");
  });

  it("answers 401 to a missing or wrong key and to a missing or wrong signature", async () => {
    const body = JSON.stringify(order({ externalId: "3003" }));
    const noKey = await api(new Request("http://hub.test/api/v1/orders", { method: "POST", body }));
    expect(noKey.status).toBe(401);
    const wrongKey = await call("POST", "/api/v1/orders", body, { ...store, apiKey: "tmb_wrong" });
    expect(wrongKey.status).toBe(401);
    const unsigned = await call("POST", "/api/v1/orders", body, store, false);
    expect(unsigned.status).toBe(401);
    const otherSecret = await call("POST", "/api/v1/orders", body, { ...store, secret: other.secret });
    expect(otherSecret.status).toBe(401);
    expect(((await otherSecret.json()) as { error: { message: string } }).error.message).toContain(
      "X-Timbre-Signature",
    );
    // A signature over another body does not carry over.
    const tampered = await api(
      new Request("http://hub.test/api/v1/orders", {
        method: "POST",
        headers: { authorization: `Bearer ${store.apiKey}`, "x-timbre-signature": signBody(store.secret, body) },
        body: body.replace("4990", "10"),
      }),
    );
    expect(tampered.status).toBe(401);
    expect(await db.order.count({ where: { externalId: "3003" } })).toBe(0);
  });

  it("hides one store's orders from another (404)", async () => {
    const r = await call("GET", "/api/v1/orders/1001", undefined, other);
    expect(r.status).toBe(404);
    expect((await call("GET", "/api/v1/orders/1001")).status).toBe(200);
  });

  it("answers 400 naming each bad field", async () => {
    const r = await call("POST", "/api/v1/orders", {
      ...order({ externalId: 4004, status: "shipped" }),
      lines: [{ externalId: "a", name: "", quantity: 0, unitPrice: 10.5 }],
    });
    expect(r.status).toBe(400);
    const fields = ((await r.json()) as { error: { fields: Array<{ field: string }> } }).error.fields
      .map((f) => f.field)
      .sort();
    expect(fields).toEqual(["externalId", "lines.0.name", "lines.0.quantity", "lines.0.unitPrice", "status"]);
    const notJson = await call("POST", "/api/v1/orders", "{not json");
    expect(notJson.status).toBe(400);
  });

  it("keeps Shopify-sized ids exact", async () => {
    const big = "5678901234567890123";
    expect((await call("POST", "/api/v1/orders", order({ externalId: big }))).status).toBe(202);
    const r = await call("GET", `/api/v1/orders/${big}`);
    expect(((await r.json()) as { order: { externalId: string } }).order.externalId).toBe(big);
  });

  it("documents these routes in the OpenAPI document", async () => {
    const doc = (await (await api(new Request("http://hub.test/api/v1/openapi.json"))).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
    };
    expect(doc.paths["/api/v1/orders"]?.post?.requestBody).toBeDefined();
    expect(doc.paths["/api/v1/orders/{externalId}"]?.get?.security).toBeDefined();
  });
});

describe("sync API v1: refunds", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let store: CreatedStore;
  let other: CreatedStore;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
  const post = (path: string, body: unknown, as: CreatedStore = store) => {
    const raw = JSON.stringify(body);
    return api(
      new Request(`http://hub.test${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${as.apiKey}`,
          ...signRequest(as.secret, { method: "POST", target: path, body: raw }),
        },
        body: raw,
      }),
    );
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
    store = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "woocommerce",
      name: "Woo",
      shopDomain: "woo.example",
      actor: "test",
    });
    other = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "prestashop",
      name: "Presta",
      shopDomain: "presta.example",
      actor: "test",
    });
    api = createApiHandler(syncApiRoutes({ db, encryptor }), { db, encryptor, version: "test" });
    await post("/api/v1/orders", order());
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("records a refund once however often it is posted", async () => {
    const refund = {
      externalId: "r-1",
      reason: "Producto dañado",
      lines: [{ externalId: "l1", quantity: 1 }],
      shipping: false,
    };
    const rs = await Promise.all(Array.from({ length: 10 }, () => post("/api/v1/orders/1001/refunds", refund)));
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(202));
    const bodies = (await Promise.all(rs.map((r) => r.json()))) as Array<{ created: boolean }>;
    expect(bodies.filter((b) => b.created)).toHaveLength(1);
    expect(await db.refund.count()).toBe(1);
    expect(await db.job.count({ where: { kind: "refund.process" } })).toBe(1);
  });

  it("refuses to refund more than was sold, or what is not in the order", async () => {
    const r = await post("/api/v1/orders/1001/refunds", {
      externalId: "r-2",
      reason: "Otra",
      lines: [
        { externalId: "l1", quantity: 2 },
        { externalId: "nope", quantity: 1 },
      ],
      shipping: true,
    });
    expect(r.status).toBe(400);
    const fields = ((await r.json()) as { error: { fields: Array<{ field: string; message: string }> } }).error.fields;
    expect(fields).toEqual([
      { field: "lines.0.quantity", message: "Solo queda 1 por devolver.", messageEn: "only 1 left to refund" },
      {
        field: "lines.1.externalId",
        message: "No es una línea de este pedido.",
        messageEn: "not a line of this order",
      },
    ]);
  });

  it("answers 404 for another store's order and 400 for an empty refund", async () => {
    expect(
      (
        await post(
          "/api/v1/orders/1001/refunds",
          { externalId: "r-3", reason: "x", lines: [{ externalId: "l1", quantity: 1 }] },
          other,
        )
      ).status,
    ).toBe(404);
    expect((await post("/api/v1/orders/1001/refunds", { externalId: "r-4", reason: "x", lines: [] })).status).toBe(400);
  });

  it("a store session the hub minted opens that store's API without its key, and nothing else", async () => {
    const asSession = (token: string, method = "GET", path = "/api/v1/orders/1001", body?: unknown) =>
      api(
        new Request(`http://hub.test${path}`, {
          method,
          headers: { "x-timbre-store-session": token, "content-type": "application/json" },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    const token = mintStoreSession(encryptor, store.id);
    expect((await asSession(token)).status).toBe(200);
    // Writes need no signature: the session's MAC stands in for the secret.
    const refund = await asSession(token, "POST", "/api/v1/orders/1001/refunds", {
      externalId: "r-session",
      reason: "Devolución",
      lines: [{ externalId: "l1", quantity: 1 }],
    });
    expect(refund.status).toBeLessThan(300);
    // Another store's session sees only its own orders.
    expect((await asSession(mintStoreSession(encryptor, other.id))).status).toBe(404);
    const [id, expires, tag] = token.split(".");
    expect((await asSession(`${other.id}.${expires}.${tag}`)).status).toBe(401);
    expect((await asSession(mintStoreSession(encryptor, store.id, Date.now() - 2 * 3600_000))).status).toBe(401);
    const foreign = createEncryptor(parseSecretKey(generateSecretKey()));
    expect((await asSession(mintStoreSession(foreign, store.id))).status).toBe(401);
    expect(id).toBe(store.id);
  });
});
