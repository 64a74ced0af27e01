import type { Db } from "@timbre/core/hub";
import { enqueue, recordAudit } from "@timbre/core/platform-parts";
import { readShopSettings, updateShopSettings } from "./shop-settings.js";

/** Job kind of the bulk catalogue read after an install (handler in register.ts). */
export const SHOPIFY_INITIAL_SYNC_JOB = "shopify.catalog.initial";

/**
 * After token exchange stored fresh tokens: a shop whose Store row was marked uninstalled is active
 * again, and its catalogue is re-read in bulk. Returns false when the shop has no Store yet.
 */
export async function reconnectShop(db: Db, shop: string): Promise<boolean> {
  const store = await db.store.findFirst({ where: { platform: "shopify", shopDomain: shop.toLowerCase() } });
  if (!store) return false;
  const settings = readShopSettings(store.settings);
  if (!settings.uninstalledAt) return true;
  await updateShopSettings(db, store.id, { uninstalledAt: undefined, installedAt: new Date().toISOString() });
  await enqueue(db, {
    kind: SHOPIFY_INITIAL_SYNC_JOB,
    payload: { storeId: store.id },
    dedupeKey: `${SHOPIFY_INITIAL_SYNC_JOB}:${store.id}`,
  });
  await recordAudit(db, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "store",
    subjectId: store.id,
    action: "shopify.reinstalled",
    actor: "shopify:auth",
    data: { shop },
  });
  return true;
}
