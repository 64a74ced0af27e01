import type { Job } from "@prisma/client";
import { Session } from "@shopify/shopify-api";
import { createEncryptor, createPrismaClient, parseSecretKey, generateSecretKey, type Db } from "@timbre/core/hub";
import {
  CourierInputSchema,
  saveCourier,
  saveShippingMethod,
  saveZone,
  ShippingMethodInputSchema,
  ZoneInputSchema,
  type JobContext,
} from "@timbre/core/platform-parts";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Hub } from "@timbre/core/hub";
import { HubSessionStorage } from "../app/shopify/session-storage.js";
import { bindHub } from "../src/shopify/hub-handle.js";
import { installShop } from "../src/shopify/install-shop.js";
import { reconnectShop, SHOPIFY_INITIAL_SYNC_JOB } from "../src/shopify/reconnect-shop.js";
import { registerShopify } from "../src/shopify/register.js";
import { listShopLocations, saveLocationMapping } from "../src/shopify/locations.js";
import { offlineAccessToken, offlineSessionId, refreshOfflineTokenLocked } from "../src/shopify/offline-token.js";
import { pollShop } from "../src/shopify/poll-sweep.js";
import { shopClient } from "../src/shopify/shop-client.js";
import { ACCESS_TOKEN, openToken, REFRESH_TOKEN } from "../src/shopify/session-tokens.js";
import { readShopSettings } from "../src/shopify/shop-settings.js";
import { shopifyWebhookJob } from "../src/shopify/webhook-jobs.js";
import { receiveShopifyWebhook, SHOPIFY_WEBHOOK_JOB } from "../src/shopify/webhook-receiver.js";
import orderFixture from "../src/testing/fixtures/rest-2026-07-order.json" with { type: "json" };
import refundFixture from "../src/testing/fixtures/rest-2026-07-refund.json" with { type: "json" };
import { startShopifyEmulator, type ShopifyEmulator } from "../src/testing/shopify-emulator.js";
import { webhookHeaders } from "../src/testing/webhook-sender.js";

const KEY = "wh-key";
const SECRET = "wh-secret";
const SHOP = "webhooks.myshopify.com";
const env = { apiKey: KEY, apiSecret: SECRET, adminApiUrl: "" };
const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

describe("Shopify webhooks, jobs, compliance and tokens (database)", () => {
  let database: TestDatabase;
  let db: Db;
  let emulator: ShopifyEmulator;
  let storeId: string;
  let companyId: string;
  const ctx = {
    job: {} as Job,
    signal: new AbortController().signal,
    fence: async () => undefined,
    retryIn: (ms: number): never => {
      throw new Error(`retry in ${ms}`);
    },
  } satisfies JobContext;

  const post = (
    topic: string,
    body: unknown,
    options: { eventId?: string; hmac?: string; secret?: string | undefined } = {},
  ) => {
    const raw = JSON.stringify(body);
    const headers = webhookHeaders({
      secret: SECRET,
      topic,
      shop: SHOP,
      rawBody: raw,
      ...(options.eventId ? { eventId: options.eventId } : {}),
      ...(options.hmac ? { hmac: options.hmac } : {}),
    });
    return receiveShopifyWebhook(new Request("http://hub/webhooks/shopify", { method: "POST", headers, body: raw }), {
      db,
      secret: "secret" in options ? options.secret : SECRET,
    });
  };
  const runJobs = async () => {
    const handler = shopifyWebhookJob({ db, clientFor: (shop) => shopClient(db, encryptor, env, shop) });
    const jobs = await db.job.findMany({
      where: { kind: SHOPIFY_WEBHOOK_JOB, state: "queued" },
      orderBy: { id: "asc" },
    });
    for (const j of jobs) {
      await handler(j.payload, ctx);
      await db.job.update({ where: { id: j.id }, data: { state: "done" } });
    }
    return jobs.length;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    emulator = await startShopifyEmulator({ apiKey: KEY, apiSecret: SECRET });
    env.adminApiUrl = emulator.url;
    const company = await db.company.create({
      data: {
        rut: "76192083-9",
        businessName: "Comercial Prueba SpA",
        activity: "Venta al por menor",
        actecos: [479100],
        address: "Av. Siempre Viva 123",
        commune: "Santiago",
      },
    });
    companyId = company.id;
    const tokens = emulator.install(SHOP);
    ({ storeId } = await installShop(db, encryptor, {
      companyId,
      shop: SHOP,
      tokens: {
        accessToken: tokens.accessToken,
        scope: tokens.scope,
        expiresAt: tokens.expiresAt,
        refreshToken: tokens.refreshToken,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      },
      actor: "test",
    }));
  });
  afterAll(async () => {
    await db?.$disconnect();
    await emulator?.close();
    await database?.close();
  });
  beforeEach(() => {
    // The shop's current truth: the order is paid and its first line costs 250, whatever a webhook body says.
    emulator.shop(SHOP).orders.clear();
    emulator.shop(SHOP).putRestOrder({
      ...orderFixture.order,
      financial_status: "paid",
      refunds: [],
      email: "bob@example.cl",
      line_items: orderFixture.order.line_items.map((l, i) => (i === 0 ? { ...l, price: "250.00" } : l)),
    });
  });

  it("answers 401 to a wrong or missing HMAC, 405 to GET, 503 without the app secret, and stores nothing", async () => {
    expect((await post("orders/paid", orderFixture.order, { hmac: "bm90IHRoZSByaWdodCBobWFj" })).status).toBe(401);
    const raw = JSON.stringify(orderFixture.order);
    const noHmac = webhookHeaders({ secret: SECRET, topic: "orders/paid", shop: SHOP, rawBody: raw });
    delete (noHmac as Record<string, string | undefined>)["x-shopify-hmac-sha256"];
    expect(
      (
        await receiveShopifyWebhook(new Request("http://hub/w", { method: "POST", headers: noHmac, body: raw }), {
          db,
          secret: SECRET,
        })
      ).status,
    ).toBe(401);
    // One byte changed after signing (re-serialised JSON would do this too) breaks the signature.
    const signed = webhookHeaders({ secret: SECRET, topic: "orders/paid", shop: SHOP, rawBody: raw });
    expect(
      (
        await receiveShopifyWebhook(
          new Request("http://hub/w", { method: "POST", headers: signed, body: raw.replace("#1001", "#1002") }),
          { db, secret: SECRET },
        )
      ).status,
    ).toBe(401);
    expect(
      (await receiveShopifyWebhook(new Request("http://hub/w", { method: "GET" }), { db, secret: SECRET })).status,
    ).toBe(405);
    expect((await post("orders/paid", orderFixture.order, { secret: undefined })).status).toBe(503);
    expect(await db.inboxEvent.count()).toBe(0);
  });

  it("dedupes on X-Shopify-Event-Id and issues from the re-read order, not the (stale) body", async () => {
    const stale = { ...orderFixture.order, financial_status: "pending" };
    const started = Date.now();
    expect((await post("orders/paid", stale, { eventId: "e-1" })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000); // acknowledged fast: the work is a job
    const dup = await post("orders/paid", stale, { eventId: "e-1" });
    expect([dup.status, await dup.text()]).toEqual([200, "duplicate"]);
    expect(await db.inboxEvent.count({ where: { eventId: "e-1" } })).toBe(1);
    expect(await runJobs()).toBe(1);
    const order = await db.order.findUniqueOrThrow({
      where: { storeId_externalId: { storeId, externalId: "450789469" } },
    });
    expect(order.status).toBe("paid");
    expect((order.lines as Array<{ unitPrice: number }>)[0]!.unitPrice).toBe(250);
    expect((order.buyer as { email?: string }).email).toBe("bob@example.cl");
    expect(await db.job.count({ where: { kind: "order.process" } })).toBeGreaterThanOrEqual(1);
    expect((await db.inboxEvent.findFirstOrThrow({ where: { eventId: "e-1" } })).processedAt).not.toBeNull();
  });

  it("accepts topics in the library's storage form (ORDERS_PAID) as the slash form", async () => {
    await post("INVENTORY_LEVELS_UPDATE", { inventory_item_id: 1, available: 1 }, { eventId: "topic-1" });
    const event = await db.inboxEvent.findFirstOrThrow({ where: { eventId: "topic-1" } });
    expect(event.topic).toBe("inventory_levels/update");
    await db.job.deleteMany({ where: { kind: SHOPIFY_WEBHOOK_JOB, state: "queued" } });
  });

  it("records a refund once from refunds/create, as the core's refund (→ nota de crédito)", async () => {
    await post("refunds/create", refundFixture.refund, { eventId: "r-1" });
    await post("refunds/create", refundFixture.refund, { eventId: "r-1b" }); // a redelivery under a new event id
    await runJobs();
    const refunds = await db.refund.findMany({ where: { order: { storeId } } });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      externalId: "509562969",
      lines: [
        { externalId: "703073504", quantity: 1 },
        { externalId: "466157049", quantity: 1 },
      ],
    });
    expect(await db.job.count({ where: { kind: "refund.process" } })).toBe(1);
  });

  it("honours customers/data_request and customers/redact", async () => {
    await post(
      "customers/data_request",
      {
        shop_domain: SHOP,
        customer: { id: 1, email: "bob@example.cl" },
        orders_requested: [450789469],
        data_request: { id: 9 },
      },
      { eventId: "c-1" },
    );
    await runJobs();
    const exported = await db.auditEvent.findFirstOrThrow({ where: { action: "shopify.customer_data_export" } });
    expect(exported.data).toMatchObject({
      dataRequestId: "9",
      orders: [{ externalId: "450789469", buyer: { email: "bob@example.cl" } }],
    });

    await post(
      "customers/redact",
      { shop_domain: SHOP, customer: { id: 1, email: "bob@example.cl" }, orders_to_redact: [450789469] },
      { eventId: "c-2" },
    );
    await runJobs();
    const order = await db.order.findUniqueOrThrow({
      where: { storeId_externalId: { storeId, externalId: "450789469" } },
    });
    expect(order.buyer).not.toHaveProperty("email");
    expect(order.buyer).not.toHaveProperty("name");
    expect(order.buyer).toMatchObject({ redacted: true });
  });

  it("refreshes an expired offline token once for concurrent callers, storing the rotated pair", async () => {
    await db.session.update({ where: { id: offlineSessionId(SHOP) }, data: { expires: new Date(Date.now() - 1000) } });
    const before = await db.session.findUniqueOrThrow({ where: { id: offlineSessionId(SHOP) } });
    const grants = emulator.tokenRequests.length;
    const tokens = await Promise.all(Array.from({ length: 5 }, () => offlineAccessToken(db, encryptor, env, SHOP)));
    expect(new Set(tokens).size).toBe(1);
    expect(emulator.tokenRequests.length - grants).toBe(1);
    const after = await db.session.findUniqueOrThrow({ where: { id: offlineSessionId(SHOP) } });
    expect(openToken(encryptor, after.accessToken, ACCESS_TOKEN)).toBe(tokens[0]);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expires!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    // The token works against the Admin API.
    await expect(
      shopClient(db, encryptor, env, SHOP).request(`query TimbreLocations { locations(first: 50) { nodes { id } } }`),
    ).resolves.toBeTruthy();
  });

  // Two replicas (two connection pools) refreshing the same shop at once. PostgreSQL only: the embedded
  // PGlite serves one connection at a time, so a lock wait there cannot be exercised.
  it.skipIf(!process.env.TEST_DATABASE_URL)("serialises a refresh across replicas with an advisory lock", async () => {
    const other = createPrismaClient(database.url);
    try {
      await db.session.update({
        where: { id: offlineSessionId(SHOP) },
        data: { expires: new Date(Date.now() - 1000) },
      });
      const stale = openToken(
        encryptor,
        (await db.session.findUniqueOrThrow({ where: { id: offlineSessionId(SHOP) } })).accessToken,
        ACCESS_TOKEN,
      );
      const grants = emulator.tokenRequests.length;
      const [a, b] = await Promise.all([
        refreshOfflineTokenLocked(db, encryptor, env, SHOP, stale),
        refreshOfflineTokenLocked(other, encryptor, env, SHOP, stale),
      ]);
      expect(a).toBe(b);
      expect(emulator.tokenRequests.length - grants).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });

  it("the library's session storage hands out a refreshed offline session instead of letting the library race the jobs", async () => {
    bindHub({ db, encryptor } as unknown as Hub);
    Object.assign(process.env, {
      SHOPIFY_API_KEY: KEY,
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_ADMIN_API_URL: emulator.url,
    });
    await db.session.update({
      where: { id: offlineSessionId(SHOP) },
      data: { expires: new Date(Date.now() + 60_000) },
    });
    const storage = new HubSessionStorage();
    const grants = emulator.tokenRequests.length;
    const [a, b] = await Promise.all([
      storage.loadSession(offlineSessionId(SHOP)),
      storage.loadSession(offlineSessionId(SHOP)),
    ]);
    expect(emulator.tokenRequests.length - grants).toBe(1);
    expect(a!.accessToken).toBe(b!.accessToken);
    expect(a!.isExpired(5 * 60_000)).toBe(false);
  });

  describe("tokens at rest", () => {
    const raw = () => db.session.findUniqueOrThrow({ where: { id: offlineSessionId(SHOP) } });
    const expectSealed = (
      row: { accessToken: string; refreshToken: string | null },
      access: string,
      refresh: string,
    ) => {
      expect(row.accessToken).not.toContain(access);
      expect(row.refreshToken).not.toContain(refresh);
      expect(encryptor.decryptText(row.accessToken, ACCESS_TOKEN)).toBe(access);
      expect(encryptor.decryptText(row.refreshToken!, REFRESH_TOKEN)).toBe(refresh);
    };

    it("an install and a refresh leave no plain token in the Session row", async () => {
      const other = "sealed-shop.myshopify.com";
      const t = emulator.install(other);
      await installShop(db, encryptor, {
        companyId,
        shop: other,
        tokens: {
          accessToken: t.accessToken,
          scope: t.scope,
          expiresAt: new Date(Date.now() - 1000),
          refreshToken: t.refreshToken,
          refreshTokenExpiresAt: t.refreshTokenExpiresAt,
        },
        actor: "test",
      });
      const installed = await db.session.findUniqueOrThrow({ where: { id: offlineSessionId(other) } });
      expectSealed(installed, t.accessToken, t.refreshToken);
      // Bound to its column: the access token's ciphertext is not a refresh token.
      expect(() => encryptor.decryptText(installed.accessToken, REFRESH_TOKEN)).toThrow();

      const grants = emulator.tokenRequests.length;
      const fresh = await offlineAccessToken(db, encryptor, env, other);
      expect(emulator.tokenRequests.length - grants).toBe(1);
      expect(fresh).not.toBe(t.accessToken);
      const refreshed = await db.session.findUniqueOrThrow({ where: { id: offlineSessionId(other) } });
      const rotated = encryptor.decryptText(refreshed.refreshToken!, REFRESH_TOKEN);
      expect(rotated).not.toBe(t.refreshToken);
      expectSealed(refreshed, fresh, rotated);
      // The plain token it hands out is one Shopify accepts.
      await expect(
        shopClient(db, encryptor, env, other).request(
          `query TimbreLocations { locations(first: 50) { nodes { id } } }`,
        ),
      ).resolves.toBeTruthy();
    });

    it("a row stored in plain text before sealing still works and is sealed by its next refresh", async () => {
      const t = emulator.install(SHOP);
      await db.session.update({
        where: { id: offlineSessionId(SHOP) },
        data: { accessToken: t.accessToken, refreshToken: t.refreshToken, expires: new Date(Date.now() + 3_600_000) },
      });
      // Not expired: the plain token is handed out as it is.
      expect(await offlineAccessToken(db, encryptor, env, SHOP)).toBe(t.accessToken);
      await expect(
        shopClient(db, encryptor, env, SHOP).request(`query TimbreLocations { locations(first: 50) { nodes { id } } }`),
      ).resolves.toBeTruthy();
      expect((await raw()).accessToken).toBe(t.accessToken);

      await db.session.update({
        where: { id: offlineSessionId(SHOP) },
        data: { expires: new Date(Date.now() - 1000) },
      });
      const fresh = await offlineAccessToken(db, encryptor, env, SHOP);
      const row = await raw();
      expectSealed(row, fresh, encryptor.decryptText(row.refreshToken!, REFRESH_TOKEN));
      expect(encryptor.decryptText(row.refreshToken!, REFRESH_TOKEN)).not.toBe(t.refreshToken);
    });

    it("the library's session storage seals what it stores and hands the library plain tokens", async () => {
      bindHub({ db, encryptor } as unknown as Hub);
      const storage = new HubSessionStorage();
      const session = new Session({
        id: "online_lib-shop.myshopify.com_1",
        shop: "lib-shop.myshopify.com",
        state: "s",
        isOnline: true,
        accessToken: "shpua_library_access",
        refreshToken: "shprt_library_refresh",
        expires: new Date(Date.now() + 3_600_000),
      });
      await storage.storeSession(session);
      expect(session.accessToken).toBe("shpua_library_access");
      const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
      expectSealed(row, "shpua_library_access", "shprt_library_refresh");
      const loaded = await storage.loadSession(session.id);
      expect(loaded).toMatchObject({ accessToken: "shpua_library_access", refreshToken: "shprt_library_refresh" });
      const [found] = await storage.findSessionsByShop("lib-shop.myshopify.com");
      expect(found).toMatchObject({ accessToken: "shpua_library_access", refreshToken: "shprt_library_refresh" });
      // A row from before sealing reads back plain.
      await db.session.update({ where: { id: session.id }, data: { accessToken: "shpua_legacy", refreshToken: null } });
      expect((await storage.loadSession(session.id))?.accessToken).toBe("shpua_legacy");
      await storage.deleteSession(session.id);
    });
  });

  it("maps Shopify locations to warehouses: the store is fed by them and publishes to the chosen location", async () => {
    const [location] = await listShopLocations(shopClient(db, encryptor, env, SHOP));
    expect(location).toMatchObject({ id: emulator.shop(SHOP).defaultLocationId, name: "Bodega Santiago" });
    await db.warehouse.createMany({
      data: [
        { companyId, code: "STGO", name: "Santiago" },
        { companyId, code: "VALPO", name: "Valparaíso" },
      ],
    });
    await expect(
      saveLocationMapping(
        db,
        storeId,
        { publishLocationId: "999", warehouseByLocation: { [location!.id]: "STGO" } },
        "test",
      ),
    ).rejects.toMatchObject({ code: "shopify.location_unmapped" });
    const saved = await saveLocationMapping(
      db,
      storeId,
      {
        publishLocationId: `gid://shopify/Location/${location!.id}`,
        warehouseByLocation: { [location!.id]: "STGO", "123": "VALPO" },
      },
      "test",
    );
    expect(saved.locationId).toBe(location!.id);
    const feeds = await db.storeWarehouse.findMany({
      where: { storeId },
      include: { warehouse: true },
      orderBy: { priority: "asc" },
    });
    expect(feeds.map((f) => f.warehouse.code)).toEqual(["STGO", "VALPO"]);
    const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(readShopSettings(store.settings)).toMatchObject({
      locationId: location!.id,
      locations: { [location!.id]: "STGO", "123": "VALPO" },
    });
  });

  it("inventory_levels/update: our own write echoing back is ignored, a merchant's edit is logged and overwritten", async () => {
    const product = await db.product.create({ data: { companyId, key: "TAZA", name: "Taza" } });
    const variant = await db.productVariant.create({
      data: { companyId, productId: product.id, sku: "TAZA", name: "Taza", price: 5990 },
    });
    await db.storeVariant.create({ data: { storeId, variantId: variant.id, available: 5 } });
    await db.storeListing.create({
      data: {
        storeId,
        key: "9007199254740993/9007199254740995",
        sku: "TAZA",
        platformProductId: "9007199254740993",
        platformVariantId: "9007199254740995",
        inventoryItemId: "9007199254740997",
        title: "Taza",
        variantId: variant.id,
        status: "matched",
        publishedQuantity: 5,
      },
    });
    const level = (available: number, eventId: string) =>
      post(
        "inventory_levels/update",
        {
          inventory_item_id: 9007199254740997n.toString(),
          location_id: 487838322,
          available,
          updated_at: new Date().toISOString(),
        },
        { eventId },
      );
    await level(5, "inv-echo");
    await runJobs();
    expect(await db.auditEvent.count({ where: { action: "stock.store_edit_overwritten" } })).toBe(0);
    await level(2, "inv-edit");
    await runJobs();
    expect(await db.auditEvent.count({ where: { action: "stock.store_edit_overwritten" } })).toBe(1);
    expect(await db.job.count({ where: { kind: "stock.publish", state: "queued" } })).toBe(1);
  });

  it("the polling sweep ingests an order no webhook announced, and advances its cursor", async () => {
    const recent = new Date().toISOString();
    emulator.shop(SHOP).putRestOrder({
      ...orderFixture.order,
      id: 555000111222333444n.toString(),
      name: "#2002",
      financial_status: "paid",
      updated_at: recent,
      refunds: [],
    });
    const result = await pollShop({ db, clientFor: (shop) => shopClient(db, encryptor, env, shop) }, storeId);
    expect(result.ingested).toBeGreaterThanOrEqual(1);
    expect(
      await db.order.findUnique({ where: { storeId_externalId: { storeId, externalId: "555000111222333444" } } }),
    ).not.toBeNull();
    const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(Date.parse(readShopSettings(store.settings).pollCursor!)).toBe(Date.parse(recent));
  });

  it("app/uninstalled drops the tokens; shop/redact erases every buyer", async () => {
    await post("app/uninstalled", { id: 1, domain: SHOP }, { eventId: "u-1" });
    await runJobs();
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(readShopSettings(store.settings).uninstalledAt).toBeDefined();

    await post("shop/redact", { shop_id: 1, shop_domain: SHOP }, { eventId: "s-1" });
    await runJobs();
    const orders = await db.order.findMany({ where: { storeId } });
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) expect(o.buyer).not.toHaveProperty("email");
    expect(await db.auditEvent.count({ where: { action: "shopify.shop_redacted" } })).toBe(1);
  });

  it("a reinstall reconnects the store and re-reads the catalogue with a bulk operation", async () => {
    emulator.shop(SHOP).addProduct({
      title: "Chaleco",
      variants: [
        { sku: "CHAL-S", title: "S", available: 3 },
        { sku: "CHAL-M", title: "M", available: 1 },
      ],
    });
    // What token exchange leaves behind: a fresh offline session.
    const t = emulator.install(SHOP);
    await db.session.create({
      data: {
        id: offlineSessionId(SHOP),
        shop: SHOP,
        state: "",
        isOnline: false,
        scope: t.scope,
        expires: t.expiresAt,
        accessToken: t.accessToken,
        refreshToken: t.refreshToken,
        refreshTokenExpires: t.refreshTokenExpiresAt,
      },
    });
    expect(await reconnectShop(db, SHOP)).toBe(true);
    expect(await reconnectShop(db, "unknown.myshopify.com")).toBe(false);
    const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(readShopSettings(store.settings).uninstalledAt).toBeUndefined();
    const job = await db.job.findFirstOrThrow({ where: { kind: SHOPIFY_INITIAL_SYNC_JOB, state: "queued" } });
    const part = registerShopify({ db, encryptor, env });
    try {
      await part.handlers[SHOPIFY_INITIAL_SYNC_JOB]!(job.payload, ctx);
    } finally {
      part.unregister();
    }
    const listings = await db.storeListing.findMany({
      where: { storeId, sku: { in: ["CHAL-S", "CHAL-M"] } },
      orderBy: { sku: "asc" },
    });
    expect(listings.map((l) => [l.sku, l.inventoryItemId !== null])).toEqual([
      ["CHAL-M", true],
      ["CHAL-S", true],
    ]);
    expect(
      emulator.requests.filter((r) => r.shop === SHOP && r.operation.startsWith("TimbreBulk")).length,
    ).toBeGreaterThanOrEqual(3);
    expect(emulator.requests.filter((r) => r.shop === SHOP && r.operation === "TimbreVariants")).toEqual([]);
  });

  it("turns a paid order shipped to a Chilean address into a delivery for the zone's courier, once the store maps its methods", async () => {
    const chilean = {
      ...orderFixture.order,
      id: 820982911946154600,
      name: "#2001",
      financial_status: "paid",
      refunds: [],
      shipping_address: {
        name: "Ana Pérez",
        address1: "Av. Italia 1234",
        address2: "Depto 5",
        city: "Providencia",
        province: "Región Metropolitana",
        zip: "7500000",
        country_code: "CL",
        phone: "+56911112222",
      },
      shipping_lines: [{ ...orderFixture.order.shipping_lines[0], title: "Despacho propio" }],
    };
    emulator.shop(SHOP).putRestOrder(chilean);
    // Without mapped shipping methods the merchant does not deliver with Timbre: no delivery.
    await post("orders/paid", chilean, { eventId: "evt-delivery-1" });
    await runJobs();
    const order = await db.order.findFirstOrThrow({ where: { storeId, externalId: "820982911946154600" } });
    expect(await db.delivery.count({ where: { orderId: order.id } })).toBe(0);

    const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
    await saveShippingMethod(
      db,
      store,
      ShippingMethodInputSchema.parse({ method: "Despacho propio", mode: "own_courier" }),
      "test",
    );
    await saveZone(
      db,
      companyId,
      ZoneInputSchema.parse({
        name: "Oriente",
        comunas: ["Providencia"],
        rate: { kind: "flat", amount: 3990 },
        commission: { kind: "percent", percent: 40 },
      }),
      "test",
    );
    await saveCourier(
      db,
      companyId,
      CourierInputSchema.parse({
        name: "Pedro Soto",
        phone: "+56 9 1234 5678",
        zones: ["Oriente"],
        capacityPerDay: 10,
      }),
      "test",
    );
    await post("orders/updated", chilean, { eventId: "evt-delivery-2" });
    await runJobs();
    const delivery = await db.delivery.findUniqueOrThrow({ where: { orderId: order.id }, include: { courier: true } });
    expect(delivery).toMatchObject({ state: "assigned", mode: "own_courier", courier: { name: "Pedro Soto" } });
    expect(JSON.stringify(delivery)).toContain("Av. Italia 1234");
  });
});
