import { createHash } from "node:crypto";
import { MagentoApiError, type MagentoClient } from "../client/magento-client.js";
import type { MagentoStore } from "../store-client.js";
import { upsertProduct } from "./magento-catalog.js";
import { fetchImage, replaceImages, type ImageFetch } from "./publish-images.js";

const PAGE = 100;

/**
 * "Sell online" in the hub decides what Magento has: each poll writes the products whose data
 * changed since the last publish (name, short name, description, weight, price, on or off) and
 * disables the ones no longer sold online. A digest per SKU keeps unchanged products free; the
 * gallery is replaced only when the hub's image list changed. Returns the SKUs created in Magento
 * (their stock is published next).
 */
export async function publishProducts(
  store: MagentoStore,
  client: MagentoClient,
  download: ImageFetch = fetchImage,
): Promise<{ written: number; created: string[] }> {
  const settings = await store.settings.read();
  const digests = { ...settings.productDigests };
  const images = { ...settings.productImages };
  const created: string[] = [];
  let written = 0;
  let after: string | undefined;
  for (;;) {
    const items = await store.catalog.items({ limit: PAGE, ...(after ? { after } : {}) });
    for (const item of items) {
      // A product never sold online is not created just to be disabled.
      if (!item.sellOnline && digests[item.sku] === undefined) continue;
      const digest = createHash("sha256")
        .update(
          JSON.stringify([
            item.name,
            item.shortName,
            item.description,
            item.weightGrams,
            item.price,
            item.sellOnline,
            item.imageUrls,
          ]),
        )
        .digest("hex")
        .slice(0, 16);
      if (digests[item.sku] === digest) continue;
      try {
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
      } catch (e) {
        if (!(e instanceof MagentoApiError) || e.retryable) throw e;
        // One product Magento refuses does not hold back the others (nor the poll's orders).
        await store.problems.report({
          code: `magento_product:${item.sku}`,
          message: `Magento no aceptó el producto ${item.sku}: ${e.detail}`,
        });
        continue;
      }
      await store.problems.resolve(`magento_product:${item.sku}`);
      if (digests[item.sku] === undefined) created.push(item.sku);
      written++;
      const had = images[item.sku] ?? [];
      if (item.sellOnline && JSON.stringify(had) !== JSON.stringify(item.imageUrls)) {
        try {
          await replaceImages(client, item.sku, item.name, item.imageUrls, download);
          images[item.sku] = item.imageUrls;
          await store.problems.resolve(`magento_image:${item.sku}`);
        } catch (e) {
          if (e instanceof MagentoApiError && e.retryable) throw e;
          // Not recorded as published: the next poll tries again; the merchant sees why meanwhile.
          await store.problems.report({
            code: `magento_image:${item.sku}`,
            message: `No se pudo publicar en Magento la imagen del producto ${item.sku}: ${(e as Error).message}`,
          });
          continue;
        }
      }
      digests[item.sku] = digest;
    }
    if (items.length < PAGE) break;
    after = items[items.length - 1]!.sku;
  }
  if (written > 0) await store.settings.update(() => ({ productDigests: digests, productImages: images }));
  return { written, created };
}
