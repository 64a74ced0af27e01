import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { InboxEventView, StoreContext } from "@timbre/core/platforms";
import { prestashopConnector, type Credentials, type Settings } from "../connector/connector.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** The webservice answering with what the real shop answered (test/fixtures), and a log of requests. */
function recordedShop() {
  const requests: string[] = [];
  const routes: Record<string, string> = {
    "/api/orders/1": fixture("order-1.json"),
    "/api/customers/2": fixture("customer-2.json"),
    "/api/addresses/5": fixture("address-5.json"),
    "/api/carriers": fixture("carriers.json"),
    "/api/currencies": fixture("currencies.json"),
    "/api/order_states": fixture("order-states.json"),
    "/api/configurations": fixture("configurations.json"),
    "/api/timbre_orders": "[]",
    "/api/order_histories": JSON.stringify({
      order_histories: [{ id: 1, id_order_state: 1, date_add: "2026-12-01 13:41:11" }],
    }),
  };
  const fake: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? "GET"} ${url.pathname}`);
    expect(new Headers(init?.headers).get("authorization")).toBe(`Basic ${Buffer.from("KEY:").toString("base64")}`);
    const body = routes[url.pathname];
    return body === undefined
      ? new Response('{"errors":[{"message":"not found"}]}', { status: 404 })
      : new Response(body);
  };
  return { fake, requests };
}

function fakeStore() {
  const synced: string[] = [];
  const problems: string[] = [];
  const store = {
    id: "s1",
    companyId: "c1",
    platform: "prestashop",
    name: "Presta",
    shopDomain: "tienda.cl",
    shopId: null,
    installed: true,
    installedAt: null,
    uninstalledAt: null,
    settingsSnapshot: { url: "https://tienda.cl" },
    settings: { read: async () => ({ url: "https://tienda.cl" }), update: async () => ({ url: "https://tienda.cl" }) },
    credentials: {
      read: async () => ({ webserviceKey: "KEY" }),
      write: async () => {},
      fresh: async () => ({ webserviceKey: "KEY" }),
    },
    limiter: () => ({ acquire: async () => {} }),
    orders: {
      sync: async (id: string) => {
        synced.push(id);
        return { kind: "ingested", orderId: "o1", changed: true, status: "paid" };
      },
    },
    problems: { report: async (p: { message: string }) => void problems.push(p.message) },
  } as unknown as StoreContext<Credentials, Settings>;
  return { store, synced, problems };
}

const event = (topic: string, data: Record<string, unknown>): InboxEventView => ({
  id: "1",
  shop: "tienda.cl",
  eventId: "e1",
  topic,
  payload: { id: "e1", topic, shop: "tienda.cl", data },
  receivedAt: new Date(),
});

describe("the PrestaShop connector's glue", () => {
  it("an order event makes the hub read the order from the shop, never from the event", async () => {
    const { store, synced } = fakeStore();
    const c = prestashopConnector();
    const handler = c.topics!["order.state_changed"]!;
    await (typeof handler === "function" ? handler : handler.handle)(
      event("order.state_changed", { id_order: "7", paid: true }),
      store,
    );
    expect(synced).toEqual(["7"]);
  });

  it("reads an order through the webservice with the store's key, and tells the merchant what is off", async () => {
    const shop = recordedShop();
    const { store, problems } = fakeStore();
    const read = await prestashopConnector({ fetch: shop.fake }).readOrder!(store, "1");
    expect(read).toMatchObject({
      ok: true,
      order: { externalId: "1", status: "cancelled", buyer: { email: "pub@prestashop.com", guest: false } },
      delivery: { comuna: expect.any(String), shippingMethod: "My carrier" },
    });
    expect(problems.join(" ")).toMatch(/USD/);
    expect(shop.requests).toContain("GET /api/timbre_orders");
    expect(shop.requests.every((r) => r.startsWith("GET "))).toBe(true);
  });

  it("an order the shop does not have is not found, not an error", async () => {
    const shop = recordedShop();
    const { store } = fakeStore();
    expect(await prestashopConnector({ fetch: shop.fake }).readOrder!(store, "999")).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("refuses events that the store's key and secret did not sign", async () => {
    const c = prestashopConnector();
    const request = {
      method: "POST",
      url: new URL("http://hub/webhooks/prestashop"),
      headers: new Headers(),
      rawBody: Buffer.from("{}"),
    };
    const platform = { verifyStoreRequest: async () => null } as never;
    expect(await c.webhooks!.verify(request, platform)).toMatchObject({ rejected: 401 });
  });
});
