import type { Store } from "@prisma/client";
import type { StoreCatalogPort } from "./catalog-port.js";

/**
 * Builds the catalog port of one store (credentials decrypted by the factory). Platform parts
 * register theirs when the hub starts; a platform without one (WooCommerce and PrestaShop pull
 * stock through GET /api/v1/stock) is simply not pushed to, and a factory returns undefined for a
 * store it cannot reach (the app was uninstalled there).
 */
export type CatalogAdapterFactory = (store: Store) => StoreCatalogPort | undefined;

export type CatalogAdapters = (store: Store) => StoreCatalogPort | undefined;

const factories = new Map<Store["platform"], CatalogAdapterFactory>();

/** Returns a function that undoes the registration (tests). */
export function registerCatalogAdapter(platform: Store["platform"], factory: CatalogAdapterFactory): () => void {
  factories.set(platform, factory);
  return () => {
    if (factories.get(platform) === factory) factories.delete(platform);
  };
}

export const registeredCatalogAdapters: CatalogAdapters = (store) => factories.get(store.platform)?.(store);
