import { z } from "zod";

/** The part of Magento's GET /V1/orders/:id that Timbre reads. Null fields are omitted by Magento. */
const Money = z.coerce.number().nullish();

const AddressSchema = z
  .object({
    firstname: z.string().nullish(),
    lastname: z.string().nullish(),
    company: z.string().nullish(),
    vat_id: z.string().nullish(),
    street: z.array(z.string()).nullish(),
    city: z.string().nullish(),
    region: z.string().nullish(),
    postcode: z.string().nullish(),
    telephone: z.string().nullish(),
    email: z.string().nullish(),
    extension_attributes: z
      .object({ timbre_giro: z.string().nullish(), timbre_document_type: z.string().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
export type MagentoAddress = z.infer<typeof AddressSchema>;

const ItemSchema = z
  .object({
    item_id: z.coerce.string(),
    parent_item_id: z.coerce.string().nullish(),
    sku: z.string().nullish(),
    name: z.string().nullish(),
    product_type: z.string().nullish(),
    qty_ordered: z.coerce.number(),
    price: Money,
    price_incl_tax: Money,
    discount_amount: Money,
    tax_percent: Money,
  })
  .loose();

export const MagentoOrderSchema = z
  .object({
    entity_id: z.coerce.string(),
    increment_id: z.string(),
    state: z.string(),
    status: z.string().nullish(),
    created_at: z.string(),
    updated_at: z.string(),
    customer_email: z.string().nullish(),
    customer_firstname: z.string().nullish(),
    customer_lastname: z.string().nullish(),
    customer_taxvat: z.string().nullish(),
    customer_id: z.coerce.string().nullish(),
    customer_is_guest: z.coerce.number().nullish(),
    customer_group_id: z.coerce.number().nullish(),
    grand_total: z.coerce.number(),
    total_paid: Money,
    total_refunded: Money,
    shipping_description: z.string().nullish(),
    shipping_incl_tax: Money,
    shipping_amount: Money,
    items: z.array(ItemSchema),
    billing_address: AddressSchema.nullish(),
    extension_attributes: z
      .object({
        shipping_assignments: z
          .array(
            z
              .object({
                shipping: z.object({ address: AddressSchema.nullish(), method: z.string().nullish() }).loose(),
              })
              .loose(),
          )
          .nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type MagentoOrder = z.infer<typeof MagentoOrderSchema>;
