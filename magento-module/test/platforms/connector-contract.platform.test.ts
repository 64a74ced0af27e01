import { describeConnectorContract, type ContractOrderLine } from "@timbre/core/testing/connector-contract";
import { inject } from "vitest";
import { MagentoClient, searchCriteria } from "../../connector/client/magento-client.js";
import { urlKey } from "../../connector/catalog/magento-catalog.js";
import factory from "../../connector/index.js";
import { DELIVERED_COMMENT } from "../../connector/orders/magento-orders.js";

/**
 * The Magento connector through the platform kit's runtime (real StoreContext, test database),
 * against the real Magento 2.4.7 the platform suite brings up: the shared connector contract every
 * platform passes. Orders are real guest checkouts, invoiced so Magento calls them processing.
 */
const env = inject("magentoEnv");
const connector = await factory({ env: {}, publicUrl: "https://hub.example", role: "test" });
const admin = new MagentoClient({ url: env.MAGENTO_URL!, credentials: { accessToken: env.MAGENTO_TOKEN! } });
const SOURCE = "default";

interface SourceItem {
  sku: string;
  source_code: string;
  quantity: number;
}

async function setQuantity(sku: string, quantity: number): Promise<void> {
  await admin.post(
    "inventory/source-items",
    { sourceItems: [{ sku, source_code: SOURCE, quantity, status: quantity > 0 ? 1 : 0 }] },
    "all",
  );
}

async function product(sku: string, name: string, price: number, quantity: number): Promise<void> {
  await admin.put(
    `products/${encodeURIComponent(sku)}`,
    {
      product: {
        sku,
        name,
        price,
        status: 1,
        visibility: 4,
        type_id: "simple",
        attribute_set_id: 4,
        extension_attributes: { website_ids: [1] },
        // Magento refuses a second product whose name gives the same URL key ("Taza").
        custom_attributes: [{ attribute_code: "url_key", value: urlKey(name, sku) }],
      },
    },
    "all",
  );
  await setQuantity(sku, quantity);
}

const address = {
  firstname: "Contrato",
  lastname: "Timbre",
  street: ["Av. Providencia 1234"],
  city: "Providencia",
  region_id: 681,
  region_code: "CL-RM",
  region: "Región Metropolitana",
  postcode: "7500000",
  country_id: "CL",
  telephone: "+56911111111",
  email: "contrato@example.test",
};

/** A guest checkout of these lines, invoiced (processing): returns its increment id. */
async function placePaid(lines: readonly ContractOrderLine[]): Promise<string> {
  for (const l of lines) await product(l.sku, l.name, l.unitPrice, 1000);
  const cart = await admin.post<string>("guest-carts", {});
  for (const l of lines) {
    await admin.post(`guest-carts/${cart}/items`, { cartItem: { sku: l.sku, qty: l.quantity, quote_id: cart } });
  }
  await admin.post(`guest-carts/${cart}/shipping-information`, {
    addressInformation: {
      shipping_address: address,
      billing_address: address,
      shipping_carrier_code: "flatrate",
      shipping_method_code: "flatrate",
    },
  });
  const id = Number(
    await admin.post(`guest-carts/${cart}/payment-information`, {
      email: address.email,
      paymentMethod: { method: "checkmo" },
      billingAddress: address,
    }),
  );
  await admin.post(`order/${id}/invoice`, { capture: true, notify: false }, "all");
  return (await admin.get<{ increment_id: string }>(`orders/${id}`, {}, "all")).increment_id;
}

async function orderByNumber(incrementId: string) {
  const r = await admin.get<{
    items: Array<{ entity_id: number; state: string; status_histories?: Array<{ comment?: string | null }> }>;
  }>("orders", searchCriteria([["increment_id", incrementId]], { pageSize: 1 }), "all");
  return r.items[0];
}

describeConnectorContract("Magento 2.4.7 (real shop)", connector, async () => ({
  store: {
    shopDomain: new URL(env.MAGENTO_URL!).host,
    credentials: { accessToken: env.MAGENTO_TOKEN! },
    settings: { url: env.MAGENTO_URL!, syncIntervalSeconds: 10, moduleVersion: "0.1.0" },
  },
  orders: { createPaid: placePaid, missingId: "999999999" },
  documents: {
    // What the admin order view and the customer's order page list (the module's table).
    async read(id) {
      const lines = await admin.get<string[]>(`timbre/orders/${id}/documents`);
      const folio = lines.map((l) => /N° (\d+)/.exec(l)?.[1]).find(Boolean);
      return folio ? { folio } : undefined;
    },
  },
  fulfillment: {
    async read(id) {
      const o = await orderByNumber(id);
      if (!o) return undefined;
      const shipments = await admin.get<{ items: Array<{ tracks: Array<{ track_number: string }> }> }>(
        "shipments",
        searchCriteria([["order_id", o.entity_id]]),
        "all",
      );
      return {
        trackingNumber: shipments.items.flatMap((s) => s.tracks.map((t) => t.track_number))[0],
        // Magento has no delivered state (shipped in full is already "complete"): the hub notes it on the order.
        completed: (o.status_histories ?? []).some((h) => h.comment === DELIVERED_COMMENT),
      };
    },
  },
  catalog: {
    // Magento requires a SKU on every product: a product without one cannot exist there.
    skuRequired: true,
    async seed(items) {
      const refs = [];
      for (const item of items) {
        await product(item.sku!, item.title, 1000, item.quantity);
        refs.push({ productId: item.sku! });
      }
      return refs;
    },
    async readQuantity(ref) {
      const r = await admin.get<{ items: SourceItem[] }>(
        "inventory/source-items",
        searchCriteria([
          ["sku", ref.productId],
          ["source_code", SOURCE],
        ]),
        "all",
      );
      return r.items[0] ? Number(r.items[0].quantity) : null;
    },
    editQuantity: (ref, quantity) => setQuantity(ref.productId, quantity),
  },
}));
