import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../src/testing/session-token.js";
import { sendWebhook } from "../src/testing/webhook-sender.js";
import { startServer, timbre, type RunningServer } from "./start-server.js";

/**
 * The acceptance walk, from outside the hub as a checker would do it: `npm start` in demo mode with
 * the Shopify app's keys set, the demo shop installed; sign and post orders/paid (twice), a forged
 * one, then a refund; expect one boleta, one nota de crédito, a 401, and the folio on the order in
 * the Shopify emulator.
 */
const KEY = "demo-shopify-key";
const SECRET = "demo-shopify-secret";
const SHOP = "timbre-demo.myshopify.com";
// Above 2^53: JSON.parse would turn it into 820982911946154500.
const ORDER_ID = "820982911946154508";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../src/testing/fixtures", name), "utf8");

/** The fixture order as Shopify would send it for this shop: paid, with a big id written as a JSON number. */
function paidOrderBody(): string {
  const { order } = JSON.parse(fixture("rest-2026-07-order.json")) as { order: Record<string, unknown> };
  const body = {
    ...order,
    id: 1,
    admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`,
    financial_status: "paid",
    refunds: [],
    updated_at: new Date().toISOString(),
  };
  return JSON.stringify(body).replace('"id":1,', `"id":${ORDER_ID},`);
}

function refundBody(): string {
  const { refund } = JSON.parse(fixture("rest-2026-07-refund.json")) as { refund: Record<string, unknown> };
  return JSON.stringify({ ...refund, order_id: 1 }).replace('"order_id":1', `"order_id":${ORDER_ID}`);
}

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("Shopify demo shop, end to end (npm start with SHOPIFY_API_KEY/SECRET)", () => {
  let hub: RunningServer;
  let emulatorUrl: string;
  let storeId: string;
  const webhookUrl = () => `${hub.url}/webhooks/shopify`;

  beforeAll(async () => {
    hub = await startServer({ env: { SHOPIFY_API_KEY: KEY, SHOPIFY_API_SECRET: SECRET } });
    const m = /Emulador de Shopify \(tienda demo (\S+)\) en (http:\/\/\S+?);/.exec(hub.output());
    expect(m, hub.output()).not.toBeNull();
    expect(m![1]).toBe(SHOP);
    emulatorUrl = m![2]!;
  });
  afterAll(() => hub?.stop());

  it("lists the installed demo shop in `timbre store list --json`", () => {
    const stores = JSON.parse(timbre(["store", "list", "--json"], hub)) as Array<{
      id: string;
      platform: string;
      shopDomain: string;
    }>;
    const shopify = stores.filter((s) => s.platform === "shopify");
    expect(shopify).toEqual([expect.objectContaining({ shopDomain: SHOP })]);
    storeId = shopify[0]!.id;
  });

  it("opens the embedded admin with a session token: a new shop gets its tokens by token exchange with the emulator", async () => {
    const newShop = "nueva-tienda.myshopify.com";
    const open = (shop: string) =>
      fetch(
        `${hub.url}/app?embedded=1&shop=${shop}&host=${Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url")}&id_token=${signSessionToken({ apiKey: KEY, apiSecret: SECRET, shop })}`,
        {
          headers: {
            "user-agent":
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
          },
          redirect: "manual",
        },
      );
    const installed = await open(SHOP);
    expect(installed.status).toBe(200);
    expect(await installed.text()).toContain(KEY);
    const fresh = await open(newShop);
    expect(fresh.status, await fresh.clone().text()).toBe(200);
    const state = (await (await fetch(`${emulatorUrl}/_state`)).json()) as {
      tokenRequests: Array<{ grantType: string; shop: string }>;
    };
    expect(state.tokenRequests).toContainEqual({
      grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
      shop: newShop,
    });
    expect(state.tokenRequests.filter((t) => t.shop === SHOP)).toEqual([]);
    // A forged session token is refused (no exchange, no page).
    const forgedToken = signSessionToken({ apiKey: KEY, apiSecret: "not-the-secret", shop: newShop });
    const forged = await fetch(`${hub.url}/app?embedded=1&shop=${newShop}&id_token=${forgedToken}`, {
      headers: {
        "user-agent":
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
      },
      redirect: "manual",
    });
    expect(forged.status).not.toBe(200);
  });

  it("issues one boleta for orders/paid delivered twice, refuses a forged one, and a refund makes one nota de crédito", async () => {
    const paid = paidOrderBody();
    const first = await sendWebhook({
      url: webhookUrl(),
      secret: SECRET,
      topic: "orders/paid",
      shop: SHOP,
      body: paid,
      eventId: "evt-paid-1",
    });
    expect(first.status).toBe(200);
    const again = await sendWebhook({
      url: webhookUrl(),
      secret: SECRET,
      topic: "orders/paid",
      shop: SHOP,
      body: paid,
      eventId: "evt-paid-1",
    });
    expect(again.status).toBe(200);
    // Shopify also redelivers under a new event id sometimes: the core's idempotency still issues once.
    const redelivered = await sendWebhook({
      url: webhookUrl(),
      secret: SECRET,
      topic: "orders/paid",
      shop: SHOP,
      body: paid,
      eventId: "evt-paid-2",
    });
    expect(redelivered.status).toBe(200);
    const forged = await sendWebhook({
      url: webhookUrl(),
      secret: SECRET,
      topic: "orders/paid",
      shop: SHOP,
      body: paid,
      eventId: "evt-forged",
      forge: true,
    });
    expect(forged.status).toBe(401);

    // The folio lands on the order in the emulated shop.
    const written = await until("the folio on the Shopify order", async () => {
      const res = await fetch(`${emulatorUrl}/_state/orders/${ORDER_ID}`);
      if (!res.ok) return undefined;
      const state = (await res.json()) as {
        metafields: Array<{ namespace: string; key: string; value: string }>;
        tags: string[];
      };
      return state.metafields.some((m) => m.key === "folio") ? state : undefined;
    });
    const folio = written.metafields.find((m) => m.key === "folio")!.value;
    expect(Number(folio)).toBeGreaterThan(0);
    expect(written.metafields.find((m) => m.key === "tipo_dte")!.value).toBe("39");
    expect(written.metafields.find((m) => m.key === "pdf_url")!.value).toMatch(/^https?:\/\//);
    expect(written.tags).toContain(`Timbre Boleta ${folio}`);

    const refund = await sendWebhook({
      url: webhookUrl(),
      secret: SECRET,
      topic: "refunds/create",
      shop: SHOP,
      body: refundBody(),
      eventId: "evt-refund-1",
    });
    expect(refund.status).toBe(200);

    type View = { documents: Array<{ kind: string; type: number; folio: number }> };
    const view = await until("the nota de crédito", async () => {
      const v = JSON.parse(timbre(["orders", "show", ORDER_ID, "--store", storeId, "--json"], hub)) as View;
      return v.documents.some((d) => d.type === 61) ? v : undefined;
    });
    expect(view.documents.filter((d) => d.type === 39)).toEqual([expect.objectContaining({ folio: Number(folio) })]);
    expect(view.documents.filter((d) => d.type === 61)).toHaveLength(1);
  });

  it("accepts the shared fixtures posted as they are (REST answers, small ids, no event id)", async () => {
    const order = fixture("rest-2026-07-order.json");
    const send = (topic: string, body: string, forge = false) =>
      fetch(webhookUrl(), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": topic,
          "x-shopify-shop-domain": SHOP,
          "x-shopify-hmac-sha256": createHmac("sha256", forge ? "wrong" : SECRET)
            .update(body)
            .digest("base64"),
        },
        body,
      });
    expect((await send("orders/paid", order)).status).toBe(200);
    expect((await send("orders/paid", order)).status).toBe(200);
    expect((await send("orders/paid", order, true)).status).toBe(401);
    const state = await until("the folio on order 450789469", async () => {
      const res = await fetch(`${emulatorUrl}/_state/orders/450789469`);
      const body = (await res.json()) as { metafields: Array<{ key: string; value: string }> };
      return body.metafields.some((m) => m.key === "folio") ? body : undefined;
    });
    expect(state.metafields.find((m) => m.key === "tipo_dte")!.value).toBe("39");
    expect((await send("refunds/create", fixture("rest-2026-07-refund.json"))).status).toBe(200);
    type View = { documents: Array<{ type: number }> };
    const view = await until("the nota de crédito of 450789469", async () => {
      const v = JSON.parse(timbre(["orders", "show", "450789469", "--store", storeId, "--json"], hub)) as View;
      return v.documents.some((d) => d.type === 61) ? v : undefined;
    });
    expect(view.documents.filter((d) => d.type === 39)).toHaveLength(1);
    expect(view.documents.filter((d) => d.type === 61)).toHaveLength(1);
  });
});
