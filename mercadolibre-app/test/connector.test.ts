import type { PlatformContext, StoreContext, VerifiedEvent, WebhookRejection } from "@timbre/core/platforms";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import connectorFactory from "../src/connector/index.js";
import { makeState, readState } from "../src/connector/oauth-routes.js";
import { resourceId } from "../src/connector/topics.js";

const APP_ID = "7980210790598964";
const env = { MERCADOLIBRE_APP_ID: APP_ID, MERCADOLIBRE_APP_SECRET: "s3cret" };
const connector = await connectorFactory({ env, publicUrl: "http://127.0.0.1:3999", role: "test" });

/** The hub-wide context as the webhook receiver hands it over: one connected seller. */
function platformWith(sellers: string[], logged: string[] = []): PlatformContext {
  let t = 1_000_000;
  return {
    platform: "mercadolibre",
    publicUrl: "http://127.0.0.1:3999",
    now: () => t,
    findStore: async (shop) => (sellers.includes(shop) ? ({ id: `store-${shop}` } as unknown as StoreContext) : null),
    getStore: async () => null,
    listStores: async () => [],
    install: async () => {
      throw new Error("not here");
    },
    enqueue: async () => undefined,
    soleCompanyId: async () => undefined,
    mac: (value, purpose) => createHmac("sha256", "k").update(`${purpose}\0${value}`).digest("base64url"),
    verifyMac(value, purpose, tag) {
      logged.push(value);
      return this.mac(value, purpose) === tag;
    },
    ...{
      tick(ms: number) {
        t += ms;
      },
    },
  } as PlatformContext;
}

const request = (body: string) => ({
  method: "POST",
  url: new URL("http://127.0.0.1:3999/mercadolibre/notifications"),
  headers: new Headers({ "content-type": "application/json" }),
  rawBody: Buffer.from(body),
});

const verify = (platform: PlatformContext, body: string) =>
  connector.webhooks!.verify(request(body), platform) as Promise<VerifiedEvent | WebhookRejection>;

describe("the Mercado Libre connector's declaration", () => {
  it("is registered as mercadolibre, asks nothing at store creation and starts with our buyer e-mail off", () => {
    expect(connector.id).toBe("mercadolibre");
    expect(Object.keys(connector.setup!.fields.shape)).toEqual([]);
    expect(connector.storeDefaults).toEqual({ emailBuyer: false });
    expect(connector.webhooks?.path).toBe("/mercadolibre/notifications");
    expect(Object.keys(connector.topics ?? {}).sort()).toEqual(["items", "orders_v2", "shipments"]);
    expect(connector.routes?.map((r) => r.prefix)).toEqual(["/mercadolibre/oauth"]);
  });
});

describe("notifications", () => {
  const body = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      _id: "0a1b2c",
      resource: "/orders/2000004912352524",
      user_id: 734908421,
      topic: "orders_v2",
      application_id: 7980210790598964,
      attempts: 1,
      sent: "2019-10-30T16:19:20.129Z",
      received: "2019-10-30T16:19:20.106Z",
      ...over,
    });

  it("names the seller and the event from ML's body, keeping ids beyond 2^53 exact", async () => {
    const e = (await verify(
      platformWith(["734908421"]),
      body({ user_id: "__BIG__" }).replace('"__BIG__"', "90071992547409931"),
    )) as VerifiedEvent;
    expect(e).toMatchObject({ shop: "90071992547409931", eventId: "0a1b2c", topic: "orders_v2" });
    const known = (await verify(platformWith(["734908421"]), body())) as VerifiedEvent;
    expect(known.payload).toMatchObject({ resource: "/orders/2000004912352524", user_id: "734908421" });
  });

  it("the same body without an _id is the same event; another resource is another", async () => {
    const p = platformWith(["734908421"]);
    const plain = JSON.parse(body()) as Record<string, unknown>;
    delete plain._id;
    const a = (await verify(p, JSON.stringify(plain))) as VerifiedEvent;
    const b = (await verify(p, JSON.stringify(plain))) as VerifiedEvent;
    const c = (await verify(p, JSON.stringify({ ...plain, resource: "/orders/2000004912352525" }))) as VerifiedEvent;
    expect(a.eventId).toBe(b.eventId);
    expect(c.eventId).not.toBe(a.eventId);
  });

  it("refuses what is not a notification of our application", async () => {
    const p = platformWith(["734908421"]);
    expect(await verify(p, "{not json")).toMatchObject({ rejected: 400 });
    expect(await verify(p, JSON.stringify({ topic: "orders_v2" }))).toMatchObject({ rejected: 400 });
    expect(await verify(p, body({ application_id: 1111 }))).toMatchObject({ rejected: 403 });
  });

  it("accepts a seller nobody connected (so ML stops retrying) without a store", async () => {
    const e = (await verify(platformWith([]), body())) as VerifiedEvent;
    expect(e.shop).toBe("734908421");
  });

  it("reads the resource id of each topic", () => {
    expect(resourceId("/orders/2000004912352524", "orders")).toBe("2000004912352524");
    expect(resourceId("/shipments/4321/items", "shipments")).toBe("4321");
    expect(resourceId("/items/MLC123456", "items")).toBe("MLC123456");
    expect(resourceId("/questions/1", "orders")).toBeUndefined();
  });
});

describe("OAuth state", () => {
  it("comes back to the store that asked, and only from the hub, for 30 minutes", () => {
    const p = platformWith([]) as PlatformContext & { tick(ms: number): void };
    const state = makeState(p as never, "6f1c2d3e-0000-4000-8000-000000000001");
    expect(readState(p as never, state)).toBe("6f1c2d3e-0000-4000-8000-000000000001");
    expect(readState(p as never, state.replace("6f1c", "7f1c"))).toBeUndefined();
    expect(readState(p as never, `${state}x`)).toBeUndefined();
    expect(readState(p as never, null)).toBeUndefined();
    p.tick(31 * 60_000);
    expect(readState(p as never, state)).toBeUndefined();
  });
});
