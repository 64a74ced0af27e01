import type { Prisma } from "@prisma/client";
import type { Db } from "@timbre/core/hub";
import { z } from "zod";

/**
 * What Timbre keeps about a Shopify shop in its Store row (`settings.shopify`; the other keys of
 * `settings` belong to the core and are left alone).
 * - `locationId`: the Shopify location whose `available` quantity Timbre publishes (numeric id).
 * - `locations`: Shopify location id → Timbre warehouse id (the locations ↔ warehouses mapping).
 * - `pollCursor`: the sweep's high-water mark (an order `updatedAt`).
 */
export const ShopSettingsSchema = z
  .object({
    locationId: z.string().min(1).optional(),
    locations: z.record(z.string(), z.string()).default({}),
    pollCursor: z.iso.datetime({ offset: true }).optional(),
    installedAt: z.string().optional(),
    uninstalledAt: z.string().optional(),
    redactedAt: z.string().optional(),
  })
  .loose();

export type ShopSettings = z.output<typeof ShopSettingsSchema>;

export function readShopSettings(settings: Prisma.JsonValue | null | undefined): ShopSettings {
  const all =
    settings && typeof settings === "object" && !Array.isArray(settings) ? (settings as Record<string, unknown>) : {};
  const parsed = ShopSettingsSchema.safeParse(all.shopify ?? {});
  return parsed.success ? parsed.data : { locations: {} };
}

/** Merges into settings.shopify inside a row lock, so concurrent writers never drop each other's keys. */
export async function updateShopSettings(
  db: Db,
  storeId: string,
  patch: Partial<ShopSettings> & Record<string, unknown>,
): Promise<ShopSettings> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${storeId}::uuid FOR UPDATE`;
    const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
    const all = (
      store.settings && typeof store.settings === "object" && !Array.isArray(store.settings) ? store.settings : {}
    ) as Record<string, unknown>;
    const next = { ...readShopSettings(store.settings), ...patch };
    await tx.store.update({
      where: { id: storeId },
      data: { settings: { ...all, shopify: next } as Prisma.InputJsonObject },
    });
    return next;
  });
}
