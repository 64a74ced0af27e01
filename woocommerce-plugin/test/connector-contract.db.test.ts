import { describeConnectorContract, type ContractOrderLine } from "@timbre/core/testing/connector-contract";
import { serveFetch } from "@timbre/core/testing/emulator-kit";
import factory from "../connector/index.js";
import { createWooEmulator, type EmuOrder } from "../connector/testing/emulator.js";

/**
 * The WooCommerce connector through the platform kit's runtime (real StoreContext, test database),
 * against the REST emulator served on a local port: the shared connector contract every platform
 * passes. The emulator answers GET /orders (the sweep's list) from here, over its own orders.
 */
const connector = await factory({ env: {}, publicUrl: "https://hub.example", role: "test" });

describeConnectorContract("WooCommerce (emulator)", connector, async () => {
  const emu = createWooEmulator();
  let nextOrder = 500;
  const served = await serveFetch(async (request) => {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
    if (request.method === "GET" && url.pathname === "/wp-json/wc/v3/orders") {
      const since = url.searchParams.get("modified_after") ?? "";
      const list = [...emu.orders.values()]
        .filter((o) => String(o.date_modified_gmt ?? "") > since)
        .sort((a, b) => a.id - b.id);
      return new Response(JSON.stringify(list.map((o) => ({ ...o, notes: undefined }))), {
        headers: { "content-type": "application/json", "x-wp-total": String(list.length), "x-wp-totalpages": "1" },
      });
    }
    return emu.fetch(request.url, { method: request.method, headers: request.headers, ...(body ? { body } : {}) });
  });

  function place(status: string, items: ReadonlyArray<ContractOrderLine>, extra: Partial<EmuOrder> = {}): string {
    const id = nextOrder++;
    const total = items.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    emu.orders.set(id, {
      id,
      number: String(id),
      status,
      date_modified_gmt: new Date(Date.now() - 1_000 + id).toISOString().slice(0, 19),
      shipping_total: "0.00",
      shipping_tax: "0.00",
      total: `${total}.00`,
      billing: { first_name: "Ana", last_name: "Pérez", email: "ana@example.test", country: "CL" },
      shipping: {},
      meta_data: [],
      line_items: items.map((l, i) => ({
        id: id * 10 + i,
        name: l.name,
        product_id: 12 + i,
        variation_id: 0,
        quantity: l.quantity,
        subtotal: `${l.quantity * l.unitPrice}.00`,
        subtotal_tax: "0.00",
        total: `${l.quantity * l.unitPrice}.00`,
        total_tax: "0.00",
        sku: l.sku,
      })),
      shipping_lines: [],
      fee_lines: [],
      refunds: [],
      notes: [],
      ...extra,
    });
    return String(id);
  }
  const meta = (id: string, key: string) =>
    emu.orders.get(Number(id))?.meta_data.find((m) => m.key === key)?.value as string | undefined;

  return {
    store: {
      shopDomain: new URL(served.url).host,
      credentials: { consumerKey: "ck_contract", consumerSecret: "cs_contract" },
      settings: { url: served.url },
    },
    orders: {
      createPaid: async (lines) => place("processing", lines),
      // Line items whose totals are not money: WooCommerce answered, but nothing can be issued from it.
      createUnreadable: async () =>
        place("processing", [{ sku: "BAD", name: "Roto", quantity: 1, unitPrice: 1 }], {
          line_items: [{ id: 1, name: "Roto", quantity: "muchos", total: "gratis" }],
        }),
      missingId: "999999",
    },
    documents: {
      read: async (id) => ({ folio: meta(id, "timbre_folio"), pdfUrl: meta(id, "timbre_pdf_url") }),
    },
    fulfillment: {
      read: async (id) => ({
        trackingNumber: meta(id, "timbre_tracking_number"),
        completed: emu.orders.get(Number(id))?.status === "completed",
      }),
    },
    catalog: {
      async seed(items) {
        return items.map((item) => {
          if (item.variant) {
            const p = emu.addProduct({ name: item.title, type: "variable" });
            const v = emu.addVariation(p, {
              sku: item.sku ?? "",
              manage_stock: true,
              stock_quantity: item.quantity,
              attributes: [{ name: "Talla", option: "M" }],
            });
            return { productId: String(p.id), variantId: String(v.id) };
          }
          const p = emu.addProduct({
            name: item.title,
            sku: item.sku ?? "",
            manage_stock: true,
            stock_quantity: item.quantity,
          });
          return { productId: String(p.id) };
        });
      },
      async readQuantity(ref) {
        const p = emu.products.find((x) => String(x.id) === ref.productId);
        const item = ref.variantId ? p?.variations.find((v) => String(v.id) === ref.variantId) : p;
        return item?.manage_stock ? item.stock_quantity : null;
      },
      async editQuantity(ref, quantity) {
        const p = emu.products.find((x) => String(x.id) === ref.productId);
        const item = ref.variantId ? p?.variations.find((v) => String(v.id) === ref.variantId) : p;
        if (item) item.stock_quantity = quantity;
      },
    },
    close: () => served.close(),
  };
});
