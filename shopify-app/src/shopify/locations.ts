import type { Db } from "@timbre/core/hub";
import { TimbreError, setStoreWarehouses } from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { LOCATIONS } from "./graphql-operations.js";
import { idString } from "./lossless-json.js";
import { updateShopSettings } from "./shop-settings.js";

/**
 * Locations ↔ warehouses. Each Shopify location is fed by one Timbre warehouse; the store then shows
 * the stock of those warehouses (core's setStoreWarehouses, in the order given, the publishing
 * location's first) and Timbre publishes the number to the publishing location. Shopify keeps
 * per-location quantities, but the catalog port carries one quantity per item, so only one location
 * is published to; the others are informational for now.
 */
export interface ShopLocation {
  id: string;
  name: string;
  isActive: boolean;
}

export async function listShopLocations(client: ShopifyGraphqlClient): Promise<ShopLocation[]> {
  const d = await client.request<{ locations: { nodes: Array<{ id: string; name: string; isActive: boolean }> } }>(
    LOCATIONS,
  );
  return d.locations.nodes.map((l) => ({ id: idString(l.id)!, name: l.name, isActive: l.isActive }));
}

export async function saveLocationMapping(
  db: Db,
  storeId: string,
  input: { publishLocationId: string; warehouseByLocation: Record<string, string> },
  actor: string,
): Promise<{ locationId: string; warehouses: string[] }> {
  const mapping = Object.fromEntries(
    Object.entries(input.warehouseByLocation).map(([loc, code]) => [idString(loc)!, code.trim()]),
  );
  const publish = idString(input.publishLocationId)!;
  if (!mapping[publish]) {
    throw new TimbreError(
      "shopify.location_unmapped",
      {
        es: "Asigne una bodega a la ubicación de Shopify donde se publica el stock.",
        en: "Map a warehouse to the Shopify location stock is published to.",
      },
      { fields: [{ field: "publishLocationId", message: "has no warehouse" }] },
    );
  }
  const codes = [...new Set([mapping[publish]!, ...Object.values(mapping)])];
  const result = await setStoreWarehouses(db, storeId, codes, actor);
  await updateShopSettings(db, storeId, { locationId: publish, locations: mapping });
  return { locationId: publish, warehouses: result.warehouses };
}
