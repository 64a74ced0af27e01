import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverIngestedOrder } from "../../src/hub/couriers/order-delivery.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { courier, mapAllMethods, order, recipient, seedCompany, zone } from "./support/seed.js";

const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

describe("a platform's ingested order becomes a delivery", () => {
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

  it("only for a paid order of a store that maps its shipping methods, with a usable address, and once", async () => {
    const { company, store } = await seedCompany(db, encryptor);
    await zone(db, company.id, {
      name: "Oriente",
      comunas: ["Providencia"],
      rate: { kind: "flat", amount: 3990 },
      commission: { kind: "amount", amount: 1500 },
    });
    await courier(db, company.id, {
      name: "Pedro Soto",
      phone: "+56 9 1234 5678",
      zones: ["Oriente"],
      capacityPerDay: 5,
    });

    // A merchant who does not ship with Timbre: the order is left alone, no pending delivery appears.
    const first = await order(db, store, company.id, "J1");
    expect(await deliverIngestedOrder(db, first.id, { recipient: recipient("Providencia") }, "test")).toMatchObject({
      ok: false,
      reason: "no_shipping_methods",
    });
    expect(await db.delivery.count()).toBe(0);

    await mapAllMethods(db, { id: store.id, companyId: company.id });
    const unpaid = await order(db, store, company.id, "J2", { status: "pending" });
    expect(await deliverIngestedOrder(db, unpaid.id, { recipient: recipient("Providencia") }, "test")).toMatchObject({
      ok: false,
      reason: "not_paid",
    });
    const broken = await deliverIngestedOrder(
      db,
      first.id,
      { recipient: { name: "Ana", comuna: "Providencia" } },
      "test",
    );
    expect(broken).toMatchObject({ ok: false, reason: "invalid_address" });
    expect(broken.ok ? "" : broken.message).toContain("recipient.line1");
    expect(await db.delivery.count()).toBe(0);

    const made = await deliverIngestedOrder(db, first.id, { recipient: recipient("Providencia") }, "test");
    expect(made).toMatchObject({
      ok: true,
      created: true,
      delivery: { state: "assigned", courier: { name: "Pedro Soto" }, fee: 3990, commission: 1500 },
    });
    expect(await deliverIngestedOrder(db, first.id, { recipient: recipient("Providencia") }, "test")).toMatchObject({
      ok: true,
      created: false,
    });
    expect(await db.delivery.count()).toBe(1);
  });
});
