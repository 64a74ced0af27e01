import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDelivery } from "../../src/hub/couriers/create-delivery.js";
import { setCourierSettings } from "../../src/hub/couriers/courier-settings.js";
import { assignPendingDeliveries, reassignDelivery } from "../../src/hub/couriers/reassign-delivery.js";
import { updateCourier } from "../../src/hub/couriers/save-courier.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { courier, mapAllMethods, order, recipient, seedCompany, zone } from "./support/seed.js";

const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
const DAY = "2026-11-24";

describe("automatic courier assignment", () => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("assigns by the shipping address's zone, prices it, and says why when nobody fits", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "Centro",
      comunas: ["Santiago", "Providencia"],
      rate: { kind: "flat", amount: 3990, freeFrom: 50_000 },
      commission: { kind: "percent", percent: 40 },
    });
    await zone(db, company.id, {
      name: "Sur",
      comunas: ["La Florida"],
      rate: { kind: "flat", amount: 4990 },
      commission: { kind: "amount", amount: 2000 },
    });
    const pedro = await courier(db, company.id, {
      name: "Pedro",
      phone: "+56 9 1111 0001",
      zones: ["Centro"],
      capacityPerDay: 5,
    });

    const o1 = await order(db, store, company.id, "A1");
    const d1 = (await createDelivery(db, o1.id, { recipient: recipient("providencia"), serviceDay: DAY }, "test"))
      .delivery;
    expect(d1).toMatchObject({
      state: "assigned",
      courier: { id: pedro.id },
      zone: { name: "Centro" },
      comuna: { code: "13123", name: "Providencia" },
      fee: 3990,
      listFee: 3990,
      commission: 1596,
      goodsTotal: 19_980,
    });
    expect(d1.trackingNumber).toBe(d1.code);

    // Free shipping from 50.000: the buyer pays nothing, the courier still earns 40% of the list fee.
    const big = await order(db, store, company.id, "A2", {
      lines: [{ externalId: "l1", sku: "X", name: "Cafetera", quantity: 1, unitPrice: 60_000 }],
    });
    const d2 = (await createDelivery(db, big.id, { recipient: recipient("Santiago Centro"), serviceDay: DAY }, "test"))
      .delivery;
    expect(d2).toMatchObject({ fee: 0, listFee: 3990, commission: 1596 });

    const o3 = await order(db, store, company.id, "A3");
    const d3 = (await createDelivery(db, o3.id, { recipient: recipient("La Florida"), serviceDay: DAY }, "test"))
      .delivery;
    expect(d3).toMatchObject({ state: "pending", courier: null, fee: 4990, pendingReason: { code: "no_courier" } });

    const o4 = await order(db, store, company.id, "A4");
    const d4 = (await createDelivery(db, o4.id, { recipient: recipient("Valparaíso"), serviceDay: DAY }, "test"))
      .delivery;
    expect(d4).toMatchObject({ state: "pending", zone: null, fee: null, pendingReason: { code: "no_zone" } });

    const o5 = await order(db, store, company.id, "A5");
    const d5 = (await createDelivery(db, o5.id, { recipient: recipient("Gotham City"), serviceDay: DAY }, "test"))
      .delivery;
    expect(d5.pendingReason?.code).toBe("unknown_comuna");

    // Asking again for the same order returns the delivery it already has.
    const again = await createDelivery(db, o1.id, { recipient: recipient("Santiago"), serviceDay: DAY }, "test");
    expect(again).toMatchObject({ created: false, delivery: { id: d1.id, comuna: { code: "13123" } } });

    // A courier for the south appears: the sweep assigns what waited for one.
    await courier(db, company.id, { name: "Sofía", phone: "+56 9 1111 0002", zones: ["Sur"], capacityPerDay: 5 });
    expect(await assignPendingDeliveries(db, "test", new Date(`${DAY}T15:00:00Z`))).toBe(1);
    const swept = await db.delivery.findUniqueOrThrow({ where: { id: d3.id }, include: { courier: true } });
    expect(swept.state).toBe("assigned");
    expect(swept.courier?.name).toBe("Sofía");
    expect(swept.pendingReason).toBeNull();
  });

  it("follows the merchant's rule: round-robin, least-loaded, priority", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "RM",
      regions: ["13"],
      rate: { kind: "flat", amount: 3000 },
      commission: { kind: "amount", amount: 1000 },
    });
    const a = await courier(db, company.id, {
      name: "A",
      phone: "+56 9 2222 0001",
      zones: ["RM"],
      capacityPerDay: 10,
      priority: 1,
    });
    const b = await courier(db, company.id, {
      name: "B",
      phone: "+56 9 2222 0002",
      zones: ["RM"],
      capacityPerDay: 10,
      priority: 2,
    });
    let n = 0;
    const assign = async () => {
      const o = await order(db, store, company.id, `R${++n}`);
      return (await createDelivery(db, o.id, { recipient: recipient("Maipú"), serviceDay: DAY }, "test")).delivery
        .courier?.id;
    };
    const rr = [await assign(), await assign(), await assign(), await assign()];
    expect(new Set(rr.slice(0, 2))).toEqual(new Set([a.id, b.id]));
    expect(rr[2]).toBe(rr[0]);
    expect(rr[3]).toBe(rr[1]);

    await setCourierSettings(db, encryptor, company.id, { assignmentRule: "priority" }, "test");
    expect([await assign(), await assign()]).toEqual([a.id, a.id]);

    // A has 4, B has 2 deliveries that day: least-loaded sends the next two to B.
    await setCourierSettings(db, encryptor, company.id, { assignmentRule: "least_loaded" }, "test");
    expect([await assign(), await assign()]).toEqual([b.id, b.id]);
  });

  it("skips inactive couriers and moves a delivery to another courier, freeing the first one's slot", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "Ñuñoa",
      comunas: ["Ñuñoa"],
      rate: { kind: "flat", amount: 3000 },
      commission: { kind: "amount", amount: 1000 },
    });
    const a = await courier(db, company.id, {
      name: "A",
      phone: "+56 9 3333 0001",
      zones: ["Ñuñoa"],
      capacityPerDay: 1,
    });
    const b = await courier(db, company.id, {
      name: "B",
      phone: "+56 9 3333 0002",
      zones: ["Ñuñoa"],
      capacityPerDay: 1,
      active: false,
    });
    const o = await order(db, store, company.id, "M1");
    const d = (await createDelivery(db, o.id, { recipient: recipient("Ñuñoa"), serviceDay: DAY }, "test")).delivery;
    expect(d.courier?.id).toBe(a.id);
    await expect(reassignDelivery(db, company.id, d.id, { courierId: b.id, day: DAY }, "test")).rejects.toMatchObject({
      code: "courier.inactive",
    });
    await updateCourier(db, company.id, b.id, { active: true }, "test");
    const moved = await reassignDelivery(db, company.id, d.id, { courierId: b.id, day: DAY }, "test");
    expect(moved.courier?.id).toBe(b.id);
    const loads = await db.courierDayLoad.findMany({ where: { courierId: { in: [a.id, b.id] } } });
    expect(Object.fromEntries(loads.map((l) => [l.courierId, l.count]))).toEqual({ [a.id]: 0, [b.id]: 1 });
    // B is now full that day: a manual assignment is refused rather than overbooked.
    const o2 = await order(db, store, company.id, "M2");
    const d2 = (await createDelivery(db, o2.id, { recipient: recipient("Ñuñoa"), serviceDay: DAY }, "test")).delivery;
    expect(d2.courier?.id).toBe(a.id);
    const o3 = await order(db, store, company.id, "M3");
    const d3 = (await createDelivery(db, o3.id, { recipient: recipient("Ñuñoa"), serviceDay: DAY }, "test")).delivery;
    expect(d3.pendingReason?.code).toBe("capacity_full");
    await expect(reassignDelivery(db, company.id, d3.id, { courierId: b.id, day: DAY }, "test")).rejects.toMatchObject({
      code: "courier.capacity_full",
    });
    // The next day there is room again.
    const next = await reassignDelivery(db, company.id, d3.id, { day: "2026-11-25" }, "test");
    expect(next).toMatchObject({ state: "assigned", serviceDay: "2026-11-25" });
  });

  it("never exceeds a courier's daily capacity under concurrent orders, across connections", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await mapAllMethods(db, { id: store.id, companyId: company.id });
    await zone(db, company.id, {
      name: "Todo",
      regions: ["13"],
      rate: { kind: "flat", amount: 3000 },
      commission: { kind: "amount", amount: 1000 },
    });
    const capacities = [3, 2, 4];
    const couriers = [];
    for (const [i, capacityPerDay] of capacities.entries())
      couriers.push(
        await courier(db, company.id, { name: `C${i}`, phone: `+56 9 4444 000${i}`, zones: ["Todo"], capacityPerDay }),
      );
    const orders = [];
    for (let i = 0; i < 24; i++) orders.push(await order(db, store, company.id, `C${i}`));

    // Several clients, each with its own connection pool: on PostgreSQL these are truly parallel transactions.
    const clients = Array.from({ length: 4 }, () => createPrismaClient(tdb.url, { maxConnections: 4 }));
    try {
      const results = await Promise.all(
        orders.map((o, i) =>
          createDelivery(
            clients[i % clients.length]!,
            o.id,
            { recipient: recipient("Puente Alto"), serviceDay: DAY },
            "test",
          ),
        ),
      );
      const assigned = results.filter((r) => r.delivery.state === "assigned");
      expect(assigned).toHaveLength(9);
      expect(results.filter((r) => r.delivery.pendingReason?.code === "capacity_full")).toHaveLength(15);
      for (const [i, c] of couriers.entries()) {
        const count = await db.delivery.count({
          where: { courierId: c.id, serviceDay: new Date(`${DAY}T00:00:00Z`), state: "assigned" },
        });
        expect(count).toBe(capacities[i]);
        const load = await db.courierDayLoad.findUniqueOrThrow({
          where: { courierId_day: { courierId: c.id, day: new Date(`${DAY}T00:00:00Z`) } },
        });
        expect(load.count).toBe(count);
      }
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });
});
