import { z } from "zod";

/**
 * The Admin API version every call (GraphQL client, webhooks in shopify.app.toml) is pinned to.
 * 2026-07: `changeFromQuantity` is mandatory on inventorySetQuantities (2026-04+) and the webhook
 * fixtures in shared/fixtures/shopify are REST 2026-07 payloads. Change it here and in the TOML together.
 */
export const SHOPIFY_API_VERSION = "2026-07";

/** Scopes the features need; the same list as `[access_scopes]` in shopify.app.toml. */
export const SHOPIFY_SCOPES = [
  "read_orders",
  "write_orders",
  "read_all_orders",
  "read_products",
  "write_products",
  "read_inventory",
  "write_inventory",
  "read_locations",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "read_fulfillments",
  "write_fulfillments",
  "read_customers",
  "read_metaobjects",
] as const;

const EnvSchema = z.object({
  SHOPIFY_API_KEY: z.string().trim().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().trim().min(1).optional(),
  SHOPIFY_APP_URL: z.url().optional(),
  SCOPES: z.string().trim().min(1).optional(),
  /**
   * Where Admin API calls go instead of https://<shop>: the Shopify emulator in tests and the demo.
   * GraphQL goes to `<base>/admin/api/<version>/graphql.json`, token calls to `<base>/admin/oauth/...`.
   */
  SHOPIFY_ADMIN_API_URL: z.url().optional(),
  PORT: z.string().optional(),
});

export interface ShopifyEnv {
  /** False when the app's credentials are missing: Shopify routes answer 503, the rest of the hub runs. */
  configured: boolean;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  adminApiUrl: string | undefined;
}

export function readShopifyEnv(env: NodeJS.ProcessEnv = process.env): ShopifyEnv {
  const e = EnvSchema.parse(env);
  const configured = Boolean(e.SHOPIFY_API_KEY && e.SHOPIFY_API_SECRET);
  return {
    configured,
    // Placeholders keep shopifyApp() constructible when the hub runs without Shopify (CLI, other platforms).
    apiKey: e.SHOPIFY_API_KEY ?? "timbre-shopify-not-configured",
    apiSecret: e.SHOPIFY_API_SECRET ?? "timbre-shopify-not-configured",
    appUrl: e.SHOPIFY_APP_URL ?? `http://localhost:${e.PORT && e.PORT !== "0" ? e.PORT : "3000"}`,
    scopes: e.SCOPES
      ? e.SCOPES.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [...SHOPIFY_SCOPES],
    adminApiUrl: e.SHOPIFY_ADMIN_API_URL?.replace(/\/+$/, ""),
  };
}

/** The Admin API origin for a shop: the emulator when configured, else the shop itself. */
export function adminOrigin(shop: string, env: Pick<ShopifyEnv, "adminApiUrl"> = readShopifyEnv()): string {
  return env.adminApiUrl ?? `https://${shop}`;
}
