import type { Hub } from "@timbre/core/hub";
import { connectPluginStore, soleCompany } from "@timbre/core/platform-parts";
import { CONNECT_PREFIX, createConnectHandler } from "./connect.js";

/**
 * "Conectar con Timbre" mounted in the hosted server (shopify-app/src/server.ts) with the hub's
 * use cases. The kit's ConnectorRoute cannot carry it yet: its PlatformContext has no way to hand a
 * plugin the store's sync-API key and secret (`install` keeps only platform credentials); when it
 * does, this becomes the connector's `routes` entry and this file goes away.
 */
export function wooConnectRoute(
  hub: Pick<Hub, "db" | "encryptor">,
  options: { open: boolean; fetch?: typeof fetch },
): { prefix: string; handle: (request: Request) => Promise<Response> } {
  const handle = createConnectHandler({
    open: options.open,
    company: () => soleCompany(hub.db),
    async connect(companyId, shop) {
      const s = await connectPluginStore(hub.db, hub.encryptor, companyId, {
        platform: "woocommerce",
        shopDomain: shop.shopDomain,
        name: shop.name,
        credentials: { consumerKey: shop.consumerKey, consumerSecret: shop.consumerSecret },
        platformSettings: { url: shop.url },
        actor: "woocommerce.connect",
      });
      return { storeId: s.storeId, apiKey: s.apiKey, secret: s.secret };
    },
    mac: (value, purpose) => hub.encryptor.mac(value, purpose),
    verifyMac: (value, purpose, tag) => hub.encryptor.verifyMac(value, purpose, tag),
    now: () => Date.now(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { prefix: CONNECT_PREFIX, handle };
}
