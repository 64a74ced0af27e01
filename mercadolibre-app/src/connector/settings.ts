import { z } from "zod";

/**
 * What a Mercado Libre store keeps in `Store.settings.mercadolibre` (nothing secret). Parses `{}`:
 * a store created by `timbre store create --platform mercadolibre` has none of it until installed.
 */
export const MeliSettingsSchema = z.object({
  /** The seller's ML user id (digits), also the store's shopDomain once installed. */
  userId: z.string().optional(),
  nickname: z.string().optional(),
  /** The seller has depots (`warehouse_management`): stock goes to user-products seller_warehouse. */
  multiWarehouse: z.boolean().default(false),
  /** The depot (store_id) Timbre's quantity goes to; the first depot when null. */
  warehouseStoreId: z.string().nullable().default(null),
});
export type MeliSettings = z.output<typeof MeliSettingsSchema>;
