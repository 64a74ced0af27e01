import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type ApiHandler } from "../../src/hub/api/handler.js";
import { syncApiRoutes } from "../../src/hub/api/routes/index.js";
import { signRequest } from "../../src/hub/api/store-auth.js";
import { completeDelivery } from "../../src/hub/couriers/complete-delivery.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../src/hub/stores/create-store.js";
import { serviceDay } from "../../src/rules/couriers/service-day.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { FAKE_JPEG, order, recipient, seedCompany } from "./support/seed.js";

/** The eight-byte PNG signature and a little more: what the hub recognises a PNG by. */
const FAKE_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

describe("sync API v1: zones, couriers and deliveries", () => {
  let tdb: TestDatabase;
  let db: Db;
  let api: ApiHandler;
  let store: CreatedStore;
  let sibling: CreatedStore;
  let companyId: string;

  const call = async (method: string, path: string, body?: unknown, as: CreatedStore = store) => {
    const raw = body === undefined ? (method === "GET" ? undefined : "") : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${as.apiKey}`,
      "content-type": "application/json",
    };
    if (raw !== undefined) Object.assign(headers, signRequest(as.secret, { method, target: path, body: raw }));
    const res = await api(new Request(`http://hub.test${path}`, { method, headers, ...(raw ? { body: raw } : {}) }));
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: (res.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : undefined,
    };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const seeded = await seedCompany(db, encryptor);
    store = seeded.store;
    companyId = seeded.company.id;
    sibling = await createStore(db, encryptor, {
      companyId,
      platform: "prestashop",
      name: "Otra",
      shopDomain: "otra.example",
      actor: "test",
    });
    api = createApiHandler(syncApiRoutes({ db, encryptor, publicUrl: "https://hub.example.cl" }), {
      db,
      encryptor,
      version: "test",
    });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("serves the official comunas list without a key", async () => {
    const r = await api(new Request("http://hub.test/api/v1/comunas"));
    const body = (await r.json()) as { regions: Array<{ code: string; comunas: unknown[] }> };
    expect(body.regions).toHaveLength(16);
    expect(body.regions.reduce((n, reg) => n + reg.comunas.length, 0)).toBe(346);
  });

  it("manages zones by name, with field errors for unknown comunas", async () => {
    const created = await call("PUT", "/api/v1/zones", {
      name: "Centro",
      comunas: ["Providencia", "Santiago"],
      rate: { kind: "flat", amount: 3990, freeFrom: 40000 },
      commission: { kind: "percent", percent: 40 },
    });
    expect(created.status).toBe(201);
    expect(created.body.zone.comunas).toEqual([
      { code: "13123", name: "Providencia" },
      { code: "13101", name: "Santiago" },
    ]);
    const replaced = await call("PUT", "/api/v1/zones", {
      name: "Centro",
      comunas: ["Providencia", "Santiago", "Ñuñoa"],
      rate: { kind: "flat", amount: 3990, freeFrom: 40000 },
      commission: { kind: "percent", percent: 40 },
    });
    expect(replaced.status).toBe(200);
    const bad = await call("PUT", "/api/v1/zones", {
      name: "X",
      comunas: ["Mordor"],
      rate: { kind: "flat", amount: 1 },
      commission: { kind: "amount", amount: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      {
        field: "comunas.0",
        message: 'No existe la comuna "Mordor" (use su código, p. ej. 13123, o su nombre).',
        messageEn: expect.stringContaining("Mordor"),
      },
    ]);
    await call("PUT", "/api/v1/zones", {
      name: "Tmp",
      regions: ["V"],
      rate: { kind: "flat", amount: 1 },
      commission: { kind: "amount", amount: 1 },
    });
    expect((await call("DELETE", "/api/v1/zones/Tmp")).status).toBe(204);
    expect((await call("GET", "/api/v1/zones")).body.zones.map((z: { name: string }) => z.name)).toEqual(["Centro"]);
  });

  it("quotes the own-courier fee for a checkout", async () => {
    expect((await call("POST", "/api/v1/shipping-quote", { comuna: "ñuñoa", goodsTotal: 10000 })).body).toMatchObject({
      deliverable: true,
      zone: "Centro",
      fee: 3990,
      free: false,
    });
    expect((await call("POST", "/api/v1/shipping-quote", { comuna: "Ñuñoa", goodsTotal: 40000 })).body).toMatchObject({
      deliverable: true,
      fee: 0,
      free: true,
    });
    expect((await call("POST", "/api/v1/shipping-quote", { comuna: "Arica", goodsTotal: 1 })).body).toMatchObject({
      deliverable: false,
      reason: { code: "no_zone" },
    });
  });

  it("manages couriers and issues sign-in links on the public URL", async () => {
    const c = await call("POST", "/api/v1/couriers", {
      name: "Pedro Soto",
      phone: "9 1234 5678",
      zones: ["Centro"],
      capacityPerDay: 2,
      pin: "4321",
    });
    expect(c.status).toBe(201);
    expect(c.body.courier).toMatchObject({ phone: "+56912345678", zones: ["Centro"], hasPin: true });
    expect(
      (await call("POST", "/api/v1/couriers", { name: "X", phone: "123", capacityPerDay: 1 })).body.error.fields[0]
        .field,
    ).toBe("phone");
    expect(
      (
        await call("POST", "/api/v1/couriers", {
          name: "X",
          phone: "+56 9 0000 0001",
          zones: ["Nope"],
          capacityPerDay: 1,
        })
      ).status,
    ).toBe(400);
    const patched = await call("PATCH", `/api/v1/couriers/${c.body.courier.id}`, { capacityPerDay: 3 });
    expect(patched.body.courier.capacityPerDay).toBe(3);
    const link = await call("POST", `/api/v1/couriers/${c.body.courier.id}/login-link`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^https:\/\/hub\.example\.cl\/courier\/l\/[A-Za-z0-9_-]{40,}$/);
  });

  it("creates a delivery for an order, lists it by state for the store only, and serves its proof photo", async () => {
    const noMapping = await order(db, store, companyId, "N1");
    const pending = await call("POST", "/api/v1/deliveries", {
      orderExternalId: "N1",
      recipient: recipient("Providencia"),
    });
    expect(pending.body.delivery.pendingReason.code).toBe("unmapped_method");
    expect(noMapping.id).toBe(pending.body.delivery.order.id);

    expect(
      (await call("PUT", "/api/v1/shipping-methods", { method: "Despacho a domicilio", mode: "own_courier" })).status,
    ).toBe(200);
    await order(db, store, companyId, "N2");
    const first = await call("POST", "/api/v1/deliveries", {
      orderExternalId: "N2",
      recipient: recipient("Santiago"),
      weightGrams: 1200,
    });
    expect(first.status).toBe(201);
    expect(first.body.delivery).toMatchObject({
      state: "assigned",
      courier: { name: "Pedro Soto" },
      fee: 3990,
      commission: 1596,
      serviceDay: serviceDay(new Date()),
    });
    expect(
      (await call("POST", "/api/v1/deliveries", { orderExternalId: "N2", recipient: recipient("Santiago") })).status,
    ).toBe(200);
    expect(
      (await call("POST", "/api/v1/deliveries", { orderExternalId: "nope", recipient: recipient("Santiago") })).status,
    ).toBe(404);

    const assigned = await call("GET", "/api/v1/deliveries?state=assigned");
    expect(assigned.body.deliveries.map((d: { order: { externalId: string } }) => d.order.externalId)).toEqual(["N2"]);
    expect((await call("GET", "/api/v1/deliveries?state=assigned", undefined, sibling)).body.deliveries).toEqual([]);
    expect((await call("GET", "/api/v1/deliveries?state=lost")).status).toBe(400);
    const code = first.body.delivery.code as string;
    expect((await call("GET", `/api/v1/deliveries/${code}`)).body.delivery.id).toBe(first.body.delivery.id);
    expect((await call("GET", `/api/v1/deliveries/${code}`, undefined, sibling)).status).toBe(404);

    expect((await call("POST", `/api/v1/deliveries/${code}/start`)).body.delivery.state).toBe("picked_up");
    // Own-courier deliveries need the photo the courier app sends: the store cannot close it blind.
    expect((await call("POST", `/api/v1/deliveries/${code}/deliver`, { receiverName: "Ana" })).body.error.code).toBe(
      "delivery.proof_missing",
    );
    // A signature must be a PNG (what the phone's pad exports), never whatever bytes were sent.
    await expect(
      completeDelivery(
        db,
        companyId,
        {
          deliveryId: first.body.delivery.id,
          proof: { clientId: "t", receiverName: "Ana", photo: FAKE_JPEG, signature: FAKE_JPEG },
        },
        "test",
      ),
    ).rejects.toMatchObject({ code: "delivery.invalid_proof" });
    expect((await call("GET", `/api/v1/deliveries/${code}/proof/signature`)).status).toBe(404);
    await completeDelivery(
      db,
      companyId,
      {
        deliveryId: first.body.delivery.id,
        proof: { clientId: "t", receiverName: "Ana", photo: FAKE_JPEG, signature: FAKE_PNG },
      },
      "test",
    );
    expect((await call("GET", `/api/v1/deliveries/${code}`)).body.delivery.proof).toMatchObject({
      receiverName: "Ana",
      hasPhoto: true,
      hasSignature: true,
    });
    const signature = await api(
      new Request(`http://hub.test/api/v1/deliveries/${code}/proof/signature`, {
        headers: { authorization: `Bearer ${store.apiKey}` },
      }),
    );
    expect(signature.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await signature.arrayBuffer())).toEqual(FAKE_PNG);
    expect((await call("GET", `/api/v1/deliveries/${code}/proof/signature`, undefined, sibling)).status).toBe(404);
    const photo = await api(
      new Request(`http://hub.test/api/v1/deliveries/${code}/proof/photo`, {
        headers: { authorization: `Bearer ${store.apiKey}` },
      }),
    );
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(FAKE_JPEG);
    const since = await call(
      "GET",
      `/api/v1/deliveries?updatedSince=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&state=delivered`,
    );
    expect(since.body.deliveries).toHaveLength(1);
  });

  it("reports the settlement as JSON and as CSV", async () => {
    const day = serviceDay(new Date());
    const json = await call("GET", `/api/v1/settlements?from=${day}&to=${day}`);
    expect(json.body.couriers).toEqual([
      expect.objectContaining({ courierName: "Pedro Soto", deliveries: 1, fees: 3990, commissions: 1596 }),
    ]);
    const csv = await call("GET", `/api/v1/settlements?from=${day}&to=${day}&format=csv&separator=;`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\r\n")[0]).toBe("repartidor;entrega;pedido;entregada;comuna;zona;tarifa_clp;comision_clp");
    expect(csv.text).toContain("Pedro Soto;");
    expect((await call("GET", `/api/v1/settlements?from=2026-12-01&to=2026-11-01`)).status).toBe(400);
  });

  it("refuses unsigned writes and unknown keys", async () => {
    const r = await api(
      new Request("http://hub.test/api/v1/zones", {
        method: "PUT",
        headers: { authorization: `Bearer ${store.apiKey}` },
        body: "{}",
      }),
    );
    expect(r.status).toBe(401);
    expect((await api(new Request("http://hub.test/api/v1/couriers"))).status).toBe(401);
  });
});
