import type { StoreContext } from "@timbre/core/platforms";
import { MagentoApiError, MagentoClient, type MagentoCredentials } from "./client/magento-client.js";
import type { MagentoSettings } from "./settings.js";

export type MagentoStore = StoreContext<MagentoCredentials, MagentoSettings>;

export const LIMITS = { inventoryBatchSize: 50, pageSize: 100, perSecond: 10, compareAndSet: false } as const;

/** The store's REST client, paced by its limiter. Throws when the store has no credentials (uninstalled). */
export async function clientFor(store: MagentoStore): Promise<MagentoClient> {
  const credentials = await store.credentials.read();
  if (!credentials) throw new MagentoApiError(401, "the store has no Magento credentials", "credentials");
  const settings = await store.settings.read();
  const limiter = store.limiter(LIMITS);
  return new MagentoClient({ url: settings.url, credentials, beforeRequest: () => limiter.acquire() });
}
