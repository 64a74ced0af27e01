import { z } from "zod";

/**
 * Mercado Libre resources as the API returns them, reading only what Timbre uses and loosely:
 * ids may come as numbers or (from parseJsonKeepingIds) digit strings and are kept as strings;
 * amounts may carry decimals (other sites) and are rounded to CLP by the mapper.
 */
export const Id = z.union([z.string().min(1), z.number()]).transform(String);
const NullableId = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v == null || v === "" ? null : String(v)));
const Amount = z.coerce.number().nullish();
const Text = z.string().nullish();

export const OrderItemSchema = z.object({
  item: z.object({
    id: Id,
    title: Text,
    variation_id: NullableId,
    seller_sku: Text,
    seller_custom_field: Text,
  }),
  quantity: z.coerce.number(),
  // A line without a price (null, empty) is unreadable, not a free item on the boleta.
  unit_price: z.union([z.number(), z.string().trim().min(1)]).pipe(z.coerce.number<string | number>()),
  full_unit_price: Amount,
});

export const PaymentSchema = z
  .object({
    id: NullableId,
    status: Text,
    transaction_amount: Amount,
    transaction_amount_refunded: Amount,
    shipping_cost: Amount,
    total_paid_amount: Amount,
  })
  .partial();

export const OrderSchema = z.object({
  id: Id,
  status: z.string(),
  status_detail: z.unknown().optional(),
  pack_id: NullableId,
  date_created: Text,
  date_closed: Text,
  /** Newer orders say `last_updated`; the search filter and older payloads say `date_last_updated`. */
  last_updated: Text,
  date_last_updated: Text,
  total_amount: Amount,
  paid_amount: Amount,
  shipping_cost: Amount,
  order_items: z.array(OrderItemSchema).default([]),
  payments: z.array(PaymentSchema).nullish(),
  shipping: z.object({ id: NullableId }).partial().nullish(),
  buyer: z
    .object({
      id: NullableId,
      nickname: Text,
      first_name: Text,
      last_name: Text,
      billing_info: z.object({ id: NullableId }).partial().nullish(),
    })
    .partial()
    .nullish(),
  tags: z.array(z.string()).nullish(),
  context: z.object({ site: Text }).partial().nullish(),
});
export type MeliOrder = z.output<typeof OrderSchema>;

export const PackSchema = z.object({
  id: Id,
  status: Text,
  shipment: z.object({ id: NullableId }).partial().nullish(),
  orders: z.array(z.object({ id: Id })).default([]),
  last_updated: Text,
});
export type MeliPack = z.output<typeof PackSchema>;

export const ShipmentSchema = z.object({
  id: Id,
  order_id: NullableId,
  pack_id: NullableId,
  mode: Text,
  logistic_type: Text,
  status: Text,
  substatus: Text,
  tracking_number: Text,
  /** Older payloads nest the logistic type here. */
  logistic: z.object({ mode: Text, type: Text }).partial().nullish(),
  receiver_address: z
    .object({
      address_line: Text,
      street_name: Text,
      street_number: z.union([z.string(), z.number()]).nullish(),
      comment: Text,
      zip_code: Text,
      city: z.object({ name: Text }).partial().nullish(),
      state: z.object({ name: Text }).partial().nullish(),
      neighborhood: z.object({ name: Text }).partial().nullish(),
      receiver_name: Text,
      receiver_phone: Text,
    })
    .partial()
    .nullish(),
});
export type MeliShipment = z.output<typeof ShipmentSchema>;

const IdentificationSchema = z.object({ type: Text, number: z.union([z.string(), z.number()]).nullish() }).partial();
const AddressSchema = z
  .object({
    street_name: Text,
    street_number: z.union([z.string(), z.number()]).nullish(),
    city_name: Text,
    state: z.union([z.string(), z.object({ name: Text }).partial()]).nullish(),
    neighborhood: Text,
    comuna: Text,
    zip_code: Text,
    country_id: Text,
  })
  .partial();

/**
 * The buyer's billing data, from the current resource (`/orders/billing-info/{site}/{id}`) or its
 * predecessor (`/orders/{id}/billing_info` with `x-version: 2`): both answer
 * `{site_id, buyer: {cust_id, billing_info: {...}}, seller}`.
 */
export const BillingInfoSchema = z.object({
  site_id: Text,
  buyer: z
    .object({
      cust_id: NullableId,
      billing_info: z
        .object({
          name: Text,
          last_name: Text,
          business_name: Text,
          identification: IdentificationSchema.nullish(),
          taxes: z
            .object({
              taxpayer_type: z.object({ id: Text, description: Text }).partial().nullish(),
              economic_activity: Text,
            })
            .partial()
            .nullish(),
          address: AddressSchema.nullish(),
          attributes: z
            .object({
              cust_type: Text,
              business_name: Text,
              economic_activity: Text,
              doc_type: Text,
            })
            .partial()
            .passthrough()
            .nullish(),
        })
        .partial()
        .nullish(),
    })
    .partial()
    .nullish(),
});
export type MeliBillingInfo = z.output<typeof BillingInfoSchema>;
