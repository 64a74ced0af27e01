import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeDelivery } from "../../src/hub/couriers/complete-delivery.js";
import { courierJobHandlers } from "../../src/hub/couriers/courier-jobs.js";
import { setCourierSettings } from "../../src/hub/couriers/courier-settings.js";
import { createDelivery } from "../../src/hub/couriers/create-delivery.js";
import { failDelivery } from "../../src/hub/couriers/fail-delivery.js";
import { reassignDelivery } from "../../src/hub/couriers/reassign-delivery.js";
import { settlementReport } from "../../src/hub/couriers/settlement-report.js";
import { saveShippingMethod } from "../../src/hub/couriers/shipping-methods.js";
import { shipWithCarrier } from "../../src/hub/couriers/ship-with-carrier.js";
import { startDelivery } from "../../src/hub/couriers/start-delivery.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { startWorker } from "../../src/hub/jobs/worker.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { createFakeFulfillment } from "../../src/testing/fake-fulfillment.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { courier, FAKE_JPEG, mapAllMethods, order, recipient, seedCompany, zone } from "./support/seed.js";

const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

describe("a delivery from assignment to proof, write-back and settlement", () => {
  let tdb: TestDatabase;
  let db: Db;
  const fake = createFakeFulfillment();
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  const drain = () =>
    startWorker(
      db,
      {
        handlers: courierJobHandlers({ db, encryptor, fulfillment: fake.adapters }),
        backoff: { baseMs: 1, maxMs: 1, jitter: 0 },
      },
      false,
    ).drain();

  it("goes assigned → on its way → delivered with photo proof, confirming the order and writing back shipped then completed", async () => {
    const { company, store } = await seedCompany(db, encryptor, { issueOn: "delivery" });
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "Centro",
      comunas: ["Providencia"],
      rate: { kind: "flat", amount: 3990 },
      commission: { kind: "percent", percent: 40 },
    });
    const pedro = await courier(db, company.id, {
      name: "Pedro",
      phone: "+56 9 5555 0001",
      zones: ["Centro"],
      capacityPerDay: 10,
    });
    const o = await order(db, store, company.id, "D1");
    const d = (
      await createDelivery(db, o.id, { recipient: recipient("Providencia"), serviceDay: "2026-11-23" }, "test")
    ).delivery;
    expect(d.state).toBe("assigned");
    expect(await drain()).toBe(0); // nothing to tell the store yet

    // Another courier cannot touch it.
    const other = await courier(db, company.id, {
      name: "Otro",
      phone: "+56 9 5555 0009",
      zones: ["Centro"],
      capacityPerDay: 10,
    });
    await expect(
      startDelivery(db, company.id, { deliveryId: d.id, courierId: other.id }, "test"),
    ).rejects.toMatchObject({ code: "delivery.not_assigned_to_you" });

    const started = await startDelivery(
      db,
      company.id,
      { deliveryId: d.id, courierId: pedro.id },
      `courier:${pedro.id}`,
    );
    expect(started.state).toBe("picked_up");
    expect(await startDelivery(db, company.id, { deliveryId: d.id, courierId: pedro.id }, "test")).toMatchObject({
      state: "picked_up",
    });
    await drain();
    expect(fake.order(store.id, "D1")).toEqual({
      status: "shipped",
      tracking: { number: d.code, carrier: "Reparto propio" },
    });

    // Proof without the photo the requirements ask for is refused, naming what is missing.
    await expect(
      completeDelivery(
        db,
        company.id,
        { deliveryId: d.id, courierId: pedro.id, proof: { clientId: "p0", receiverName: "Ana" } },
        "test",
      ),
    ).rejects.toMatchObject({
      code: "delivery.proof_missing",
      fields: [{ field: "photo" }],
    });
    await expect(
      completeDelivery(
        db,
        company.id,
        {
          deliveryId: d.id,
          courierId: pedro.id,
          proof: { clientId: "p0", receiverName: "Ana", photo: new TextEncoder().encode("<svg/>") },
        },
        "test",
      ),
    ).rejects.toMatchObject({ code: "delivery.invalid_proof" });

    const at = new Date(Date.now() - 10 * 60_000);
    const proof = {
      clientId: "phone-1",
      at,
      receiverName: "Ana Pérez",
      notes: "Conserjería",
      photo: FAKE_JPEG,
      location: { latitude: -33.4263, longitude: -70.62, accuracyMeters: 12 },
    };
    const done = await completeDelivery(
      db,
      company.id,
      { deliveryId: d.id, courierId: pedro.id, proof },
      `courier:${pedro.id}`,
    );
    expect(done.replayed).toBe(false);
    expect(done.delivery).toMatchObject({
      state: "delivered",
      deliveredAt: at.toISOString(),
      proof: { receiverName: "Ana Pérez", hasPhoto: true, location: { latitude: -33.4263 } },
    });

    // The same upload again (its answer was lost) answers the same; a different one is a conflict.
    expect(
      (await completeDelivery(db, company.id, { deliveryId: d.id, courierId: pedro.id, proof }, "test")).replayed,
    ).toBe(true);
    await expect(
      completeDelivery(
        db,
        company.id,
        { deliveryId: d.id, courierId: pedro.id, proof: { ...proof, clientId: "phone-2" } },
        "test",
      ),
    ).rejects.toMatchObject({
      code: "delivery.already_delivered",
    });

    const stored = await db.deliveryProof.findUniqueOrThrow({ where: { deliveryId: d.id } });
    expect(Buffer.from(stored.photo!).equals(Buffer.from(FAKE_JPEG))).toBe(true);
    expect(stored.photoType).toBe("image/jpeg");

    // confirmDelivery's effects: the order is delivered (once), audited, and queued for issuing.
    const ord = await db.order.findUniqueOrThrow({ where: { id: o.id } });
    expect(ord.deliveredAt?.toISOString()).toBe(at.toISOString());
    expect(
      await db.auditEvent.count({ where: { subjectType: "order", subjectId: o.id, action: "order.delivered" } }),
    ).toBe(1);
    expect(
      await db.job.count({
        where: { kind: "order.process", state: "queued", payload: { path: ["orderId"], equals: o.id } },
      }),
    ).toBe(1);

    await drain();
    expect(fake.order(store.id, "D1")).toEqual({
      status: "completed",
      tracking: { number: d.code, carrier: "Reparto propio" },
    });
    const actions = (
      await db.auditEvent.findMany({ where: { subjectType: "delivery", subjectId: d.id }, orderBy: { id: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "delivery.created",
      "delivery.assigned",
      "delivery.picked_up",
      "delivery.written_back",
      "delivery.delivered",
      "delivery.written_back",
    ]);
  });

  it("retries the write-back when the store is down, and never sends it backwards", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "Z",
      comunas: ["Santiago"],
      rate: { kind: "flat", amount: 3000 },
      commission: { kind: "amount", amount: 1000 },
    });
    const c = await courier(db, company.id, { name: "C", phone: "+56 9 6666 0001", zones: ["Z"], capacityPerDay: 10 });
    const o = await order(db, store, company.id, "W1");
    const d = (await createDelivery(db, o.id, { recipient: recipient("Santiago") }, "test")).delivery;
    await startDelivery(db, company.id, { deliveryId: d.id, courierId: c.id }, "test");
    await completeDelivery(
      db,
      company.id,
      { deliveryId: d.id, courierId: c.id, proof: { clientId: "x", receiverName: "Ana", photo: FAKE_JPEG } },
      "test",
    );
    fake.failNext(2);
    await drain();
    // One queued job covered both changes; it failed twice and then sent the current state.
    expect(fake.calls.filter((x) => x.orderExternalId === "W1")).toEqual([
      {
        storeId: store.id,
        orderExternalId: "W1",
        update: { status: "completed", tracking: { number: d.code, carrier: "Reparto propio" } },
      },
    ]);
  });

  it("records a failed attempt with its reason and lets the merchant assign it again", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "Z",
      comunas: ["Macul"],
      rate: { kind: "flat", amount: 3000 },
      commission: { kind: "amount", amount: 1000 },
    });
    const c = await courier(db, company.id, { name: "C", phone: "+56 9 7777 0001", zones: ["Z"], capacityPerDay: 10 });
    const o = await order(db, store, company.id, "F1");
    const d = (await createDelivery(db, o.id, { recipient: recipient("Macul"), serviceDay: "2026-11-23" }, "test"))
      .delivery;
    await startDelivery(db, company.id, { deliveryId: d.id, courierId: c.id }, "test");
    const failed = await failDelivery(
      db,
      company.id,
      { deliveryId: d.id, courierId: c.id, reason: "Nadie en el domicilio" },
      "test",
    );
    expect(failed).toMatchObject({ state: "failed", failureReason: "Nadie en el domicilio" });
    expect((await db.order.findUniqueOrThrow({ where: { id: o.id } })).deliveredAt).toBeNull();
    const again = await reassignDelivery(db, company.id, d.id, { day: "2026-11-24" }, "test");
    expect(again).toMatchObject({ state: "assigned", serviceDay: "2026-11-24", attempts: 2, failureReason: null });
  });

  it("ships with an external carrier's tracking number and confirms a store pickup", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    const s = { id: store.id, companyId: company.id };
    await saveShippingMethod(db, s, { method: "Starken a domicilio", mode: "carrier", carrier: "starken" }, "test");
    await saveShippingMethod(db, s, { method: "Retiro en tienda", mode: "pickup" }, "test");
    const o1 = await order(db, store, company.id, "S1", { shipping: { name: "starken a domicilio", price: 5990 } });
    const d1 = (await createDelivery(db, o1.id, { recipient: recipient("Arica") }, "test")).delivery;
    expect(d1).toMatchObject({
      mode: "carrier",
      state: "pending",
      carrier: "starken",
      trackingNumber: null,
      pendingReason: null,
      courier: null,
    });
    const shipped = await shipWithCarrier(db, company.id, { deliveryId: d1.id, trackingNumber: "STK-123456" }, "test");
    expect(shipped).toMatchObject({ state: "picked_up", trackingNumber: "STK-123456" });
    await drain();
    expect(fake.order(store.id, "S1")).toEqual({
      status: "shipped",
      tracking: { number: "STK-123456", carrier: "starken" },
    });

    const o2 = await order(db, store, company.id, "S2", { shipping: { name: "Retiro en tienda", price: 0 } });
    const d2 = (await createDelivery(db, o2.id, { recipient: recipient("Providencia") }, "test")).delivery;
    expect(d2).toMatchObject({ mode: "pickup", requirements: { photo: false, receiverName: true } });
    await expect(
      completeDelivery(db, company.id, { deliveryId: d2.id, proof: { clientId: "api" } }, "test"),
    ).rejects.toMatchObject({ code: "delivery.proof_missing" });
    await completeDelivery(
      db,
      company.id,
      { deliveryId: d2.id, proof: { clientId: "api", receiverName: "Ana" } },
      "test",
    );
    await drain();
    expect(fake.order(store.id, "S2")).toEqual({ status: "completed", tracking: null });

    const o3 = await order(db, store, company.id, "S3", { shipping: { name: "Chilexpress", price: 4000 } });
    const d3 = (await createDelivery(db, o3.id, { recipient: recipient("Providencia") }, "test")).delivery;
    expect(d3.pendingReason?.code).toBe("unmapped_method");
  });

  it("sends signed delivery webhooks to the merchant", async () => {
    const received: Array<{ body: string; signature: string; event: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({
          body,
          signature: String(req.headers["x-timbre-signature"]),
          event: String(req.headers["x-timbre-event"]),
        });
        res.writeHead(received.length === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { company, store } = await seedCompany(db, encryptor);
      await mapAllMethods(db, { id: store.id, companyId: company.id });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const { webhookSecret } = await setCourierSettings(db, encryptor, company.id, { webhookUrl: url }, "test");
      expect(webhookSecret).toBeTruthy();
      await zone(db, company.id, {
        name: "Z",
        comunas: ["Recoleta"],
        rate: { kind: "flat", amount: 3000 },
        commission: { kind: "amount", amount: 1000 },
      });
      await courier(db, company.id, { name: "C", phone: "+56 9 8888 0001", zones: ["Z"], capacityPerDay: 10 });
      const o = await order(db, store, company.id, "H1");
      await createDelivery(db, o.id, { recipient: recipient("Recoleta") }, "test");
      await drain();
      const ok = received.filter((r, i) => i > 0);
      expect(ok.map((r) => r.event).sort()).toEqual(["delivery.assigned", "delivery.created"]);
      for (const r of received)
        expect(r.signature).toBe(createHmac("sha256", webhookSecret!).update(r.body).digest("base64"));
      expect(JSON.parse(ok[0]!.body)).toMatchObject({ delivery: { order: { externalId: "H1" } } });
    } finally {
      server.close();
    }
  });

  it("settles each courier's delivered parcels in a Chilean-day period with recorded fees and commissions", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "A",
      comunas: ["Vitacura"],
      rate: { kind: "flat", amount: 4000 },
      commission: { kind: "percent", percent: 50 },
    });
    const c = await courier(db, company.id, {
      name: "Luis",
      phone: "+56 9 9999 0001",
      zones: ["A"],
      capacityPerDay: 10,
    });
    const deliverAt = async (ext: string, iso: string) => {
      const o = await order(db, store, company.id, ext);
      const d = (await createDelivery(db, o.id, { recipient: recipient("Vitacura") }, "test")).delivery;
      await completeDelivery(
        db,
        company.id,
        { deliveryId: d.id, courierId: c.id, proof: { clientId: ext, receiverName: "X", photo: FAKE_JPEG } },
        "test",
      );
      // Backdate: a settlement period is about when it was delivered.
      await db.delivery.update({ where: { id: d.id }, data: { deliveredAt: new Date(iso) } });
    };
    await deliverAt("P1", "2026-11-01T02:30:00Z"); // 31 Oct 23:30 in Santiago (UTC−3): outside
    await deliverAt("P2", "2026-11-01T13:00:00Z");
    await deliverAt("P3", "2026-11-30T23:00:00Z"); // 30 Nov 20:00 in Santiago: inside
    await deliverAt("P4", "2026-12-01T03:30:00Z"); // 1 Dec 00:30 in Santiago: outside
    const r = await settlementReport(db, company.id, { from: "2026-11-01", to: "2026-11-30" });
    expect(r.lines.map((l) => l.orderNumber)).toEqual(["#P2", "#P3"]);
    expect(r.couriers).toEqual([
      { courierId: c.id, courierName: "Luis", deliveries: 2, fees: 8000, commissions: 4000, unpriced: 0 },
    ]);
  });
});
