import type { Encryptor } from "@timbre/core/hub";
import type { Db } from "@timbre/core/hub";
import { installShop } from "../shopify/install-shop.js";
import { idString } from "../shopify/lossless-json.js";
import type { WebhookReceiverDeps } from "../shopify/webhook-receiver.js";
import orderFixture from "../testing/fixtures/rest-2026-07-order.json" with { type: "json" };
import { startShopifyEmulator, type ShopifyEmulator } from "../testing/shopify-emulator.js";

/**
 * The demo's Shopify shop: `timbre-demo.myshopify.com`, installed for the demo company and backed by
 * the Shopify emulator in this process (its Admin API, tokens and state), so a signed `orders/paid`
 * posted to /webhooks/shopify ends with a boleta and its folio written back on the emulated order
 * (`GET <emulator>/_state/orders/<id>`).
 *
 * Whoever posts webhooks for the demo shop plays Shopify: what an accepted `orders/*` or
 * `refunds/create` body says happened is mirrored into the emulated shop first, so the hub's
 * re-read through the Admin API finds the order as the webhook describes it.
 */
export const DEMO_SHOP = "timbre-demo.myshopify.com";

export interface ShopifyDemo {
  shop: string;
  storeId: string;
  emulator: ShopifyEmulator;
  onAccepted: NonNullable<WebhookReceiverDeps["onAccepted"]>;
  close(): Promise<void>;
}

export async function startShopifyDemo(
  db: Db,
  encryptor: Encryptor,
  input: { companyId: string; apiKey: string; apiSecret: string; port?: number },
): Promise<ShopifyDemo> {
  const emulator = await startShopifyEmulator({
    apiKey: input.apiKey,
    apiSecret: input.apiSecret,
    ...(input.port ? { port: input.port } : {}),
  });
  const shop = emulator.shop(DEMO_SHOP);
  // The fixture order's products, so the shop's catalogue and its first order agree.
  const order = orderFixture.order as unknown as Record<string, unknown>;
  const lines = order.line_items as Array<{ sku: string; name: string; price: string }>;
  shop.addProduct({
    title: "IPod Nano - 8gb",
    variants: lines.map((l) => ({ sku: l.sku, title: l.name.split(" - ").pop()!, price: l.price, available: 10 })),
  });
  shop.putRestOrder({ ...order, financial_status: "paid", refunds: [] });
  const tokens = emulator.install(DEMO_SHOP);
  const { storeId } = await installShop(db, encryptor, {
    companyId: input.companyId,
    shop: DEMO_SHOP,
    name: "Tienda demo Shopify",
    tokens: {
      accessToken: tokens.accessToken,
      scope: tokens.scope,
      expiresAt: tokens.expiresAt,
      refreshToken: tokens.refreshToken,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    },
    locationId: shop.defaultLocationId,
    actor: "demo",
  });
  return {
    shop: DEMO_SHOP,
    storeId,
    emulator,
    onAccepted({ topic, shop: domain, payload }) {
      if (domain !== DEMO_SHOP || !payload || typeof payload !== "object") return;
      const body = payload as Record<string, unknown>;
      if (topic.startsWith("orders/") && idString(body.id)) emulator.shop(DEMO_SHOP).putRestOrder(body);
      else if (topic === "refunds/create") emulator.shop(DEMO_SHOP).putRestRefund(body);
    },
    close: () => emulator.close(),
  };
}
