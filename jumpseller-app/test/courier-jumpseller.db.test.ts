import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, openHub, type Hub } from "@timbre/core/hub";
import { startDemo } from "@timbre/core/demo";
import { startSiiEmulator, type SiiEmulator } from "@timbre/core/sii-emulator";
import {
  CourierInputSchema,
  createMailer,
  issueLoginLink,
  saveCourier,
  saveShippingMethod,
  saveZone,
  ShippingMethodInputSchema,
  ZoneInputSchema,
  type Worker,
} from "@timbre/core/platform-parts";
import { startSmtpSink, type SmtpSink } from "@timbre/core/testing/smtp-sink";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { createJumpsellerApp, jumpsellerInstallPath, type JumpsellerApp } from "../src/app.js";
import { startJumpsellerEmulator, type JumpsellerEmulator } from "../src/testing/emulator.js";

const HUB = "http://hub.test";
const STORE = "reparto-sur";
const CHROMIUM = "/usr/bin/chromium";
const PHONE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";

/** The hub's courier app on a loopback port, as the hub's server mounts it. */
async function serve(handler: (request: Request) => Promise<Response>): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const port = (server.address() as AddressInfo).port;
    const request = new Request(`http://127.0.0.1:${port}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
      ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
    });
    const response = await handler(request);
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => (out[key] = value));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Issue 9's "done when" against a real platform emulator: a Jumpseller store installed by OAuth, a
 * paid Jumpseller order arriving by its signed hook, our courier delivering it from a phone, and the
 * store's order going shipped → delivered with our tracking through Jumpseller's fulfillments API.
 */
describe("own couriers for a Jumpseller store: hook → delivery → phone proof → boleta → Jumpseller fulfillment", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let smtp: SmtpSink;
  let emu: JumpsellerEmulator;
  let app: JumpsellerApp;
  let worker: Worker;
  let unregister: () => void;
  let companyId: string;
  let server: Server;
  let appUrl: string;
  let browser: Browser;
  let context: BrowserContext;

  async function settle<T>(
    what: string,
    check: () => Promise<T | undefined | null | false>,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await worker.drain();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const emuOrder = (id: number) => emu.store(STORE).orders.get(id)!;
  const fulfillmentsOf = (id: number) => [...emu.store(STORE).fulfillments.values()].filter((f) => f.order_id === id);

  beforeAll(async () => {
    // Never skip: without the browser this test must fail and say why.
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium`);
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(
      loadConfig({
        DATABASE_URL: tdb.url,
        TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-js-courier-")),
        TIMBRE_PUBLIC_URL: HUB,
      }),
      { role: "cli" },
    );
    const demo = await startDemo(hub);
    companyId = demo.companyId;
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    smtp = await startSmtpSink();
    emu = await startJumpsellerEmulator({ stores: [{ code: STORE, name: "Reparto Sur" }] });
    app = createJumpsellerApp({
      hub,
      options: {
        apiUrl: emu.apiUrl,
        authUrl: emu.authUrl,
        appId: emu.clientId,
        appSecret: emu.clientSecret,
        publicUrl: HUB,
      },
      wake: () => worker?.wake(),
    });
    unregister = app.register();
    worker = hub.startWorker({
      handlers: app.jobHandlers,
      siiBaseUrl: sii.url,
      extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
      mailer: createMailer({ smtpUrl: smtp.url, from: "dte@demo.cl", outboxDir: "/nonexistent" }),
      boletaLingerMs: 0,
      pollIntervalMs: 20,
      pollMs: 200,
      backoff: { baseMs: 20, maxMs: 200, jitter: 0 },
      siiTransport: { timeoutMs: 2_000, retry: { attempts: 1 } },
    });

    // The merchant installs Timbre from Jumpseller (authorize is auto-approved by the emulator).
    const start = await app.handle(
      new Request(`${HUB}${jumpsellerInstallPath(hub.encryptor, companyId)}&store=${STORE}`),
    );
    const authorize = await fetch(start.headers.get("location")!, { redirect: "manual" });
    expect((await app.handle(new Request(authorize.headers.get("location")!))).status).toBe(302);
    const store = await hub.db.store.findFirstOrThrow({ where: { platform: "jumpseller", shopDomain: STORE } });

    // Invoicing on delivery confirmation; the store's "Despacho propio" goes with our couriers.
    await hub.db.store.update({
      where: { id: store.id },
      data: { settings: { ...(store.settings as object), issueOn: "delivery" } },
    });
    await saveShippingMethod(
      hub.db,
      store,
      ShippingMethodInputSchema.parse({ method: "Despacho propio", mode: "own_courier" }),
      "test",
    );
    await saveZone(
      hub.db,
      companyId,
      ZoneInputSchema.parse({
        name: "Oriente",
        comunas: ["Providencia", "Ñuñoa"],
        rate: { kind: "flat", amount: 3990 },
        commission: { kind: "percent", percent: 40 },
      }),
      "test",
    );
    await saveCourier(
      hub.db,
      companyId,
      CourierInputSchema.parse({
        name: "Pedro Soto",
        phone: "+56 9 1234 5678",
        zones: ["Oriente"],
        capacityPerDay: 10,
      }),
      "test",
    );

    ({ url: appUrl, server } = await serve(hub.courierApp));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      userAgent: PHONE_UA,
      locale: "es-CL",
      geolocation: { latitude: -33.4263, longitude: -70.6199, accuracy: 15 },
      permissions: ["geolocation"],
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    server?.close();
    unregister?.();
    await hub?.close();
    await emu?.close();
    await sii?.close();
    await smtp?.close();
    await tdb?.close();
  });

  it("delivers a Jumpseller order with photo and signature; the boleta goes out and Jumpseller shows it shipped, then delivered, with our tracking", async () => {
    // A shopper pays in the Jumpseller store; its signed order_paid hook reaches the hub.
    const order = emu.addOrder(STORE, {
      status_enum: "paid",
      subtotal: 9980,
      shipping: 3990,
      total: 13970,
      shipping_method_name: "Despacho propio",
      customer: { id: 9, email: "ana.perez@example.cl", fullname: "Ana Pérez", phone: "+56911112222" },
      billing_address: { name: "Ana", surname: "Pérez", address: "Av. Italia 1234", city: "Santiago" },
      shipping_address: {
        name: "Ana",
        surname: "Pérez",
        address: "Av. Italia",
        street_number: "1234",
        complement: "depto 5",
        city: "Santiago",
        municipality: "Providencia",
        region: "Región Metropolitana",
        country_code: "CL",
      },
      products: [
        { id: 1, variant_id: null, sku: "CAFE-1K", name: "Café en grano 1 kg", qty: 2, price: 4990, discount: 0 },
      ],
    });
    const raw = JSON.stringify({ order });
    const hook = await app.handle(
      new Request(`${HUB}/jumpseller/hooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "jumpseller-event": "order_paid",
          "jumpseller-store-code": STORE,
          "jumpseller-hmac-sha256": emu.sign(STORE, raw),
        },
        body: raw,
      }),
    );
    expect(hook.status).toBe(200);

    // The hub reads the order back from Jumpseller, prices it by zone and gives it to the courier.
    const delivery = await settle("the Jumpseller order's delivery", () =>
      hub.db.delivery.findFirst({ where: { order: { externalId: String(order.id) } }, include: { courier: true } }),
    );
    expect(delivery).toMatchObject({
      state: "assigned",
      fee: 3990,
      commission: 1596,
      comunaCode: "13123",
      courier: { name: "Pedro Soto" },
    });
    expect(delivery.recipient).toMatchObject({
      name: "Ana Pérez",
      line1: "Av. Italia 1234",
      line2: "depto 5",
      comuna: "Providencia",
      phone: "+56911112222",
    });
    // Trigger "delivery": nothing is issued while the parcel is on its way.
    expect(await hub.db.document.count({ where: { orderId: delivery.orderId } })).toBe(0);

    // The courier opens the one-time link the merchant sent to the phone.
    const link = await issueLoginLink(hub.db, companyId, delivery.courierId!, "test");
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${appUrl}${link.path}`);
    await page.getByRole("button", { name: "Entrar" }).click();
    const card = page.locator("article.delivery").filter({ hasText: "Av. Italia 1234" });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("Av. Italia 1234, depto 5");
    // The link works once.
    const again = await context.newPage();
    await again.goto(`${appUrl}${link.path}`);
    await again.getByRole("button", { name: "Entrar" }).click();
    await again.getByText("El enlace ya se usó o venció").waitFor();
    await again.close();

    await card.getByRole("button", { name: "Iniciar entrega" }).click();
    const shipped = await settle("Jumpseller to show the order in transit", async () =>
      emuOrder(order.id).shipment_status_enum === "in_transit" ? fulfillmentsOf(order.id) : undefined,
    );
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatchObject({
      type: "manual",
      tracking_number: delivery.code,
      tracking_company: "other",
      shipment_status: "in_transit",
    });
    expect(emuOrder(order.id)).toMatchObject({ fulfillment_status: "fulfilled", tracking_number: delivery.code });

    // At the door: a photo from the camera, who received it, and a finger signature.
    await card.getByRole("button", { name: "Entregar", exact: true }).click();
    // A big camera photo, drawn by the browser itself (this workspace has no image encoder).
    const photo = await page.evaluate<string>(`(() => {
      const c = document.createElement("canvas");
      c.width = 2400;
      c.height = 1800;
      const ctx = c.getContext("2d");
      const g = ctx.createLinearGradient(0, 0, 2400, 1800);
      g.addColorStop(0, "#c63");
      g.addColorStop(1, "#36c");
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 2400, 1800);
      return c.toDataURL("image/png").split(",")[1];
    })()`);
    await page
      .locator("#photo")
      .setInputFiles({ name: "IMG_0002.png", mimeType: "image/png", buffer: Buffer.from(photo, "base64") });
    await page.locator("img.preview").waitFor({ state: "visible" });
    await page.getByLabel("Nombre de quien recibe").fill("Ana Pérez");
    const pad = page.getByRole("img", { name: "Firma de quien recibe (opcional)" });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + 20 + i * 25, box.y + box.height * (0.5 + 0.3 * Math.sin(i)), { steps: 2 });
    await page.mouse.up();
    await page.getByRole("button", { name: "Confirmar entrega" }).click();

    // The proof is stored: resized photo, receiver, signature, where it happened.
    const proof = await settle("the proof", () =>
      hub.db.deliveryProof.findUnique({ where: { deliveryId: delivery.id } }),
    );
    expect(proof).toMatchObject({
      photoType: "image/jpeg",
      signatureType: "image/png",
      receiverName: "Ana Pérez",
      latitude: -33.4263,
      longitude: -70.6199,
    });
    expect(proof.photo!.length).toBeLessThan(600_000);

    // Invoicing on delivery: one boleta, accepted by the SII emulator, e-mailed, and attached in Jumpseller.
    const doc = await settle(
      "the boleta to be issued and e-mailed",
      () => hub.db.document.findFirst({ where: { orderId: delivery.orderId, kind: "sale", emailedAt: { not: null } } }),
      90_000,
    );
    expect(doc.type).toBe(39);
    const mail = (await smtp.waitFor(1))[0]!;
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toContain("ana.perez@example.cl");
    await settle(
      "the boleta attached to the Jumpseller order",
      async () => (emu.store(STORE).documents.get(order.id) ?? []).length === 1,
    );

    // Jumpseller: the same fulfillment, now delivered, still with our tracking.
    await settle(
      "Jumpseller to show the order delivered",
      async () => emuOrder(order.id).shipment_status_enum === "delivered",
    );
    const done = fulfillmentsOf(order.id);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      id: shipped[0]!.id,
      tracking_number: delivery.code,
      tracking_company: "other",
      shipment_status: "delivered",
    });
    expect(await hub.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      state: "delivered",
    });
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
