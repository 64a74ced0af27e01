import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { logger } from "@timbre/core/hub";
import { readShopifyEnv, SHOPIFY_API_VERSION } from "../src/shopify/config.js";
import { HubSessionStorage } from "./shopify/session-storage";
import { reconnectShop } from "../src/shopify/reconnect-shop.js";
import { currentHub } from "../src/shopify/hub-handle.js";

/**
 * The Shopify app (embedded, Remix). Token exchange (no OAuth redirects: Shopify installs the app
 * with the scopes of shopify.app.toml) and expiring offline tokens, which public apps must use from
 * 2027-01-01 (research/platforms.md §1.3). The library refreshes a token it finds expired while
 * serving a request; background work refreshes through shopify/offline-token.ts, which serialises
 * refreshes per shop across processes so a rotated refresh token is never lost.
 */
export const shopifyEnv = readShopifyEnv();

export const apiVersion = ApiVersion.July26;
if (apiVersion !== SHOPIFY_API_VERSION)
  throw new Error("shopify/config.ts and shopify.server.ts disagree on the API version");

// Tests and the demo point the Admin API (token exchange, refresh, GraphQL) at the Shopify emulator.
// The library builds https://<shop>/admin/... URLs itself, so its fetch is redirected at that boundary.
const adminApiUrl = shopifyEnv.adminApiUrl;
if (adminApiUrl) {
  const original = abstractFetch;
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname.startsWith("/admin/")) {
      const target = new URL(`${adminApiUrl}${url.pathname}${url.search}`);
      const headers = new Headers(init?.headers);
      headers.set("x-shopify-shop-domain", url.host);
      return original(target.href, { ...init, headers });
    }
    return original(input, init);
  });
}

export const sessionStorage = new HubSessionStorage();

const shopify = shopifyApp({
  apiKey: shopifyEnv.apiKey,
  apiSecretKey: shopifyEnv.apiSecret,
  appUrl: shopifyEnv.appUrl,
  scopes: shopifyEnv.scopes,
  apiVersion,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  hooks: {
    // A shop that had Timbre before (uninstalled, then installed again) is reconnected to its store
    // and its catalogue re-read; a new shop is connected by the onboarding, once its company exists.
    afterAuth: async ({ session }) => {
      try {
        await reconnectShop(currentHub().db, session.shop);
      } catch (e) {
        logger.error({ err: e, shop: session.shop }, "shopify: could not reconnect the shop");
      }
    },
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  // The emulator serves shops on any domain the tests choose (e.g. timbre-demo.myshopify.com works as is).
  ...(adminApiUrl ? { customShopDomains: [/.*/] } : {}),
});

export default shopify;
export { shopify };
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
