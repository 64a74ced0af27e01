import type { Hub } from "@timbre/core/hub";
import {
  groupPriceLists,
  storeCatalogItems,
  ingestOrder,
  NormalizedOrderSchema,
  recordRefund,
  RateLimiter,
} from "@timbre/core/platform-parts";
import type { Prisma } from "@prisma/client";
import { MagentoSettingsSchema, type MagentoSettings } from "../../../connector/settings.js";
import { MagentoCredentialsSchema } from "../../../connector/client/magento-client.js";
import type { MagentoStore } from "../../../connector/store-client.js";

/**
 * The members of the kit's StoreContext the Magento connector uses, over the hub's database, for
 * this suite until the kit's own context lands on main: settings and credentials as core stores them
 * (Store.settings.magento, encrypted credentials), the order rule (ingest) and refunds.
 */
export async function magentoStoreContext(hub: Hub, storeId: string): Promise<MagentoStore> {
  const row = await hub.db.store.findUniqueOrThrow({ where: { id: storeId } });
  const all = () =>
    hub.db.store
      .findUniqueOrThrow({ where: { id: storeId } })
      .then((s) => (s.settings ?? {}) as Record<string, unknown>);
  const read = async (): Promise<MagentoSettings> => MagentoSettingsSchema.parse((await all()).magento ?? {});
  const limiter = new RateLimiter({ perSecond: 20 });
  const ctx = {
    id: row.id,
    companyId: row.companyId,
    platform: row.platform,
    name: row.name,
    shopDomain: row.shopDomain,
    shopId: row.shopId,
    installed: true,
    installedAt: null,
    uninstalledAt: null,
    settingsSnapshot: await read(),
    settings: {
      read,
      async update(change: (s: MagentoSettings) => Partial<MagentoSettings>) {
        const current = await read();
        const next = { ...current, ...change(current) };
        await hub.db.store.update({
          where: { id: storeId },
          data: { settings: { ...(await all()), magento: next } as Prisma.InputJsonObject },
        });
        return next;
      },
    },
    credentials: {
      async read() {
        const s = await hub.db.store.findUniqueOrThrow({ where: { id: storeId } });
        return s.credentials
          ? MagentoCredentialsSchema.parse(JSON.parse(hub.encryptor.decryptText(s.credentials, "store.credentials")))
          : undefined;
      },
    },
    limiter: () => limiter,
    catalog: {
      groupPrices: () => groupPriceLists(hub.db, storeId),
      items: (o: { after?: string; limit: number }) => storeCatalogItems(hub.db, row, o),
    },
    orders: {
      async receive(_externalId: string, read: { ok: boolean; order?: unknown; message?: string }) {
        if (!read.ok) throw new Error(`unreadable order: ${read.message ?? "not found"}`);
        const order = NormalizedOrderSchema.parse(read.order);
        const r = await ingestOrder(hub.db, row.id, row.companyId, order, "magento.sweep");
        return { kind: "ingested", orderId: r.order.id, changed: r.changed, status: r.order.status };
      },
      async recordRefund(orderExternalId: string, refund: Parameters<typeof recordRefund>[3]) {
        await recordRefund(hub.db, row, orderExternalId, refund, "magento.sweep");
      },
    },
  };
  return ctx as unknown as MagentoStore;
}
