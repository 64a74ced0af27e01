export { startShopifyEmulator, type ShopifyEmulator, type ShopifyEmulatorOptions } from "./shopify-emulator.js";
export { ShopState } from "./emulator-state.js";
export { sendWebhook, shopifyHmac, webhookHeaders } from "./webhook-sender.js";
export { signSessionToken, verifySessionToken } from "./session-token.js";
