/**
 * The Shopify part of the hub, as src/server.ts loads it (compiled to dist/). The Remix routes import
 * the same modules from source.
 */
export { readShopifyEnv, SHOPIFY_API_VERSION, SHOPIFY_SCOPES, type ShopifyEnv } from "./shopify/config.js";
export { bindHub, currentHub } from "./shopify/hub-handle.js";
export { registerShopify, SHOPIFY_INITIAL_SYNC_JOB, type ShopifyPart } from "./shopify/register.js";
export {
  receiveShopifyWebhook,
  verifyShopifyHmac,
  SHOPIFY_WEBHOOK_JOB,
  type WebhookReceiverDeps,
} from "./shopify/webhook-receiver.js";
export { installShop, type OfflineTokens } from "./shopify/install-shop.js";
export { offlineAccessToken, offlineSessionId } from "./shopify/offline-token.js";
export { startShopifyDemo, DEMO_SHOP, type ShopifyDemo } from "./demo/shopify-demo.js";
export { listShopLocations, saveLocationMapping, type ShopLocation } from "./shopify/locations.js";
export { readShopSettings, updateShopSettings, type ShopSettings } from "./shopify/shop-settings.js";
export { shopClient } from "./shopify/shop-client.js";
