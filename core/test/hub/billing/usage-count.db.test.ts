import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companyUsage } from "../../../src/hub/billing/company-usage.js";
import { saveUfValues } from "../../../src/hub/billing/uf-values.js";
import type { Hub } from "../../../src/hub/hub.js";
import { ingestOrder } from "../../../src/hub/orders/ingest-order.js";
import { monthOf } from "../../../src/rules/billing/month.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";
import { billingHub, company, ingestMany, order, store } from "./support.js";

describe("what counts as a billed order", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  const month = monthOf(new Date());
  beforeAll(async () => {
    tdb = await createTestDatabase();
    hub = await billingHub(tdb);
  });
  afterAll(async () => {
    await hub.close();
    await tdb.close();
  });

  it("distinct store orders across the company's stores; retries, re-syncs and updates add nothing", async () => {
    const c = await company(hub.db);
    const woo = await store(hub.db, hub.encryptor, c.id, "woocommerce", "tienda-a.cl");
    const js = await store(hub.db, hub.encryptor, c.id, "jumpseller", "tienda-b.jumpseller.com");
    await ingestMany(hub.db, woo, c.id, ["1001", "1002", "1003"]);
    // The same external id in another store is another order.
    await ingestMany(hub.db, js, c.id, ["1001", "2002"]);
    // A webhook retried, a re-sync of the same version, then an update (refund, new status).
    await ingestMany(hub.db, woo, c.id, ["1001", "1002", "1003"]);
    await ingestMany(hub.db, js, c.id, ["1001", "2002"], "2026-11-25T09:00:00Z");
    await ingestOrder(hub.db, woo.id, c.id, order("1002", { status: "refunded", updatedAt: "2026-11-26T10:00:00Z" }), "test");
    // A test checkout never counts, even when it is re-read later.
    await ingestOrder(hub.db, woo.id, c.id, order("T-1", { test: true }), "test");
    await ingestOrder(hub.db, woo.id, c.id, order("T-1", { test: true, updatedAt: "2026-11-27T10:00:00Z" }), "test");

    const u = await companyUsage(hub.db, c, month);
    expect(u.ordersCounted).toBe(5);
    expect(u.stores).toEqual([
      { platform: "jumpseller", shop: "tienda-b.jumpseller.com", orders: 2 },
      { platform: "woocommerce", shop: "tienda-a.cl", orders: 3 },
    ]);
    expect(u.tier.code).toBe("free");
    expect(u.uf).toBe("0");
    // The month is still running, and no UF is loaded yet: provisional, never a failure.
    expect(u.provisional).toBe(true);
    expect(u.provisionalReasons).toEqual(["month_open", "uf_not_loaded"]);
    expect(u.clp).toBeNull();
  });

  it("an order first seen last month does not count again this month, even after its store is reconnected", async () => {
    const c = await company(hub.db);
    const s = await store(hub.db, hub.encryptor, c.id, "woocommerce", "vuelve.cl");
    await ingestMany(hub.db, s, c.id, ["1", "2"]);
    // History: those two arrived a month ago.
    await hub.db.$executeRaw`UPDATE "UsageOrder" SET "firstSeenAt" = "firstSeenAt" - interval '40 days' WHERE "companyId" = ${c.id}::uuid`;
    await hub.db.store.delete({ where: { id: s.id } });
    const again = await store(hub.db, hub.encryptor, c.id, "woocommerce", "vuelve.cl");
    await ingestMany(hub.db, again, c.id, ["1", "2", "3"], "2026-11-28T00:00:00Z");
    expect((await companyUsage(hub.db, c, month)).ordersCounted).toBe(1);
  });

  it("the demo store and the demo company are never billed", async () => {
    const c = await company(hub.db);
    const demo = await store(hub.db, hub.encryptor, c.id, "demo", "demo.example");
    await ingestMany(hub.db, demo, c.id, ["d1", "d2"]);
    expect((await companyUsage(hub.db, c, month)).ordersCounted).toBe(0);
    const demoCompany = await company(hub.db, { rut: "76192083-9" });
    const s = await store(hub.db, hub.encryptor, demoCompany.id, "woocommerce", "demo-woo.example");
    await ingestMany(hub.db, s, demoCompany.id, ["x1"]);
    expect((await companyUsage(hub.db, demoCompany, month)).ordersCounted).toBe(0);
  });

  it("prices the month at the UF of its last day, or the last known one marked provisional", async () => {
    const c = await company(hub.db);
    const s = await store(hub.db, hub.encryptor, c.id, "woocommerce", "precio.cl");
    await ingestMany(hub.db, s, c.id, Array.from({ length: 60 }, (_, i) => `p${i}`));
    const [y, m] = month.split("-").map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const before = new Date(Date.UTC(y, m, -1)).toISOString().slice(0, 10);
    await saveUfValues(hub.db, [{ date: before, valueCentavos: 3_964_359 }], "test");
    let u = await companyUsage(hub.db, c, month);
    expect(u.tier.code).toBe("t150");
    expect(u.ufValue).toMatchObject({ date: before, wantedDate: last, value: "39.643,59" });
    expect(u.clp).toBe(9_911);
    expect(u.provisionalReasons).toContain("uf_missing");
    await saveUfValues(hub.db, [{ date: last, valueCentavos: 4_000_000 }], "test");
    u = await companyUsage(hub.db, c, month);
    expect(u.ufValue).toMatchObject({ date: last, wantedDate: last });
    expect(u.clp).toBe(10_000);
    expect(u.provisionalReasons).not.toContain("uf_missing");
  });
});
