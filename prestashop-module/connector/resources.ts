import { z } from "zod";

/**
 * What the PrestaShop 8 webservice returns as JSON, as far as the hub reads it. Ids and numbers
 * come as strings or numbers depending on the field: ids are kept as strings, amounts parsed.
 */
const Id = z.union([z.string(), z.number()]).transform((v) => String(v));
/** A reference to another resource; absent means 0 (none). */
const Ref = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined ? "0" : String(v)));
const Num = z.union([z.string(), z.number()]).transform((v) => Number(v));
/** JSON output leaves out fields whose value is 0 or empty: a missing flag is false. */
const Flag = z
  .union([z.string(), z.number(), z.boolean()])
  .optional()
  .transform((v) => v === true || v === 1 || v === "1");
const Text = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? "" : String(v)));
/** A multilingual field: a string when `language` is given, else [{id, value}]. */
const Lang = z
  .union([z.string(), z.array(z.object({ id: Id, value: z.string() })), z.null()])
  .optional()
  .transform((v) => (typeof v === "string" ? v : Array.isArray(v) ? (v[0]?.value ?? "") : ""));

export const OrderRowSchema = z.object({
  id: Id,
  product_id: Id,
  product_attribute_id: Ref,
  product_quantity: Num,
  product_name: Text,
  product_reference: Text,
  // A free row (a gift) has its prices left out of the JSON: 0.
  unit_price_tax_incl: Num.default(0),
  unit_price_tax_excl: Num.default(0),
});

export const OrderSchema = z.object({
  id: Id,
  reference: Text,
  id_customer: Ref,
  id_address_delivery: Ref,
  id_address_invoice: Ref,
  id_carrier: Ref,
  id_currency: Ref,
  current_state: Ref,
  conversion_rate: Num.default(1),
  date_upd: z.string(),
  valid: Flag.optional(),
  total_discounts_tax_incl: Num.default(0),
  total_shipping_tax_incl: Num.default(0),
  total_wrapping_tax_incl: Num.default(0),
  total_products_wt: Num.default(0),
  total_paid_tax_incl: Num.default(0),
  associations: z.object({ order_rows: z.array(OrderRowSchema).default([]) }).default({ order_rows: [] }),
});
export type PsOrder = z.output<typeof OrderSchema>;
export type PsOrderRow = z.output<typeof OrderRowSchema>;

export const OrderStateSchema = z.object({
  id: Id,
  name: Lang,
  paid: Flag,
  shipped: Flag,
  delivery: Flag,
});
export type PsOrderState = z.output<typeof OrderStateSchema>;

export const CustomerSchema = z.object({
  id: Id,
  email: Text,
  firstname: Text,
  lastname: Text,
  company: Text,
  is_guest: Flag,
  deleted: Flag.optional(),
  date_upd: Text,
});
export type PsCustomer = z.output<typeof CustomerSchema>;

export const AddressSchema = z.object({
  id: Id,
  id_customer: Ref,
  firstname: Text,
  lastname: Text,
  company: Text,
  dni: Text,
  vat_number: Text,
  address1: Text,
  address2: Text,
  postcode: Text,
  city: Text,
  id_state: Ref,
  phone: Text,
  phone_mobile: Text,
  deleted: Flag.optional(),
});
export type PsAddress = z.output<typeof AddressSchema>;

export const CarrierSchema = z.object({
  id: Id,
  id_reference: Ref,
  name: Text,
  active: Flag,
  deleted: Flag,
  is_free: Flag,
  url: Text,
});
export type PsCarrier = z.output<typeof CarrierSchema>;

export const CurrencySchema = z.object({ id: Id, iso_code: Text, conversion_rate: Num, deleted: Flag.optional() });
export type PsCurrency = z.output<typeof CurrencySchema>;

export const TimbreOrderSchema = z.object({
  id: Id,
  id_order: Id,
  document_type: Text,
  rut: Text,
  business_name: Text,
  activity: Text,
});
export type PsTimbreOrder = z.output<typeof TimbreOrderSchema>;

export const OrderCarrierSchema = z.object({
  id: Id,
  id_order: Id,
  id_carrier: Ref,
  tracking_number: Text,
});

export const OrderHistorySchema = z.object({ id: Id, id_order_state: Id, date_add: Text });

export const OrderSlipSchema = z.object({
  id: Id,
  id_order: Id,
  shipping_cost: Flag.default(false),
  total_shipping_tax_incl: Num.default(0),
  total_products_tax_incl: Num.default(0),
  date_add: Text,
  associations: z
    .object({
      order_slip_details: z
        .array(z.object({ id: Id.optional(), id_order_detail: Id, product_quantity: Num }))
        .default([]),
    })
    .default({ order_slip_details: [] }),
});
export type PsOrderSlip = z.output<typeof OrderSlipSchema>;

export const StockAvailableSchema = z.object({
  id: Id,
  id_product: Id,
  id_product_attribute: Ref,
  // Single reads and write answers leave out a quantity of 0 (lists keep it): sold out, not unreadable.
  quantity: Num.default(0),
  depends_on_stock: Flag.optional(),
});
export type PsStockAvailable = z.output<typeof StockAvailableSchema>;

export const ProductSchema = z.object({
  id: Id,
  reference: Text,
  name: Lang,
  price: Num.default(0),
  active: Flag.optional(),
  id_default_image: Text,
  associations: z
    .object({ combinations: z.array(z.object({ id: Id })).default([]) })
    .partial()
    .default({}),
});
export type PsProduct = z.output<typeof ProductSchema>;

export const CombinationSchema = z.object({
  id: Id,
  id_product: Id,
  reference: Text,
  price: Num.default(0),
});
export type PsCombination = z.output<typeof CombinationSchema>;

export const ConfigurationSchema = z.object({ id: Id, name: z.string(), value: Text });
