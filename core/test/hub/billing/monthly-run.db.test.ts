import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSentence } from "../../../src/hub/audit/describe-audit.js";
import { runBilling, type BillingRunOptions } from "../../../src/hub/billing/billing-job.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { createSigningMaterial } from "../../../src/hub/documents/signing-material.js";
import { createMailer } from "../../../src/hub/email/mailer.js";
import type { Hub } from "../../../src/hub/hub.js";
import { lastDayOfMonth, monthBounds, monthOf, previousMonth, ufToClp } from "../../../src/rules/billing/index.js";
import { readDte } from "../../../src/rules/dte/dte-reader.js";
import { startSmtpSink, type SmtpSink } from "../../../src/testing/smtp-sink.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";
import { startUfEmulator, type UfEmulator } from "../../../src/testing/uf-emulator.js";
import { billingHub, company, ingestMany, store } from "./support.js";

const DEMO_RUT = "76192083-9";

describe("the monthly billing run: UF from the source, one factura per merchant and month", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let smtp: SmtpSink;
  let uf: UfEmulator;
  let options: BillingRunOptions;
  const month = monthOf(new Date());
  const lastDay = lastDayOfMonth(month);
  const afterMonth = new Date(monthBounds(month).end.getTime() + 36 * 3_600_000);
  beforeAll(async () => {
    tdb = await createTestDatabase();
    hub = await billingHub(tdb, { TIMBRE_OPERATOR_RUT: DEMO_RUT });
    // The demo company stands in for the operator: it has a certificate and test CAFs for facturas.
    const demo = await startDemo(hub);
    smtp = await startSmtpSink();
    uf = await startUfEmulator({ apiKey: "clave-cmf" });
    options = {
      db: hub.db,
      issue: {
        db: hub.db,
        material: createSigningMaterial(hub.db, hub.encryptor),
        siiKeys: { 100: demo.cafAuthorityPublicKey },
        boletaLingerMs: 0,
      },
      mailer: createMailer({ smtpUrl: smtp.url, from: "Timbre <cobros@timbre.cl>", outboxDir: "/nonexistent" }),
      operatorRut: hub.config.operatorRut,
      ufSource: { url: uf.url, apiKey: "clave-cmf" },
    };
  });
  afterAll(async () => {
    await hub.close();
    await smtp.close();
    await uf.close();
    await tdb.close();
  });

  it("a non-Shopify merchant gets one factura, priced at the UF of the month's last day, e-mailed with the statement", async () => {
    expect(hub.config.operatorRut).toBe(DEMO_RUT);
    const c = await company(hub.db, { email: "pagos@tostaduria.cl" });
    const s = await store(hub.db, hub.encryptor, c.id, "woocommerce", "tostaduria.cl");
    await ingestMany(hub.db, s, c.id, Array.from({ length: 160 }, (_, i) => `w${i}`));
    const [y, m] = month.split("-");
    uf.values.set(`${y}-${m}-09`, "39.500,00");
    uf.values.set(lastDay, "39.643,59");

    const first = await runBilling(options, afterMonth);
    expect(first.month).toBe(month);
    expect(first.ufError).toBeNull();
    expect(first.ufFetched).toBe(2);
    expect(uf.requests.some((p) => p.endsWith(`/${y}/${m}`))).toBe(true);
    const charge = await hub.db.billingCharge.findUniqueOrThrow({ where: { companyId_month: { companyId: c.id, month } } });
    expect(charge).toMatchObject({ orders: 160, tierCode: "t250", ufHundredths: 50, ufValueCentavos: 3_964_359, provisional: false });
    expect(charge.clpAmount).toBe(ufToClp(50, 3_964_359));
    expect(charge.clpAmount).toBe(19_822);
    expect(charge).toMatchObject({ method: "factura", state: "charged" });

    const doc = await hub.db.document.findUniqueOrThrow({ where: { id: charge.documentId! }, include: { company: true } });
    expect(doc.type).toBe(33);
    expect(doc.company.rut).toBe(DEMO_RUT);
    expect(doc.receiverRut).toBe(c.rut.replace(/\./g, ""));
    expect(doc.netAmount).toBe(19_822);
    expect(doc.ivaAmount).toBe(Math.round(19_822 * 0.19));
    const dte = readDte(doc.xml);
    expect(JSON.stringify(dte)).toContain("160 pedidos, 0,5 UF");

    const event = await hub.db.auditEvent.findFirstOrThrow({ where: { companyId: c.id, action: "billing.charged" } });
    expect(auditSentence(event)).toBe(`Cobro de Timbre ${month.slice(5)}-${month.slice(0, 4)}: $19.822 con factura`);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toMatchObject({ text: "pagos@tostaduria.cl" });
    expect(mail!.subject).toContain(`factura de`);
    expect(mail!.text).toContain("Pedidos contados: 160");
    expect(mail!.text).toContain("$39.643,59");
    expect(mail!.attachments.map((a) => a.contentType).sort()).toEqual(["application/pdf", "application/xml"]);

    // The job runs again (a restart, a second replica): nothing more is created, issued or sent.
    const second = await runBilling(options, new Date(afterMonth.getTime() + 6 * 3_600_000));
    expect(second.created).toBe(0);
    expect(await hub.db.billingCharge.count({ where: { companyId: c.id } })).toBe(1);
    expect(await hub.db.document.count({ where: { receiverRut: doc.receiverRut, type: 33 } })).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(1);
  });

  it("a source that is down or a missing last-day UF never blocks: last known value, marked provisional", async () => {
    const c = await company(hub.db, { email: "pagos@provisorio.cl" });
    const s = await store(hub.db, hub.encryptor, c.id, "woocommerce", "provisorio.cl");
    await ingestMany(hub.db, s, c.id, Array.from({ length: 60 }, (_, i) => `p${i}`));
    // History: these orders arrived last month, whose last day's UF was never published to us.
    await hub.db.$executeRaw`UPDATE "UsageOrder" SET "firstSeenAt" = ${new Date(monthBounds(previousMonth(new Date())).start.getTime() + 86_400_000)} WHERE "companyId" = ${c.id}::uuid`;
    await hub.db.$executeRaw`DELETE FROM "UfValue" WHERE date >= ${monthBounds(previousMonth(new Date())).start}`;
    await hub.db.ufValue.create({ data: { date: new Date(monthBounds(previousMonth(new Date())).start.getTime() - 86_400_000), valueCentavos: 3_900_000, source: "test" } });
    uf.failNext(5, 503);
    const r = await runBilling(options, new Date());
    expect(r.ufError).not.toBeNull();
    const charge = await hub.db.billingCharge.findUniqueOrThrow({
      where: { companyId_month: { companyId: c.id, month: previousMonth(new Date()) } },
    });
    expect(charge).toMatchObject({ orders: 60, provisional: true, ufValueCentavos: 3_900_000, clpAmount: 9_750, state: "charged" });
    const mail = (await smtp.waitFor(2)).find((x) => (x.to as { text: string }).text === "pagos@provisorio.cl");
    expect(mail!.text).toContain("provisorio");
  });
});
