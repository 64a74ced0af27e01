import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/hub/config.js";
import { openHub, type Hub } from "../../src/hub/hub.js";
import { registeredCatalogAdapters } from "../../src/hub/platform/adapter-registry.js";
import type { StoreCatalogPort } from "../../src/hub/platform/catalog-port.js";
import { PlatformAccessRevoked } from "../../src/hub/platforms/access-revoked.js";
import type { AnyConnector, OrderRead } from "../../src/hub/platforms/connector.js";
import type { StoreContext } from "../../src/hub/platforms/context.js";
import { signHmac, verifyHmac } from "../../src/hub/platforms/hmac.js";
import { registerConnector } from "../../src/hub/platforms/registry.js";
import { createStore } from "../../src/hub/stores/create-store.js";
import { signRequest } from "../../src/hub/stores/request-signature.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

/**
 * The platform kit's runtime over a real database: what every connector relies on — settings and
 * credentials storage, the one unreadable-order rule, the webhook receiver and dispatcher, the
 * sweep with its cursor, uninstall, and the hub's jobs finding a connector's adapters.
 */
const Creds = z.object({ token: z.string(), refresh: z.string(), expiresAt: z.number(), hookSecret: z.string() });
type Creds = z.output<typeof Creds>;
const Settings = z.object({
  url: z.string().default(""),
  seen: z.array(z.string()).default([]),
  other: z.number().default(0),
});
type Settings = z.output<typeof Settings>;
type Store = StoreContext<Creds, Settings>;

/** What the fake platform answers, per order id. */
const platformOrders = new Map<string, OrderRead | "throw" | "zod">();
const topicCalls: Array<{ topic: string; store: string; payload: unknown }> = [];
const sweepCalls: Array<{ store: string; since: string | null }> = [];
let sweepFails = false;
let sweepRevoked = false;
const disconnects: string[] = [];
const catalogPort = {
  limits: { perSecond: 5, batchSize: 10, pageSize: 50, compareAndSet: false },
} as unknown as StoreCatalogPort;

function order(id: string, updatedAt: string) {
  return {
    externalId: id,
    status: "paid" as const,
    updatedAt,
    pricesIncludeTax: true,
    buyer: {},
    lines: [{ externalId: `${id}-1`, name: "Café", quantity: 1, unitPrice: 5_990, discount: 0, exempt: false }],
  };
}

const connector: AnyConnector = {
  id: "kitfake",
  name: "Kit Fake",
  credentials: Creds,
  settings: Settings,
  rateLimits: { perSecond: 50 },
  webhooks: {
    path: "/webhooks/kitfake",
    async verify(req, platform) {
      const shop = req.headers.get("x-shop") ?? "";
      const store = (await platform.findStore(shop)) as Store | null;
      const creds = store ? await store.credentials.read() : undefined;
      if (!creds || !verifyHmac(creds.hookSecret, req.rawBody, req.headers.get("x-signature")))
        return { rejected: 401, message: "firma inválida" };
      const payload = JSON.parse(req.rawBody.toString("utf8")) as { id: string };
      return { shop, eventId: req.headers.get("x-event-id") ?? "", topic: req.headers.get("x-topic") ?? "", payload };
    },
  },
  topics: {
    "order.updated": async (event, store) => {
      topicCalls.push({ topic: event.topic, store: store.id, payload: event.payload });
      await store.orders.sync((event.payload as { id: string }).id);
    },
    "app.revoked": async () => {
      throw new PlatformAccessRevoked("Kit Fake", "token revoked");
    },
  },
  sweep: {
    everyMs: 120_000,
    async run(store, since) {
      sweepCalls.push({ store: store.id, since });
      if (sweepRevoked) throw new PlatformAccessRevoked("Kit Fake");
      if (sweepFails) throw new Error("platform 503");
      return { cursor: `c${sweepCalls.length}` };
    },
  },
  async readOrder(_store, id) {
    const r = platformOrders.get(id);
    if (r === "throw") throw new Error("ECONNRESET");
    if (r === "zod")
      return { ok: true, order: { ...order(id, "2026-12-01T10:00:00Z"), lines: [] } } as unknown as OrderRead;
    return r ?? { ok: false, reason: "not_found" };
  },
  catalog: (store: Store) => (store.installed ? catalogPort : undefined),
  async disconnect(store) {
    disconnects.push(store.id);
  },
};

describe("platform kit runtime", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let companyId: string;
  let storeId: string;
  const unregister: Array<() => void> = [];

  beforeAll(async () => {
    unregister.push(registerConnector(connector));
    tdb = await createTestDatabase();
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_PUBLIC_URL: "https://hub.example" }), {
      role: "cli",
      migrate: false,
    });
    const company = await hub.db.company.create({
      data: {
        rut: "76192083-9",
        businessName: "Kit SpA",
        activity: "Venta",
        actecos: [479100],
        address: "A 1",
        commune: "Ñuñoa",
      },
    });
    companyId = company.id;
  });
  afterAll(async () => {
    unregister.forEach((u) => u());
    await hub?.close();
    await tdb?.close();
  });

  let storeKeys: { apiKey: string; secret: string };

  beforeEach(async () => {
    platformOrders.clear();
    topicCalls.length = 0;
    sweepCalls.length = 0;
    sweepFails = false;
    sweepRevoked = false;
    disconnects.length = 0;
    const s = await createStore(hub.db, hub.encryptor, {
      companyId,
      platform: "kitfake",
      name: "Tienda",
      shopDomain: `shop-${Math.random().toString(36).slice(2)}.example`,
      credentials: { token: "t1", refresh: "r1", expiresAt: 0, hookSecret: "hooksecret" },
      platformSettings: { url: "https://shop.example" },
      settings: { issueOn: "payment" },
      actor: "test",
    });
    storeId = s.id;
    storeKeys = { apiKey: s.apiKey, secret: s.secret };
  });

  const platform = () => hub.platforms.platform("kitfake");
  const store = async () => (await platform().getStore(storeId)) as Store;
  const row = () => hub.db.store.findUniqueOrThrow({ where: { id: storeId } });
  const jobs = (kind: string) => hub.db.job.findMany({ where: { kind }, orderBy: { id: "asc" } });

  it("settings: concurrent read-modify-writes keep each other's keys and the keys of others", async () => {
    const s = await store();
    expect(s.settingsSnapshot).toEqual({ url: "https://shop.example", seen: [], other: 0 });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => s.settings.update((cur) => ({ seen: [...cur.seen, `e${i}`] }))),
    );
    await s.settings.update(() => ({ other: 7 }));
    const now = await s.settings.read();
    expect([...now.seen].sort()).toEqual(["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"]);
    expect(now.other).toBe(7);
    const all = (await row()).settings as Record<string, unknown>;
    expect(all.issueOn).toBe("payment");
    await expect(s.settings.update(() => ({ other: "x" as unknown as number }))).rejects.toThrow();
  });

  it("credentials: sealed at rest; concurrent fresh() refreshes once and re-checks after waiting", async () => {
    const s = await store();
    expect((await row()).credentials).not.toContain("hooksecret");
    let refreshes = 0;
    const fresh = () =>
      s.credentials.fresh({
        isFresh: (c) => c.expiresAt > Date.now(),
        refresh: async (c) => {
          refreshes++;
          await new Promise((r) => setTimeout(r, 50));
          return { ...c, token: `t${refreshes + 1}`, refresh: `r${refreshes + 1}`, expiresAt: Date.now() + 3_600_000 };
        },
      });
    const got = await Promise.all([fresh(), fresh(), fresh()]);
    expect(refreshes).toBe(1);
    expect(new Set(got.map((c) => c.token))).toEqual(new Set(["t2"]));
    // Fresh now: no refresh at all.
    await fresh();
    expect(refreshes).toBe(1);
    // Another context (another replica's view) forcing it refreshes exactly once more.
    await (
      await store()
    ).credentials.fresh({ isFresh: () => true, refresh: async (c) => ({ ...c, token: "forced" }), force: true });
    expect((await s.credentials.read())?.token).toBe("forced");
  });

  it("orders: ingested and newer wins; unreadable is a problem the merchant sees, never a retry; a good read clears it", async () => {
    const s = await store();
    platformOrders.set("100", { ok: true, order: order("100", "2026-12-01T10:00:00Z") });
    expect(await s.orders.sync("100")).toMatchObject({ kind: "ingested", changed: true, status: "paid" });
    expect(await s.orders.sync("100")).toMatchObject({ kind: "ingested", changed: false });
    expect(await s.orders.sync("404")).toEqual({ kind: "not_found" });

    platformOrders.set("200", { ok: false, reason: "unreadable", message: "line_items missing" });
    expect(await s.orders.sync("200")).toMatchObject({ kind: "unreadable" });
    // A mapping that does not pass our schema is unreadable too, not an error to retry ten times.
    platformOrders.set("300", "zod");
    expect(await s.orders.sync("300")).toMatchObject({ kind: "unreadable", message: expect.stringContaining("lines") });
    const problems = await s.problems.list();
    expect(problems.map((p) => [p.code, p.orderExternalId])).toEqual([
      ["order.unreadable", "300"],
      ["order.unreadable", "200"],
    ]);
    expect(problems[0]!.message).toMatch(/No pudimos leer el pedido 300/);
    // Reading it again does not open a second problem.
    await s.orders.sync("200");
    expect(await s.problems.list()).toHaveLength(2);
    const audits = await hub.db.auditEvent.count({ where: { storeId, action: "kitfake.problem" } });
    expect(audits).toBe(2);

    platformOrders.set("200", { ok: true, order: order("200", "2026-12-01T11:00:00Z") });
    expect(await s.orders.sync("200")).toMatchObject({ kind: "ingested" });
    expect((await s.problems.list()).map((p) => p.orderExternalId)).toEqual(["300"]);

    // A network failure is thrown: the job that called it retries.
    platformOrders.set("500", "throw");
    await expect(s.orders.sync("500")).rejects.toThrow("ECONNRESET");
  });

  it("orders: a paid order's shipping address becomes its delivery when the store maps its methods", async () => {
    const s = await store();
    await s.shipping!.save({ method: "*", mode: "carrier", carrier: "Starken" });
    const address = {
      name: " Ana  Pérez ",
      line1: "Av. Providencia 1234",
      line2: "",
      comuna: "Providencia",
      region: "Región Metropolitana",
      phone: "+56911111111",
      shippingMethod: "flatrate_flatrate",
    };
    platformOrders.set("800", { ok: true, order: order("800", "2026-12-01T12:00:00Z"), delivery: address });
    expect(await s.orders.sync("800")).toMatchObject({ kind: "ingested", status: "paid" });
    const deliveries = await hub.db.delivery.findMany({ where: { storeId }, include: { order: true } });
    expect(deliveries.map((d) => [d.order.externalId, d.mode, d.carrier])).toEqual([["800", "carrier", "Starken"]]);
    expect((await s.problems.list()).filter((p) => p.code === "order.delivery")).toEqual([]);
  });

  it("webhooks: raw body verified, inbox row and job in one go, duplicates dropped, the dispatcher calls the topic", async () => {
    const s = await store();
    const route = hub.platforms.routes().find((r) => r.prefix === "/webhooks/kitfake")!;
    expect(route).toBeDefined();
    const body = JSON.stringify({ id: "700", note: "ñandú\u0000" });
    const post = (signature: string, eventId = "ev-1") =>
      route.handle(
        new Request("https://hub.example/webhooks/kitfake", {
          method: "POST",
          headers: {
            "x-shop": s.shopDomain!,
            "x-signature": signature,
            "x-event-id": eventId,
            "x-topic": "order.updated",
          },
          body,
        }),
      );
    expect((await post(signHmac("wrong", body))).status).toBe(401);
    const ok = await post(signHmac("hooksecret", body));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, duplicate: false });
    expect(await (await post(signHmac("hooksecret", body))).json()).toEqual({ ok: true, duplicate: true });
    expect((await hub.db.inboxEvent.findMany({ where: { platform: "kitfake", shop: s.shopDomain! } })).length).toBe(1);
    const queued = await jobs("platform.event");
    expect(queued.length).toBeGreaterThan(0);

    platformOrders.set("700", { ok: true, order: order("700", "2026-12-01T10:00:00Z") });
    await hub.platforms.jobHandlers()["platform.event"]!(queued.at(-1)!.payload, undefined as never);
    expect(topicCalls).toEqual([{ topic: "order.updated", store: s.id, payload: { id: "700", note: "ñandú" } }]);
    expect(await hub.db.order.count({ where: { storeId: s.id, externalId: "700" } })).toBe(1);
    const inbox = await hub.db.inboxEvent.findFirstOrThrow({ where: { platform: "kitfake", shop: s.shopDomain! } });
    expect(inbox.processedAt).not.toBeNull();
  });

  it("a revoked token in a topic uninstalls the store", async () => {
    const s = await store();
    const route = hub.platforms.routes().find((r) => r.prefix === "/webhooks/kitfake")!;
    const body = JSON.stringify({ id: "x" });
    await route.handle(
      new Request("https://hub.example/webhooks/kitfake", {
        method: "POST",
        headers: {
          "x-shop": s.shopDomain!,
          "x-signature": signHmac("hooksecret", body),
          "x-event-id": "rv",
          "x-topic": "app.revoked",
        },
        body,
      }),
    );
    const job = (await jobs("platform.event")).at(-1)!;
    await hub.platforms.jobHandlers()["platform.event"]!(job.payload, undefined as never);
    const after = await store();
    expect(after.installed).toBe(false);
    expect((await row()).credentials).toBeNull();
    expect(disconnects).toEqual([]); // the platform knows
  });

  it("sweep: runs from the persisted cursor, saves the next one, records failures and schedules the next run", async () => {
    const sweep = hub.platforms.jobHandlers()["platform.sweep"]!;
    await sweep({ storeId }, undefined as never);
    await sweep({ storeId }, undefined as never);
    expect(sweepCalls.filter((c) => c.store === storeId).map((c) => c.since)).toEqual([null, "c1"]);
    sweepFails = true;
    await sweep({ storeId }, undefined as never); // completes: the next run is on schedule, not a retry loop
    const kit = ((await row()).settings as Record<string, { sweep: { cursor: string; lastError: string } }>)._platform!;
    expect(kit.sweep).toMatchObject({ cursor: "c2", lastError: "platform 503" });
    const next = (await jobs("platform.sweep")).filter((j) => (j.payload as { storeId: string }).storeId === storeId);
    expect(next).toHaveLength(1);
    expect(next[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + 100_000);

    sweepFails = false;
    sweepRevoked = true;
    await sweep({ storeId }, undefined as never);
    expect((await store()).installed).toBe(false);
    const calls = sweepCalls.length;
    await sweep({ storeId }, undefined as never);
    expect(sweepCalls.length).toBe(calls); // an uninstalled store is not swept
  });

  it("uninstall from Timbre: disconnect first, credentials forgotten, sweep dropped, audited once; orders kept", async () => {
    const s = await store();
    platformOrders.set("900", { ok: true, order: order("900", "2026-12-01T10:00:00Z") });
    await s.orders.sync("900");
    await hub.platforms.jobHandlers()["platform.sweep"]!({ storeId }, undefined as never);
    await s.uninstall({ actor: "merchant@example.cl", platformKnows: false });
    await s.uninstall({ actor: "merchant@example.cl", platformKnows: false });
    expect(disconnects).toEqual([storeId]);
    expect((await row()).credentials).toBeNull();
    expect(await hub.db.job.count({ where: { dedupeKey: `platform.sweep:${storeId}`, state: "queued" } })).toBe(0);
    expect(await hub.db.auditEvent.count({ where: { storeId, action: "kitfake.uninstalled" } })).toBe(1);
    expect(await hub.db.order.count({ where: { storeId } })).toBe(1);
  });

  it("install: creates the store or converges on it, reinstalls an uninstalled one, refuses another company's shop", async () => {
    const p = platform();
    const input = {
      companyId,
      shopDomain: "oauth.example",
      name: "OAuth",
      credentials: { token: "a", refresh: "b", expiresAt: 1, hookSecret: "h" },
      actor: "oauth",
    };
    const first = await p.install(input);
    expect(first).toMatchObject({ created: true, reinstalled: false });
    expect(first.store.installed).toBe(true);
    expect(await hub.db.job.count({ where: { dedupeKey: `platform.sweep:${first.store.id}` } })).toBe(1);
    expect(await p.install(input)).toMatchObject({ created: false, reinstalled: false });
    await first.store.uninstall({ actor: "platform", platformKnows: true });
    const again = await p.install({ ...input, credentials: { ...input.credentials, token: "new" } });
    expect(again).toMatchObject({ created: false, reinstalled: true });
    expect(again.store.installed).toBe(true);
    expect(((await again.store.credentials.read()) as Creds | undefined)?.token).toBe("new");
    const other = await hub.db.company.create({
      data: {
        rut: "11111111-1",
        businessName: "Otra",
        activity: "V",
        actecos: [479100],
        address: "B 2",
        commune: "Ñuñoa",
      },
    });
    await expect(p.install({ ...input, companyId: other.id })).rejects.toMatchObject({ code: "platform.shop_taken" });
  });

  it("the hub's stock jobs find the connector's catalog adapter through the registry", async () => {
    const r = await row();
    expect(registeredCatalogAdapters(r)).toBe(catalogPort);
    await (await store()).uninstall({ actor: "t", platformKnows: true });
    expect(registeredCatalogAdapters(await row())).toBeUndefined();
  });

  it("a plugin's request signed with the store's sync-API key and secret finds its store; a bad or stale one does not", async () => {
    const url = new URL("https://hub.example/kitfake/events?x=1");
    const rawBody = Buffer.from(JSON.stringify({ event: "order.updated", id: "1" }));
    const signed = (secret: string, timestamp?: number) => {
      const h = signRequest(secret, { method: "POST", target: "/kitfake/events?x=1", body: rawBody, timestamp });
      return new Headers({
        authorization: `Bearer ${storeKeys.apiKey}`,
        "x-timbre-timestamp": h["x-timbre-timestamp"],
        "x-timbre-signature": h["x-timbre-signature"],
      });
    };
    const verify = platform().verifyStoreRequest!;
    expect((await verify({ method: "POST", url, headers: signed(storeKeys.secret), rawBody }))?.id).toBe(storeId);
    expect(await verify({ method: "POST", url, headers: signed("not-the-secret"), rawBody })).toBeNull();
    const stale = Math.floor(Date.now() / 1000) - 3_600;
    expect(await verify({ method: "POST", url, headers: signed(storeKeys.secret, stale), rawBody })).toBeNull();
    // The signature covers the path: moved to another one, it does not verify.
    const moved = new URL("https://hub.example/kitfake/other?x=1");
    expect(await verify({ method: "POST", url: moved, headers: signed(storeKeys.secret), rawBody })).toBeNull();
  });
});
