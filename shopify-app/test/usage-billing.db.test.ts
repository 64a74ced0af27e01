import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, openHub, type Hub } from "@timbre/core/hub";
import { startDemo } from "@timbre/core/demo";
import {
  billingRunOptions,
  companyUsage,
  createStore,
  ensureUsageSubscription,
  ingestOrder,
  NormalizedOrderSchema,
  runBilling,
} from "@timbre/core/platform-parts";
import { lastDayOfMonth, monthBounds, monthOf, ufToClp } from "@timbre/core/rules";
import { startSmtpSink, type SmtpSink } from "@timbre/core/testing/smtp-sink";
import { ensureTestPlatform } from "@timbre/core/testing/test-platforms";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installShop } from "../src/shopify/install-shop.js";
import { registerShopify, type ShopifyPart } from "../src/shopify/register.js";
import { startShopifyEmulator, type ShopifyEmulator } from "../src/testing/shopify-emulator.js";

/**
 * Issue 19's "Done when": a company with 2,001 orders in a month across a Shopify store and a
 * WooCommerce store, with retries and re-syncs of the same orders, shows 2,001 counted and 2,5 UF;
 * its usage record is created once even when the monthly job runs twice (and an answer is lost);
 * the non-Shopify merchant gets one factura for the month at the UF of the month's last day.
 */
const KEY = "billing-key";
const SECRET = "billing-secret";
const SHOP = "cafe-austral.myshopify.com";
const OPERATOR = "76192083-9";
const env = { apiKey: KEY, apiSecret: SECRET, adminApiUrl: "" };

const order = (externalId: string, updatedAt: string, test = false) =>
  NormalizedOrderSchema.parse({
    externalId,
    status: "paid",
    updatedAt,
    ...(test ? { test: true } : {}),
    buyer: { document: "boleta" },
    lines: [{ externalId: "l1", name: "Café de grano 250 g", quantity: 1, unitPrice: 6990 }],
  });

async function ingestAll(hub: Hub, storeId: string, companyId: string, ids: string[], updatedAt: string) {
  for (let i = 0; i < ids.length; i += 4)
    await Promise.all(ids.slice(i, i + 4).map((id) => ingestOrder(hub.db, storeId, companyId, order(id, updatedAt), "test")));
}

describe("usage billing, done when (issue 19)", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let emulator: ShopifyEmulator;
  let shopify: ShopifyPart;
  let smtp: SmtpSink;
  const month = monthOf(new Date());
  const lastDay = lastDayOfMonth(month);
  const afterMonth = new Date(monthBounds(month).end.getTime() + 30 * 3_600_000);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    smtp = await startSmtpSink();
    hub = await openHub(
      loadConfig({
        DATABASE_URL: tdb.url,
        TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-billing-")),
        NODE_ENV: "test",
        TIMBRE_OPERATOR_RUT: OPERATOR,
        SMTP_URL: smtp.url,
      }),
      { role: "cli" },
    );
    emulator = await startShopifyEmulator({ apiKey: KEY, apiSecret: SECRET });
    env.adminApiUrl = emulator.url;
    shopify = registerShopify({ db: hub.db, encryptor: hub.encryptor, env, billingTest: true });
    ensureTestPlatform("woocommerce");
  }, 120_000);
  afterAll(async () => {
    shopify?.unregister();
    await hub?.close();
    await emulator?.close();
    await smtp?.close();
    await tdb?.close();
  });

  it("2,001 orders → 2,5 UF, one Shopify usage record for two runs; one factura for the other merchant", async () => {
    // The operator's company issues our facturas (the demo's certificate and test CAFs stand in).
    const demo = await startDemo(hub);
    const [y, m] = month.split("-");
    // The UF of the last day prices the month; the day before is a different value on purpose.
    await hub.db.ufValue.createMany({
      data: [
        { date: new Date(`${y}-${m}-09T00:00:00Z`), valueCentavos: 3_950_000, source: "test" },
        { date: new Date(`${lastDay}T00:00:00Z`), valueCentavos: 3_964_359, source: "test" },
      ],
    });

    const a = await hub.db.company.create({
      data: {
        rut: "76086428-5",
        businessName: "Café Austral SpA",
        activity: "Venta de café por internet",
        actecos: [479100],
        address: "Av. Italia 1234",
        commune: "Providencia",
        email: "pagos@cafeaustral.cl",
      },
    });
    const tokens = emulator.install(SHOP);
    const { storeId: shopStore } = await installShop(hub.db, hub.encryptor, {
      companyId: a.id,
      shop: SHOP,
      tokens: { ...tokens },
      actor: "test",
    });
    const woo = await createStore(hub.db, hub.encryptor, {
      companyId: a.id,
      platform: "woocommerce",
      name: "Café Austral (web)",
      shopDomain: "cafeaustral.cl",
      actor: "test",
    });
    const shopIds = Array.from({ length: 1201 }, (_, i) => String(5_000_000_000_000 + i));
    const wooIds = Array.from({ length: 800 }, (_, i) => String(10_000 + i));
    await ingestAll(hub, shopStore, a.id, shopIds, "2026-11-20T10:00:00Z");
    await ingestAll(hub, woo.id, a.id, wooIds, "2026-11-20T10:00:00Z");
    // Webhook retries (same version) and a re-sync (newer versions) of orders already counted.
    await ingestAll(hub, shopStore, a.id, shopIds.slice(0, 300), "2026-11-20T10:00:00Z");
    await ingestAll(hub, woo.id, a.id, wooIds.slice(0, 200), "2026-11-22T08:00:00Z");
    // A Shopify test checkout is not billed.
    await ingestOrder(hub.db, shopStore, a.id, order("9999999999999", "2026-11-21T00:00:00Z", true), "test");

    const usage = await companyUsage(hub.db, a, month, afterMonth);
    expect(usage.ordersCounted).toBe(2001);
    expect(usage.uf).toBe("2,5");
    expect(usage.ufValue).toMatchObject({ date: lastDay, value: "39.643,59" });
    expect(usage.clp).toBe(ufToClp(250, 3_964_359));
    expect(usage.clp).toBe(99_109);

    // The merchant approves the usage subscription (and its cap) at Shopify's confirmation URL.
    const sub = await ensureUsageSubscription(hub.db, shopStore, { returnUrl: "https://hub.example/app/billing" });
    expect(sub.status).toBe("PENDING");
    expect(sub.currency).toBe("CLP");
    expect(sub.cappedAmount).toBe(ufToClp(500, 3_964_359));
    const approval = await fetch(sub.confirmationUrl, { redirect: "manual" });
    expect(approval.status).toBe(302);
    expect(approval.headers.get("location")).toMatch(/^https:\/\/hub\.example\/app\/billing\?charge_id=/);
    // Asking again never makes a second subscription.
    const again = await ensureUsageSubscription(hub.db, shopStore, { returnUrl: "https://hub.example/app/billing" });
    expect(again.subscriptionId).toBe(sub.subscriptionId);
    expect(again.status).toBe("ACTIVE");
    expect(emulator.shop(SHOP).subscriptions.size).toBe(1);

    // The non-Shopify merchant.
    const b = await hub.db.company.create({
      data: {
        rut: "77123456-9",
        businessName: "Tostaduría del Sur Ltda",
        activity: "Tostaduría de café",
        actecos: [107901],
        address: "Los Carrera 456",
        commune: "Concepción",
        email: "contabilidad@tostaduriasur.cl",
      },
    });
    const bWoo = await createStore(hub.db, hub.encryptor, {
      companyId: b.id,
      platform: "woocommerce",
      name: "Tostaduría",
      shopDomain: "tostaduriasur.cl",
      actor: "test",
    });
    const bIds = Array.from({ length: 120 }, (_, i) => `B${i}`);
    await ingestAll(hub, bWoo.id, b.id, bIds, "2026-11-20T10:00:00Z");
    await ingestAll(hub, bWoo.id, b.id, bIds.slice(0, 40), "2026-11-25T10:00:00Z");

    const options = billingRunOptions(hub, { extraSiiKeys: { 100: demo.cafAuthorityPublicKey } });
    // The first usage record call reaches Shopify but its answer is lost: the charge is retried.
    emulator.loseAnswerNext(1);
    const first = await runBilling(options, afterMonth);
    const second = await runBilling(options, new Date(afterMonth.getTime() + 6 * 3_600_000));
    const third = await runBilling(options, new Date(afterMonth.getTime() + 12 * 3_600_000));
    expect(first.created).toBeGreaterThanOrEqual(2);
    expect(second.created + third.created).toBe(0);

    const records = emulator.shop(SHOP).usageRecords;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ amount: 99_109, currency: "CLP" });
    expect(records[0]!.description).toContain("2.001 pedidos, 2,5 UF");
    const chargeA = await hub.db.billingCharge.findUniqueOrThrow({ where: { companyId_month: { companyId: a.id, month } } });
    expect(chargeA).toMatchObject({ method: "shopify", state: "charged", orders: 2001, ufHundredths: 250, clpAmount: 99_109 });
    expect(records[0]!.idempotencyKey).toBe(chargeA.idempotencyKey);
    expect(chargeA.usageRecordId).toContain(records[0]!.id);
    // Company A is charged through Shopify only: no factura of ours.
    expect(await hub.db.document.count({ where: { receiverRut: "76086428-5" } })).toBe(0);

    const chargeB = await hub.db.billingCharge.findUniqueOrThrow({ where: { companyId_month: { companyId: b.id, month } } });
    expect(chargeB).toMatchObject({ method: "factura", state: "charged", orders: 120, ufHundredths: 25, clpAmount: 9_911 });
    const facturas = await hub.db.document.findMany({ where: { receiverRut: "77123456-9" }, include: { company: true } });
    expect(facturas).toHaveLength(1);
    expect(facturas[0]).toMatchObject({ type: 33, netAmount: 9_911, ivaAmount: 1_883, totalAmount: 11_794 });
    expect(facturas[0]!.company.rut).toBe(OPERATOR);
    const mails = await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    const toB = smtp.messages.filter((mm) => (mm.to as { text: string }).text === "contabilidad@tostaduriasur.cl");
    expect(toB).toHaveLength(1);
    expect(mails[0]!.text).toContain("Pedidos contados: 120");
    expect(mails[0]!.attachments).toHaveLength(2);
  }, 600_000);
});
