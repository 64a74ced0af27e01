import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, openHub, type Hub } from "@timbre/core/hub";
import { startDemo } from "@timbre/core/demo";
import { startSiiEmulator, type SiiEmulator } from "@timbre/core/sii-emulator";
import {
  createMailer,
  createWarehouse,
  recordMovements,
  upsertProducts,
  type Worker,
} from "@timbre/core/platform-parts";
import { startSmtpSink, type SmtpSink } from "@timbre/core/testing/smtp-sink";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { createJumpsellerApp, jumpsellerInstallPath, type JumpsellerApp } from "../src/app.js";
import { SWEEP_JOB } from "../src/install/install-store.js";
import { openCredentials, readSettings, sealCredentials } from "../src/store/store-state.js";
import { maxInWindow, startJumpsellerEmulator, type JumpsellerEmulator } from "../src/testing/emulator.js";

const HUB = "http://hub.test";
const STORE = "cafe-sur";
const SKUS = ["CAFE-1K", "TAZA", ...Array.from({ length: 40 }, (_, i) => `GRANO-${String(i).padStart(2, "0")}`)];

describe("Jumpseller app end to end: install, hooks, documents and stock against the emulator", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let smtp: SmtpSink;
  let emu: JumpsellerEmulator;
  let app: JumpsellerApp;
  let worker: Worker;
  let unregister: () => void;
  let companyId: string;

  async function settle(done: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error("did not settle in time");
      await worker.drain();
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** The merchant clicks "install": hub → Jumpseller authorize (auto-approved) → hub callback. */
  async function install(): Promise<Response> {
    const start = await app.handle(
      new Request(`${HUB}${jumpsellerInstallPath(hub.encryptor, companyId)}&store=${STORE}`),
    );
    expect(start.status).toBe(302);
    const authorize = await fetch(start.headers.get("location")!, { redirect: "manual" });
    expect(authorize.status).toBe(302);
    const callback = authorize.headers.get("location")!;
    expect(callback.startsWith(`${HUB}/jumpseller/oauth/callback?`)).toBe(true);
    return app.handle(new Request(callback));
  }

  const postHook = (raw: string, signature: string, event = "order_paid") =>
    app.handle(
      new Request(`${HUB}/jumpseller/hooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "jumpseller-event": event,
          "jumpseller-store-code": STORE,
          "jumpseller-hmac-sha256": signature,
          "jumpseller-triggered-at": "2026-11-23 12:00:00.000 UTC",
        },
        body: raw,
      }),
    );

  const jsStore = async () => hub.db.store.findFirstOrThrow({ where: { platform: "jumpseller", shopDomain: STORE } });

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(
      loadConfig({
        DATABASE_URL: tdb.url,
        TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-js-")),
        TIMBRE_PUBLIC_URL: HUB,
      }),
      { role: "cli" },
    );
    const demo = await startDemo(hub);
    companyId = demo.companyId;
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    smtp = await startSmtpSink();

    // The merchant's catalog in Timbre: 42 SKUs with stock in one warehouse.
    await createWarehouse(hub.db, companyId, { code: "SCL", name: "Santiago" }, "test");
    await upsertProducts(
      hub.db,
      companyId,
      SKUS.map((sku) => ({ sku, name: `Producto ${sku}`, price: 4990 })),
      { actor: "test" },
    );
    // In the hub only: the store creates it later.
    await upsertProducts(hub.db, companyId, [{ sku: "NUEVO-1", name: "Producto nuevo", price: 990 }], {
      actor: "test",
    });
    await recordMovements(hub.db, companyId, [{ sku: "NUEVO-1", warehouse: "SCL", kind: "in", quantity: 5 }], {
      actor: "test",
    });
    await recordMovements(
      hub.db,
      companyId,
      SKUS.map((sku, i) => ({ sku, warehouse: "SCL", kind: "in" as const, quantity: 10 + i })),
      { actor: "test" },
    );

    // The same products in the Jumpseller store, stock drifted.
    emu = await startJumpsellerEmulator({ stores: [{ code: STORE, name: "Café del Sur" }] });
    for (const sku of SKUS) {
      if (sku === "CAFE-1K")
        emu.addProduct(STORE, {
          name: "Café en grano",
          images: [{ id: 0, position: 1, url: "https://cdn.example/cafe.jpg" }],
          variants: [
            { id: 0, sku, stock: 0, price: 4990, stock_unlimited: false, options: [{ name: "Peso", value: "1 kg" }] },
          ],
        });
      else emu.addProduct(STORE, { name: `Producto ${sku}`, sku, stock: 0, price: 3500 });
    }

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
      pollMs: 60_000,
      backoff: { baseMs: 20, maxMs: 200, jitter: 0 },
      siiTransport: { timeoutMs: 2_000, retry: { attempts: 1 } },
    });
  });
  afterAll(async () => {
    unregister?.();
    await hub?.close();
    await emu?.close();
    await sii?.close();
    await smtp?.close();
    await tdb?.close();
  });

  it("installs twice and ends with one store, the four checkout fields once and one hook per event", async () => {
    const first = await install();
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toMatch(/^\/jumpseller\/admin\?store=.+&sig=.+/);
    const second = await install();
    expect(second.status).toBe(302);

    const fields = [...emu.store(STORE).customFields.values()];
    expect(fields.map((f) => f.label).sort()).toEqual(["Giro", "RUT", "Razón social", "Tipo de documento"]);
    expect(fields.find((f) => f.label === "Tipo de documento")).toMatchObject({
      type: "select",
      custom_field_select_options: ["Boleta", "Factura"],
    });
    expect([...emu.store(STORE).hooks.values()].map((h) => h.event).sort()).toEqual([
      "order_canceled",
      "order_paid",
      "order_updated",
      "product_created",
      "product_updated",
    ]);
    expect(await hub.db.store.count({ where: { platform: "jumpseller" } })).toBe(1);

    // A merchant renaming a field does not make the next install create another.
    emu.store(STORE).customFields.values().next().value!.label = "¿Boleta o factura?";
    expect((await install()).status).toBe(302);
    expect(emu.store(STORE).customFields.size).toBe(4);

    const store = await jsStore();
    expect(store.credentials).not.toContain(emu.store(STORE).hooksToken); // encrypted
    const page = await app.handle(new Request(`${HUB}${first.headers.get("location")}`));
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("Instalada");
    expect(text).toContain("Tipo de documento");
    expect((await app.handle(new Request(`${HUB}/jumpseller/admin?store=${store.id}&sig=forged`))).status).toBe(401);
  });

  it("pushes the hub's stock to the store within Jumpseller's rate limit", async () => {
    const s = emu.store(STORE);
    await settle(
      async () =>
        s.stockWrites.length >= SKUS.length && (await hub.db.syncRun.count({ where: { state: "done" } })) >= 1,
    );
    const log = s.requestLog;
    const bad = log.findIndex((r) => r.status === 429);
    if (bad >= 0)
      console.log(
        JSON.stringify(
          log.slice(Math.max(0, bad - 25), bad + 2).map((r) => [r.at - log[0]!.at, r.method, r.path, r.status]),
        ),
      );
    expect(s.throttled).toBe(0);
    expect(
      maxInWindow(
        s.stockWrites.map((w) => w.at),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
    expect(
      maxInWindow(
        s.stockWrites.map((w) => w.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(800);
    const cafe = [...s.products.values()].find((p) => p.variants[0]?.sku === "CAFE-1K")!;
    expect(cafe.variants[0]!.stock).toBe(10);
    expect([...s.products.values()].find((p) => p.sku === "GRANO-39")!.stock).toBe(10 + 41);
    // The store's product images come into the hub's catalog where it had none.
    const product = await hub.db.product.findFirstOrThrow({
      where: { companyId, key: "CAFE-1K" },
      include: { images: true },
    });
    expect(product.images.map((i) => i.url)).toEqual(["https://cdn.example/cafe.jpg"]);
  });

  it("gives a product created in Jumpseller the hub's stock, from its hook", async () => {
    const p = emu.addProduct(STORE, { name: "Producto nuevo", sku: "NUEVO-1", stock: 0 });
    const raw = JSON.stringify({ product: p });
    expect((await postHook(raw, emu.sign(STORE, raw), "product_created")).status).toBe(200);
    await settle(async () => emu.store(STORE).products.get(p.id)!.stock === 5);
    expect(emu.store(STORE).throttled).toBe(0);
  });

  it("answers a signed paid-order hook twice with one document attached to the order, and a forged one with 401", async () => {
    const order = emu.addOrder(STORE, {
      status_enum: "paid",
      subtotal: 13480,
      shipping: 3990,
      total: 16970,
      discount: 500,
      shipping_method_name: "Despacho a domicilio",
      customer: { id: 5, email: "ana@example.cl", fullname: "Ana Pérez" },
      billing_address: { name: "Ana", surname: "Pérez", address: "Av. Matta 123", city: "Santiago" },
      products: [
        { id: 1, variant_id: 2, sku: "CAFE-1K", name: "Café en grano 1 kg", qty: 2, price: 4990, discount: 0 },
        { id: 3, variant_id: null, sku: "TAZA", name: "Taza", qty: 1, price: 3500, discount: 500 },
      ],
    });
    const raw = JSON.stringify({ order });
    const sig = emu.sign(STORE, raw);
    const [a, b] = [await postHook(raw, sig), await postHook(raw, sig)];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await b.json()).toMatchObject({ duplicate: true });
    const forged = await postHook(raw, Buffer.from("not the signature at all, 32 bytes").toString("base64"));
    expect(forged.status).toBe(401);
    expect((await postHook(raw.replace("Ana", "Eva"), sig)).status).toBe(401);

    const attached = () => emu.store(STORE).documents.get(order.id) ?? [];
    await settle(
      async () => (await hub.db.document.count({ where: { state: "accepted" } })) === 1 && attached().length === 1,
    );
    await worker.drain();
    const docs = await hub.db.document.findMany();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ type: 39, totalAmount: 2 * 4990 + 3500 - 500 + 3990 });
    const [doc] = attached();
    expect(doc).toMatchObject({
      document_type: 1,
      external_id: docs[0]!.id,
      public_id: `BOLETA ELECTRÓNICA N° ${docs[0]!.folio}`,
    });
    expect(attached()).toHaveLength(1);
    // The attached link is the hub's signed PDF, openable without logging in.
    expect(doc!.url.startsWith(`${HUB}/`)).toBe(true);
    const pdf = await hub.api(new Request(doc!.url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // The sale moved stock and the hub published it back.
    const cafe = [...emu.store(STORE).products.values()].find((p) => p.variants[0]?.sku === "CAFE-1K")!;
    await settle(async () => cafe.variants[0]!.stock === 8);
    expect(emu.store(STORE).throttled).toBe(0);
  });

  it("sweeps: revives paused hooks, catches an order whose hook never came, and notices deleted fields", async () => {
    const s = emu.store(STORE);
    const store = await jsStore();
    const paid = [...s.hooks.values()].find((h) => h.event === "order_paid")!;
    paid.paused = true;
    const missed = emu.addOrder(STORE, {
      status_enum: "paid",
      customer: { id: 6, email: "luis@example.cl" },
      products: [{ id: 3, variant_id: null, sku: "TAZA", name: "Taza", qty: 1, price: 3500, discount: 0 }],
    });
    const typeField = readSettings(store).fieldIds.documentType!;
    s.customFields.delete(typeField);
    // Hooks were renewed at install; pretend that was long ago.
    await hub.db.store.update({
      where: { id: store.id },
      data: {
        settings: {
          ...(store.settings as object),
          jumpseller: { ...readSettings(store), hooksRenewedAt: "2026-01-01T00:00:00Z" },
        },
      },
    });
    await app.jobHandlers[SWEEP_JOB]!(
      { storeId: store.id },
      {
        job: {} as never,
        signal: new AbortController().signal,
        fence: async () => undefined,
        retryIn: () => {
          throw new Error("no");
        },
      },
    );

    const hooks = [...s.hooks.values()].filter((h) => h.event === "order_paid");
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.paused).toBe(false);
    expect(hooks[0]!.id).not.toBe(paid.id);
    const settings = readSettings(await jsStore());
    expect(settings.fieldIds.documentType).toBeUndefined();
    expect(settings.problems.map((p) => p.message).join()).toContain("Campos de checkout eliminados");
    expect(s.customFields.size).toBe(3); // not recreated behind the merchant's back
    await settle(
      async () => (await hub.db.document.count({ where: { order: { externalId: String(missed.id) } } })) === 1,
    );
    // The next sweep is queued.
    expect(await hub.db.job.count({ where: { kind: SWEEP_JOB, state: "queued" } })).toBe(1);
  });

  it("refreshes the access token before the hour is up, and again when Jumpseller refuses it", async () => {
    const docs = () => emu.store(STORE).documents;
    const token = async () => openCredentials(hub.encryptor, await jsStore())!;
    const paidOrder = (email: string) =>
      emu.addOrder(STORE, {
        status_enum: "paid",
        customer: { id: 7, email },
        products: [{ id: 3, variant_id: null, sku: "TAZA", name: "Taza", qty: 1, price: 3500, discount: 0 }],
      });
    const deliverAndWait = async (order: { id: number }) => {
      const raw = JSON.stringify({ order });
      expect((await postHook(raw, emu.sign(STORE, raw))).status).toBe(200);
      await settle(async () => (docs().get(order.id) ?? []).length === 1);
    };

    // Four minutes left: the app refreshes before using it (Jumpseller would still accept it).
    const before = await token();
    const store = await jsStore();
    await hub.db.store.update({
      where: { id: store.id },
      data: { credentials: sealCredentials(hub.encryptor, { ...before, expiresAt: Date.now() + 4 * 60_000 }) },
    });
    await deliverAndWait(paidOrder("eva@example.cl"));
    const refreshed = await token();
    expect(refreshed.accessToken).not.toBe(before.accessToken);
    expect(refreshed.refreshToken).not.toBe(before.refreshToken);
    expect(refreshed.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);

    // Jumpseller drops the token early: the 401 triggers one refresh and the call goes through.
    emu.expireTokens(STORE);
    await deliverAndWait(paidOrder("leo@example.cl"));
    expect((await token()).accessToken).not.toBe(refreshed.accessToken);
  });

  it("uninstalls cleanly and a reinstall finds the same fields", async () => {
    const store = await jsStore();
    const sig = new URL(`${HUB}${(await install()).headers.get("location")}`).searchParams.get("sig")!;
    const fieldsBefore = emu.store(STORE).customFields.size;
    const r = await app.handle(
      new Request(`${HUB}/jumpseller/admin/uninstall`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ store: store.id, sig }),
      }),
    );
    expect(r.status).toBe(303);
    const gone = await jsStore();
    expect(gone.credentials).toBeNull();
    expect(readSettings(gone).installed).toBe(false);
    expect(emu.store(STORE).hooks.size).toBe(0);
    // Hooks for an uninstalled store are refused.
    const raw = JSON.stringify({ order: { id: 1 } });
    expect((await postHook(raw, emu.sign(STORE, raw))).status).toBe(401);

    expect((await install()).status).toBe(302);
    expect(emu.store(STORE).customFields.size).toBe(4);
    expect(fieldsBefore).toBe(4);
    expect(emu.store(STORE).hooks.size).toBe(5);
  });
  it("notices the app was removed in Jumpseller when the refresh token is refused, and stops sweeping", async () => {
    const store = await jsStore();
    const creds = openCredentials(hub.encryptor, store)!;
    await fetch(`${emu.authUrl}/oauth/revoke`, {
      method: "POST",
      body: new URLSearchParams({ token: creds.refreshToken }),
    });
    emu.expireTokens(STORE);
    await hub.db.job.deleteMany({ where: { kind: SWEEP_JOB } });
    await app.jobHandlers[SWEEP_JOB]!(
      { storeId: store.id },
      {
        job: {} as never,
        signal: new AbortController().signal,
        fence: async () => undefined,
        retryIn: () => {
          throw new Error("no");
        },
      },
    );
    const after = await jsStore();
    expect(after.credentials).toBeNull();
    expect(readSettings(after)).toMatchObject({ installed: false });
    expect(readSettings(after).problems[0]!.message).toContain("revocó");
    expect(await hub.db.job.count({ where: { kind: SWEEP_JOB, state: "queued" } })).toBe(0);
  });
  it("does from its admin page what the CLI does for a merchant: a product, stock, a price, a zone, a courier and their link", async () => {
    const location = (await install()).headers.get("location")!;
    const signed = new URL(location, HUB).searchParams;
    const post = async (fields: Record<string, string>) => {
      const res = await app.handle(
        new Request(`${HUB}/jumpseller/admin/action`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ store: signed.get("store")!, sig: signed.get("sig")!, ...fields }).toString(),
        }),
      );
      return { status: res.status, text: await res.text() };
    };
    expect(
      (await post({ intent: "product", sku: "MOLINILLO", name: "Molinillo manual", price: "$24.990" })).text,
    ).toContain("Producto MOLINILLO creado.");
    const tiny = await post({ intent: "movement", sku: "MOLINILLO", kind: "in", quantity: "1e-7", warehouse: "SCL" });
    expect(tiny.status).toBe(400);
    expect(tiny.text).toContain("Revise estos datos: Cantidad.");
    expect(tiny.text).not.toMatch(/RangeError|expected|Invalid input|decimals/);
    expect(
      (await post({ intent: "movement", sku: "MOLINILLO", kind: "in", quantity: "3", warehouse: "SCL" })).text,
    ).toContain("MOLINILLO en SCL: +3, quedan 3.");
    expect((await post({ intent: "price", list: "Mayorista", sku: "MOLINILLO", price: "19.990" })).text).toContain(
      "MOLINILLO en la lista Mayorista: $19.990.",
    );
    const badZone = await post({ intent: "zone", name: "Centro", comunas: "Mordor", flat: "2990", commission: "1500" });
    expect(badZone.status).toBe(400);
    expect(badZone.text).toContain("No existe la comuna &quot;Mordor&quot;");
    const zone = await post({
      intent: "zone",
      name: "Centro",
      comunas: "Providencia, Ñuñoa",
      flat: "2.990",
      commission: "50%",
    });
    expect(zone.text).toContain("Zona creada: Centro.");
    expect(zone.text).toContain("Providencia, Ñuñoa · despacho $2.990 · el repartidor gana el 50 %");
    const courier = await post({
      intent: "courier",
      name: "Ana Díaz",
      phone: "+56 9 8765 4321",
      capacity: "15",
      zones: "Centro",
    });
    expect(courier.text).toContain("Repartidor agregado: Ana Díaz.");
    const courierId = /name="courier" value="([^"]+)"/.exec(courier.text)![1]!;
    const link = await post({ intent: "link", courier: courierId });
    expect(link.text).toContain("Enlace de ingreso creado");
    expect(link.text).toMatch(/href="https?:\/\/[^"]+\/courier\/l\/[^"]+"/);
    const forged = await app.handle(
      new Request(`${HUB}/jumpseller/admin/action`, {
        method: "POST",
        body: new URLSearchParams({ store: signed.get("store")!, sig: "forged", intent: "product" }).toString(),
      }),
    );
    expect(forged.status).toBe(401);
  });
});
