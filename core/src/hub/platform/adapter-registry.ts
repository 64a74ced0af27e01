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

/**
 * Where a store's adapter comes from when no factory was registered for its platform: the platform
 * kit's runtime (platforms/runtime), which asks the store's connector. Set when a hub opens; a slot
 * rather than an import, because the runtime imports the use cases that import this port.
 */
let kitFallback: CatalogAdapters | undefined;

/** Returns the undo (the hub closing). */
export function setKitCatalogAdapters(adapters: CatalogAdapters): () => void {
  kitFallback = adapters;
  return () => {
    if (kitFallback === adapters) kitFallback = undefined;
  };
}

export const registeredCatalogAdapters: CatalogAdapters = (store) =>
  factories.get(store.platform)?.(store) ?? (factories.has(store.platform) ? undefined : kitFallback?.(store));
