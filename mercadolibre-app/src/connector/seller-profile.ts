import type { SellerProfile } from "../stock/catalog-port.js";
import type { MeliStore } from "./store-client.js";
import { sellerId } from "./store-client.js";

/** How the catalog port knows the seller: from what the install read (`/users/me` tags) and the settings. */
export async function sellerProfile(store: MeliStore): Promise<SellerProfile> {
  const s = await store.settings.read();
  const userId = s.userId ?? (await sellerId(store));
  if (!userId) throw new Error(`store ${store.id} is not connected to a Mercado Libre seller`);
  return { userId, multiWarehouse: s.multiWarehouse, warehouseStoreId: s.warehouseStoreId };
}
