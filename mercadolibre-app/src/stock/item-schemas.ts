import { z } from "zod";
import { Id } from "../orders/meli-schemas.js";

const Text = z.string().nullish();
const Attribute = z.object({ id: Text, value_name: Text }).partial();

export const VariationSchema = z.object({
  id: Id,
  available_quantity: z.coerce.number().nullish(),
  seller_custom_field: Text,
  user_product_id: Text,
  attributes: z.array(Attribute).nullish(),
  attribute_combinations: z.array(z.object({ name: Text, value_name: Text }).partial()).nullish(),
});

export const ItemSchema = z.object({
  id: Id,
  title: Text,
  price: z.coerce.number().nullish(),
  status: Text,
  available_quantity: z.coerce.number().nullish(),
  seller_custom_field: Text,
  user_product_id: Text,
  inventory_id: Text,
  attributes: z.array(Attribute).nullish(),
  variations: z.array(VariationSchema).nullish(),
  shipping: z.object({ logistic_type: Text, mode: Text }).partial().nullish(),
  pictures: z.array(z.object({ secure_url: Text, url: Text }).partial()).nullish(),
});
export type MeliItem = z.output<typeof ItemSchema>;
export type MeliVariation = z.output<typeof VariationSchema>;

export const StockLocationSchema = z.object({
  type: z.string(),
  quantity: z.coerce.number().default(0),
  store_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null ? null : String(v))),
  network_node_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null ? null : String(v))),
});
export const UserProductStockSchema = z.object({
  id: z.string().nullish(),
  locations: z.array(StockLocationSchema).default([]),
});
export type UserProductStock = z.output<typeof UserProductStockSchema>;

/** The SELLER_SKU attribute (the documented home of the SKU), else the older custom field. */
export function skuOf(x: {
  attributes?: MeliItem["attributes"];
  seller_custom_field?: string | null | undefined;
}): string | null {
  const attr = x.attributes?.find((a) => a.id === "SELLER_SKU")?.value_name?.trim();
  if (attr) return attr.slice(0, 35);
  const custom = x.seller_custom_field?.trim();
  return custom ? custom.slice(0, 35) : null;
}
