import { createHash } from "node:crypto";
import type { MagentoClient } from "../client/magento-client.js";
import type { MagentoStore } from "../store-client.js";
import { upsertProduct } from "./magento-catalog.js";

const PAGE = 100;

/**
 * "Sell online" in the hub decides what Magento has: each poll writes the products whose data
 * changed since the last publish (name, short name, description, weight, price, on or off) and
 * disables the ones no longer sold online. A digest per SKU keeps unchanged products free.
 */
export async function publishProducts(store: MagentoStore, client: MagentoClient): Promise<number> {
  const settings = await store.settings.read();
  const digests = { ...settings.productDigests };
  let written = 0;
  let after: string | undefined;
  for (;;) {
    const items = await store.catalog.items({ limit: PAGE, ...(after ? { after } : {}) });
    for (const item of items) {
      // A product never sold online is not created just to be disabled.
      if (!item.sellOnline && digests[item.sku] === undefined) continue;
      const digest = createHash("sha256")
        .update(
          JSON.stringify([item.name, item.shortName, item.description, item.weightGrams, item.price, item.sellOnline]),
        )
        .digest("hex")
        .slice(0, 16);
      if (digests[item.sku] === digest) continue;
      await upsertProduct(
        client,
        {
          sku: item.sku,
          name: item.name,
          shortName: item.shortName,
          description: item.description,
          ...(item.weightGrams !== undefined ? { weight: item.weightGrams / 1000 } : {}),
          price: item.price,
          imageUrls: item.imageUrls,
          sellOnline: item.sellOnline,
        },
        settings.websiteId,
      );
      digests[item.sku] = digest;
      written++;
    }
    if (items.length < PAGE) break;
    after = items[items.length - 1]!.sku;
  }
  if (written > 0) await store.settings.update(() => ({ productDigests: digests }));
  return written;
}
