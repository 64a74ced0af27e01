import { createHash } from "node:crypto";
import type { MagentoClient } from "../client/magento-client.js";
import type { MagentoStore } from "../store-client.js";
import { setGroupTierPrices } from "./magento-catalog.js";

/**
 * The hub's price lists on customer groups become the groups' tier prices in Magento. Run on every
 * poll; a group whose prices did not change since the last publish costs no request, and a group
 * whose list was removed gets its tier prices deleted.
 */
export async function publishGroupPrices(store: MagentoStore, client: MagentoClient): Promise<number> {
  const settings = await store.settings.read();
  const groups = await store.catalog.groupPrices();
  let published = 0;
  const skus = { ...settings.tierSkus };
  const digests = { ...settings.tierDigest };
  for (const g of groups) {
    const digest = createHash("sha256").update(JSON.stringify(g.prices)).digest("hex").slice(0, 16);
    if (digests[g.group] === digest) continue;
    await setGroupTierPrices(
      client,
      g.group,
      g.prices.map((p) => ({ ...p, customerGroup: g.group })),
      skus[g.group] ?? [],
    );
    skus[g.group] = g.prices.map((p) => p.sku);
    digests[g.group] = digest;
    published++;
  }
  for (const group of Object.keys(skus).filter((k) => !groups.some((g) => g.group === k))) {
    await setGroupTierPrices(client, group, [], skus[group] ?? []);
    delete skus[group];
    delete digests[group];
    published++;
  }
  if (published > 0) await store.settings.update(() => ({ tierSkus: skus, tierDigest: digests }));
  return published;
}
