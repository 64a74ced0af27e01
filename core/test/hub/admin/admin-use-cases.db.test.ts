import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cafVerificationKeys,
  changeDocumentType,
  connectShopCompany,
  creditWholeOrder,
  dashboardSummary,
  findShopStore,
  listAudit,
  listStoreOrders,
  onboardingStatus,
  readStoreSettings,
  reprocessOrder,
  resendDocumentEmail,
  startStoreSync,
  updateStoreSettings,
} from "../../../src/hub/admin.js";
import { loadConfig } from "../../../src/hub/config.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { createMailer } from "../../../src/hub/email/mailer.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import type { Worker } from "../../../src/hub/jobs/worker.js";
import { ingestOrder } from "../../../src/hub/orders/ingest-order.js";
import { NormalizedOrderSchema } from "../../../src/rules/order/normalized-order.js";
import { startSiiEmulator, type SiiEmulator } from "../../../src/testing/sii/emulator.js";
import { startSmtpSink, type SmtpSink } from "../../../src/testing/smtp-sink.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

const SHOP = "tienda-admin.myshopify.com";

const order = (externalId: string, buyer: Record<string, unknown> = { document: "boleta" }) =>
  NormalizedOrderSchema.parse({
    externalId,
    number: `#${externalId}`,
    status: "paid",
    updatedAt: "2026-11-20T12:00:00Z",
    buyer: { email: `c${externalId}@example.cl`, name: "Ana Pérez", ...buyer },
    lines: [{ externalId: "l1", sku: "CAFE-1K", name: "Café en grano 1 kg", quantity: 2, unitPrice: 4990 }],
    shipping: { name: "Despacho", price: 2990 },
  });

describe("use cases behind the embedded admin (@timbre/core/admin)", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let smtp: SmtpSink;
  let worker: Worker;
  let store: { id: string; companyId: string };

  async function settle(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) {
        const jobs = await hub.db.job.findMany({
          where: { state: { not: "done" } },
          select: { kind: true, state: true, lastError: true },
        });
        const orders = await hub.db.order.findMany({
          where: { storeId: store.id },
          select: { externalId: true, pendingReasons: true, documentOverride: true, buyer: true },
        });
        const docs = await hub.db.document.findMany({
          where: { storeId: store.id },
          select: { type: true, folio: true, state: true, emailedAt: true },
        });
        throw new Error(`pipeline did not settle in time: ${JSON.stringify({ jobs, orders, docs })}`);
      }
      await worker.drain();
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(
      loadConfig({
        DATABASE_URL: tdb.url,
        TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-admin-")),
        TIMBRE_DEMO: "1",
      }),
      { role: "cli" },
    );
    const demo = await startDemo(hub);
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    smtp = await startSmtpSink();
    worker = hub.startWorker({
      siiBaseUrl: sii.url,
      extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
      mailer: createMailer({ smtpUrl: smtp.url, from: "dte@demo.cl", outboxDir: "/nonexistent" }),
      boletaLingerMs: 0,
      pollIntervalMs: 20,
      pollMs: 60_000,
      backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
      siiTransport: { timeoutMs: 2_000, retry: { attempts: 1 } },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await sii?.close();
    await smtp?.close();
    await tdb?.close();
  });

  it("onboarding connects a shop to the company whose RUT was entered, once", async () => {
    expect(await findShopStore(hub.db, "shopify", SHOP)).toBeNull();
    expect((await onboardingStatus(hub.db, null)).steps).toEqual({
      company: false,
      certificate: false,
      caf: false,
      environment: null,
    });
    const patch = {
      businessName: "Demo SpA",
      activity: "Comercio",
      actecos: [479100],
      address: "Calle 1",
      commune: "Santiago",
    };
    const first = await connectShopCompany(hub.db, hub.encryptor, {
      platform: "shopify",
      shopDomain: SHOP,
      rut: "76.192.083-9",
      company: patch,
      actor: "test",
    });
    expect(first).toMatchObject({ companyCreated: false, storeCreated: true });
    const again = await connectShopCompany(hub.db, hub.encryptor, {
      platform: "shopify",
      shopDomain: SHOP,
      rut: "76192083-9",
      company: { city: "Santiago" },
      actor: "test",
    });
    expect(again).toMatchObject({ storeId: first.storeId, storeCreated: false });
    const found = await findShopStore(hub.db, "shopify", SHOP);
    store = { id: found!.id, companyId: found!.companyId };
    const status = await onboardingStatus(hub.db, store.companyId);
    expect(status.steps).toEqual({ company: true, certificate: true, caf: true, environment: "certification" });
    expect(status.foliosLeft.find((f) => f.type === 39)!.remaining).toBeGreaterThan(0);
    await expect(
      connectShopCompany(hub.db, hub.encryptor, {
        platform: "shopify",
        shopDomain: "otra.myshopify.com",
        rut: "76.192.083-1",
        company: patch,
        actor: "test",
      }),
    ).rejects.toMatchObject({ code: "rut.invalid" });
    // In demo mode an uploaded CAF is checked against the demo authority.
    expect(cafVerificationKeys(hub.config)[100]).toContain("BEGIN PUBLIC KEY");
  });

  it("changes an order to factura before issuing, validating the RUT on the server", { timeout: 90_000 }, async () => {
    await updateStoreSettings(hub.db, store.id, { issueOn: "delivery" }, "test");
    await ingestOrder(hub.db, store.id, store.companyId, order("3001"), "test");
    await settle(
      async () =>
        (await hub.db.job.count({ where: { kind: "order.process", state: { in: ["queued", "running"] } } })) === 0,
    );
    expect(await hub.db.document.count({ where: { storeId: store.id } })).toBe(0);
    await expect(
      changeDocumentType(
        hub.db,
        store,
        "3001",
        { document: "factura", rut: "76.354.771-1", businessName: "Sur Ltda.", activity: "Repuestos" },
        "test",
      ),
    ).rejects.toMatchObject({ code: "rut.invalid" });
    await expect(
      changeDocumentType(
        hub.db,
        store,
        "3001",
        { document: "factura", rut: "76.354.771-K", businessName: "", activity: "Repuestos" },
        "test",
      ),
    ).rejects.toMatchObject({ code: "factura.data_missing" });
    // Without the receiver's address the merchant's factura waits, with the reason on the dashboard.
    await changeDocumentType(
      hub.db,
      store,
      "3001",
      { document: "factura", rut: "76.354.771-K", businessName: "Sur Ltda.", activity: "Repuestos" },
      "merchant@example.cl",
    );
    await updateStoreSettings(hub.db, store.id, { issueOn: "payment" }, "test");
    await reprocessOrder(hub.db, store, "3001", "test");
    await settle(async () =>
      (await dashboardSummary(hub.db, { companyId: store.companyId, storeId: store.id })).pending.some(
        (p) => p.externalId === "3001" && p.reasons[0]?.code === "factura_data",
      ),
    );
    await changeDocumentType(
      hub.db,
      store,
      "3001",
      {
        document: "factura",
        rut: "76354771-k",
        businessName: "Sur Ltda.",
        activity: "Repuestos",
        address: "Av. Matta 123",
        commune: "Santiago",
      },
      "merchant@example.cl",
    );
    await settle(
      async () => (await hub.db.document.count({ where: { storeId: store.id, type: 33, state: "accepted" } })) === 1,
    );
    expect(await hub.db.document.findFirstOrThrow({ where: { storeId: store.id, type: 33 } })).toMatchObject({
      receiverRut: "76354771-K",
    });
    await expect(changeDocumentType(hub.db, store, "3001", { document: "boleta" }, "test")).rejects.toMatchObject({
      code: "document.already_issued",
    });
  });

  it(
    "issues a nota de crédito for the whole order once per request id, and re-sends the e-mail",
    { timeout: 90_000 },
    async () => {
      await ingestOrder(hub.db, store.id, store.companyId, order("3002"), "test");
      await settle(
        async () =>
          (await hub.db.document.count({ where: { storeId: store.id, type: 39, emailedAt: { not: null } } })) === 1,
      );
      const mails = (await smtp.waitFor(1)).length;
      const boleta = await hub.db.document.findFirstOrThrow({ where: { storeId: store.id, type: 39 } });
      await resendDocumentEmail(hub.db, store.id, boleta.id, "test");
      await settle(
        async () => (await hub.db.document.findUniqueOrThrow({ where: { id: boleta.id } })).emailedAt !== null,
      );
      expect((await smtp.waitFor(mails + 1)).length).toBe(mails + 1);
      await expect(
        resendDocumentEmail(hub.db, "00000000-0000-0000-0000-000000000000", boleta.id, "test"),
      ).rejects.toMatchObject({ kind: "not_found" });

      const a = await creditWholeOrder(hub.db, store, "3002", {
        reason: "Anulación",
        requestId: "req-1",
        actor: "test",
      });
      const b = await creditWholeOrder(hub.db, store, "3002", {
        reason: "Anulación",
        requestId: "req-1",
        actor: "test",
      });
      expect([a.created, b.created]).toEqual([true, false]);
      await settle(
        async () => (await hub.db.document.count({ where: { storeId: store.id, type: 61, state: "accepted" } })) === 1,
      );
      const nc = await hub.db.document.findFirstOrThrow({ where: { storeId: store.id, type: 61 } });
      expect(nc).toMatchObject({ referencesId: boleta.id, totalAmount: boleta.totalAmount });
      await expect(
        creditWholeOrder(hub.db, store, "3002", { reason: "Otra", requestId: "req-2", actor: "test" }),
      ).rejects.toMatchObject({ code: "credit_note.nothing_left" });
    },
  );

  it("lists orders, the dashboard and the audit log for the store", async () => {
    await ingestOrder(hub.db, store.id, store.companyId, order("3003", { document: "factura" }), "test");
    await settle(
      async () => (await hub.db.document.count({ where: { storeId: store.id, order: { externalId: "3003" } } })) === 1,
    );
    const all = await listStoreOrders(hub.db, store.id, { take: 2 });
    expect(all.orders.map((o) => o.externalId)).toEqual(["3003", "3002"]);
    const rest = await listStoreOrders(hub.db, store.id, { take: 2, after: all.next! });
    expect(rest.orders.map((o) => o.externalId)).toEqual(["3001"]);
    // 3003 asked for a factura without fiscal data: a boleta was issued (with a note), nothing pending.
    expect(
      (await listStoreOrders(hub.db, store.id, { show: "issued" })).orders.map((o) => o.externalId).sort(),
    ).toEqual(["3001", "3002", "3003"]);
    expect((await listStoreOrders(hub.db, store.id, { show: "pending" })).orders).toEqual([]);
    expect((await listStoreOrders(hub.db, store.id, { search: "3002" })).orders.map((o) => o.externalId)).toEqual([
      "3002",
    ]);

    const summary = await dashboardSummary(hub.db, { companyId: store.companyId, storeId: store.id });
    expect(summary.today.total).toBe(4);
    expect(summary.today.byType).toEqual([
      { type: 33, count: 1 },
      { type: 39, count: 2 },
      { type: 61, count: 1 },
    ]);
    expect(summary.pending).toEqual([]);
    expect(summary.folios.find((f) => f.type === 39)).toMatchObject({ low: expect.any(Boolean) });
    expect(summary.rejected).toEqual([]);
    // A verdict as the pipeline records it: the dashboard lists it with the SII's own words.
    const factura = await hub.db.document.findFirstOrThrow({ where: { storeId: store.id, type: 33 } });
    await hub.db.document.update({
      where: { id: factura.id },
      data: { state: "rejected", siiResult: { estado: "RCT", descripcion: "Rut receptor no registrado" } },
    });
    expect((await dashboardSummary(hub.db, { companyId: store.companyId, storeId: store.id })).rejected).toEqual([
      expect.objectContaining({
        documentId: factura.id,
        orderExternalId: "3001",
        type: 33,
        reason: "RCT: Rut receptor no registrado",
      }),
    ]);
    await hub.db.document.update({
      where: { id: factura.id },
      data: { state: factura.state, siiResult: factura.siiResult ?? undefined },
    });

    const log = await listAudit(hub.db, store.companyId, { take: 5 });
    expect(log.rows).toHaveLength(5);
    const older = await listAudit(hub.db, store.companyId, { take: 5, before: log.next! });
    expect(BigInt(older.rows[0]!.id)).toBeLessThan(BigInt(log.rows[4]!.id));
    const actions = (await listAudit(hub.db, store.companyId, { take: 200 })).rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "store.created",
        "store.settings_changed",
        "order.document_type_changed",
        "order.reprocess_requested",
        "document.email_resend_requested",
      ]),
    );
  });

  it("keeps store settings beside the platform's own keys", async () => {
    await hub.db.store.update({
      where: { id: store.id },
      data: { settings: { shopify: { locationId: "1" }, issueOn: "payment" } },
    });
    const s = await updateStoreSettings(hub.db, store.id, { defaultDocument: "factura", emailBuyer: false }, "test");
    expect(s).toEqual({ issueOn: "payment", defaultDocument: "factura", emailBuyer: false, unpaidHoldHours: 48 });
    const row = await hub.db.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row.settings).toMatchObject({ shopify: { locationId: "1" } });
    expect(readStoreSettings(row.settings).defaultDocument).toBe("factura");
    await expect(updateStoreSettings(hub.db, store.id, { issueOn: "never" as never }, "test")).rejects.toMatchObject({
      code: "store.settings_invalid",
    });
  });

  it("refuses a second sync while one runs", async () => {
    await hub.db.syncRun.create({ data: { storeId: store.id, phase: "reading", state: "running" } });
    await expect(startStoreSync(hub.db, store.id, { actor: "test" })).rejects.toMatchObject({ code: "sync.running" });
  });
});
