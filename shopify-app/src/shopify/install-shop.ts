import type { Encryptor } from "@timbre/core/hub";
import type { Db } from "@timbre/core/hub";
import { createStore, recordAudit } from "@timbre/core/platform-parts";
import { offlineSessionId } from "./offline-token.js";
import { ACCESS_TOKEN, REFRESH_TOKEN, sealToken } from "./session-tokens.js";
import { updateShopSettings } from "./shop-settings.js";

/**
 * Connects a Shopify shop to a company: its Store row (platform shopify, shopDomain) and its offline
 * session (the tokens background work uses, sealed at rest). Idempotent: installing again refreshes the tokens and
 * clears an earlier uninstall.
 */
export interface OfflineTokens {
  accessToken: string;
  scope: string;
  expiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

export async function installShop(
  db: Db,
  encryptor: Encryptor,
  input: { companyId: string; shop: string; name?: string; tokens?: OfflineTokens; locationId?: string; actor: string },
): Promise<{ storeId: string; created: boolean }> {
  const shop = input.shop.trim().toLowerCase();
  let store = await db.store.findFirst({ where: { platform: "shopify", shopDomain: shop } });
  const created = !store;
  if (!store) {
    const made = await createStore(db, encryptor, {
      companyId: input.companyId,
      platform: "shopify",
      name: input.name ?? shop,
      shopDomain: shop,
      actor: input.actor,
    });
    store = await db.store.findUniqueOrThrow({ where: { id: made.id } });
  }
  if (input.tokens) {
    const t = input.tokens;
    const data = {
      shop,
      state: "",
      isOnline: false,
      scope: t.scope,
      expires: t.expiresAt,
      accessToken: sealToken(encryptor, t.accessToken, ACCESS_TOKEN),
      refreshToken: sealToken(encryptor, t.refreshToken, REFRESH_TOKEN),
      refreshTokenExpires: t.refreshTokenExpiresAt,
    };
    await db.session.upsert({
      where: { id: offlineSessionId(shop) },
      create: { id: offlineSessionId(shop), ...data },
      update: data,
    });
  }
  await updateShopSettings(db, store.id, {
    installedAt: new Date().toISOString(),
    uninstalledAt: undefined,
    ...(input.locationId ? { locationId: input.locationId } : {}),
  });
  if (created) {
    await recordAudit(db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "shopify.installed",
      actor: input.actor,
      data: { shop },
    });
  }
  return { storeId: store.id, created };
}
