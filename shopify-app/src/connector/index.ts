import { defineConnector } from "@timbre/core/platforms";

/**
 * Shopify on the platform kit (discovered through package.json "timbre.connector"). Shops are
 * installed by token exchange from the embedded admin, so `timbre store create` asks for nothing more.
 */
export default defineConnector(() => ({ id: "shopify", name: "Shopify" }));
