import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "../../../src/hub/api/store-auth.js";
import { loadConfig } from "../../../src/hub/config.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { createMailer } from "../../../src/hub/email/mailer.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import type { Worker } from "../../../src/hub/jobs/worker.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { verifyDocument } from "../../../src/rules/dte/verify.js";
import { startSiiEmulator, type SiiEmulator } from "../../../src/testing/sii/emulator.js";
import { startSmtpSink, type SmtpSink } from "../../../src/testing/smtp-sink.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

const paidOrder = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  number: `#${externalId}`,
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  pricesIncludeTax: true,
  buyer: { email: `comprador${externalId}@example.cl`, name: "Ana Pérez", document: "boleta" },
  lines: [
    {
      externalId: "l1",
      sku: "CAFE-1K",
      name: "Café en grano 1 kg",
      quantity: 2,
      unitPrice: 4990,
      discount: 0,
      exempt: false,
    },
    {
      externalId: "l2",
      sku: "TAZA",
      name: "Taza de cerámica",
      quantity: 1,
      unitPrice: 3500,
      discount: 500,
      exempt: false,
    },
  ],
  shipping: { name: "Despacho", price: 3990 },
  ...over,
});

describe("a paid order becomes exactly one document, accepted and e-mailed", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let smtp: SmtpSink;
  let worker: Worker;
  let store: CreatedStore;
  let authority: string;

  const post = (path: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return hub.api(
      new Request(`http://hub.test${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${store.apiKey}`, "x-timbre-signature": signBody(store.secret, raw) },
        body: raw,
      }),
    );
  };
  const get = (path: string) =>
    hub.api(new Request(`http://hub.test${path}`, { headers: { authorization: `Bearer ${store.apiKey}` } }));

  /** Runs the worker until `done` holds (jobs scheduled a little ahead included). */
  async function settle(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error("pipeline did not settle in time");
      await worker.drain();
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(
      loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-flow-")) }),
      { role: "cli" },
    );
    const demo = await startDemo(hub);
    authority = demo.cafAuthorityPublicKey;
    store = await createStore(hub.db, hub.encryptor, {
      companyId: demo.companyId,
      platform: "woocommerce",
      name: "Woo",
      shopDomain: "tienda.example",
      actor: "test",
    });
    sii = await startSiiEmulator({ cafAuthorities: [authority], timing: { mode: "instant" } });
    smtp = await startSmtpSink();
    worker = hub.startWorker({
      siiBaseUrl: sii.url,
      extraSiiKeys: { 100: authority },
      mailer: createMailer({ smtpUrl: smtp.url, from: "dte@demo.cl", outboxDir: "/nonexistent" }),
      boletaLingerMs: 0,
      pollIntervalMs: 20,
      pollMs: 60_000,
      backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
      siiTransport: { timeoutMs: 2_000, retry: { attempts: 1 } },
      notReceivedGraceMs: 1_000,
    });
  });
  afterAll(async () => {
    await hub?.close();
    await sii?.close();
    await smtp?.close();
    await tdb?.close();
  });

  it("issues one boleta for 20 concurrent deliveries of the same paid order, gets it accepted and e-mails it", async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, () => post("/api/v1/orders", paidOrder("1001"))));
    expect(rs.every((r) => r.status === 202)).toBe(true);
    await settle(
      async () =>
        (await hub.db.document.count({ where: { state: "accepted" } })) === 1 &&
        (await hub.db.document.count({ where: { emailedAt: { not: null } } })) === 1,
    );

    const docs = await hub.db.document.findMany();
    expect(docs).toHaveLength(1);
    const boleta = docs[0]!;
    expect(boleta).toMatchObject({
      kind: "sale",
      type: 39,
      folio: 1,
      receiverRut: "66666666-6",
      totalAmount: 2 * 4990 + 3500 - 500 + 3990,
    });
    const report = await verifyDocument(boleta.xml, { siiKeys: { 100: authority } });
    expect(report.ok, JSON.stringify(report)).toBe(true);

    const mail = (await smtp.waitFor(1))[0]!;
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toContain("comprador1001@example.cl");
    expect(mail.subject).toContain("Boleta electrónica N° 1");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["DTE-76192083-9-T39-F1.pdf", "DTE-76192083-9-T39-F1.xml"]);

    const view = (await (await get("/api/v1/orders/1001")).json()) as {
      order: { documents: Array<{ type: number; folio: number; state: string }> };
      audit: Array<{ action: string }>;
    };
    expect(view.order.documents).toEqual([expect.objectContaining({ type: 39, folio: 1, state: "accepted" })]);
    expect(view.audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "order.received",
        "document.issued",
        "document.sent",
        "document.accepted",
        "document.emailed",
      ]),
    );
  });

  it("turns a full refund into one nota de crédito that annuls the boleta", async () => {
    const refund = {
      externalId: "r1",
      reason: "Cliente se arrepintió",
      lines: [
        { externalId: "l1", quantity: 2 },
        { externalId: "l2", quantity: 1 },
      ],
      shipping: true,
    };
    await Promise.all([post("/api/v1/orders/1001/refunds", refund), post("/api/v1/orders/1001/refunds", refund)]);
    await settle(
      async () => (await hub.db.document.count({ where: { kind: "credit_note", state: "accepted" } })) === 1,
    );
    const [sale, nc] = await hub.db.document.findMany({ orderBy: { createdAt: "asc" } });
    expect(await hub.db.document.count({ where: { kind: "credit_note" } })).toBe(1);
    expect(nc).toMatchObject({ type: 61, folio: 1, referencesId: sale!.id, totalAmount: sale!.totalAmount });
    expect(nc!.xml).toMatch(/<TpoDocRef>39<\/TpoDocRef><FolioRef>1<\/FolioRef>/);
    expect(nc!.xml).toMatch(/<CodRef>1<\/CodRef>/);
  });

  it("issues a factura when the buyer asks and gives valid fiscal data", async () => {
    await post(
      "/api/v1/orders",
      paidOrder("2002", {
        pricesIncludeTax: false,
        buyer: {
          document: "factura",
          rut: "76.354.771-K",
          businessName: "Importadora Sur Ltda.",
          activity: "Repuestos",
          address: "Av. Matta 123",
          commune: "Santiago",
          email: "compras@sur.cl",
        },
      }),
    );
    await settle(async () => (await hub.db.document.count({ where: { type: 33, state: "accepted" } })) === 1);
    const factura = await hub.db.document.findFirstOrThrow({ where: { type: 33 } });
    expect(factura).toMatchObject({
      receiverRut: "76354771-K",
      netAmount: 2 * 4990 + 3500 - 500 + 3990,
      ivaAmount: Math.round((2 * 4990 + 3000 + 3990) * 0.19),
    });
  });

  it("keeps documents waiting while the SII is down and sends them all, once, when it is back", async () => {
    sii.setFault({ kind: "down" });
    for (const id of ["3001", "3002", "3003"]) await post("/api/v1/orders", paidOrder(id));
    await settle(
      async () =>
        (await hub.db.document.count({ where: { order: { externalId: { in: ["3001", "3002", "3003"] } } } })) === 3,
    );
    await worker.drain();
    // Waiting: never rejected, and an upload cut mid-way is looked up before it is sent again.
    expect(await hub.db.document.count({ where: { state: { in: ["issued", "sent"] }, type: 39 } })).toBe(3);
    sii.clearFaults();
    await hub.db.job.updateMany({ where: { state: "queued" }, data: { runAt: new Date() } });
    await settle(async () => (await hub.db.document.count({ where: { type: 39, state: "accepted" } })) === 4);
    const folios = (await hub.db.document.findMany({ where: { type: 39 }, orderBy: { folio: "asc" } })).map(
      (d) => d.folio,
    );
    expect(folios).toEqual([1, 2, 3, 4]);
  });
});
