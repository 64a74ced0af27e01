import { describeConnectorContract, type ContractOrderLine } from "@timbre/core/testing/connector-contract";
import type { PlatformRef } from "@timbre/core/platforms";
import { mercadoLibreConnector } from "../src/connector/index.js";
import type { Credentials } from "../src/oauth/tokens.js";
import { startMercadoLibreEmulator } from "../src/testing/emulator.js";

/**
 * The Mercado Libre connector through the platform kit's runtime (real StoreContext, test database)
 * against the emulator on a local port: the shared connector contract every platform passes. Sales
 * are packs shipped by the seller (ME1), so the fulfillment part has a shipment to move; the seller's
 * tokens come from the emulator's OAuth code exchange, as an install gets them.
 */
const SELLER = "1234567890";
const emu = await startMercadoLibreEmulator({ sellers: [{ userId: SELLER, tags: ["normal"] }] });
const connector = mercadoLibreConnector(
  { MERCADOLIBRE_API_URL: emu.apiUrl, MERCADOLIBRE_AUTH_URL: emu.authUrl },
  "https://hub.example",
);

async function sellerTokens(): Promise<Credentials> {
  const redirect = "https://hub.example/mercadolibre/oauth/callback";
  const auth = new URL(`${emu.authUrl}/authorization`);
  auth.search = new URLSearchParams({ response_type: "code", client_id: emu.appId, redirect_uri: redirect }).toString();
  const approved = await fetch(auth, { redirect: "manual" });
  const code = new URL(approved.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${emu.apiUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: emu.appId,
      client_secret: emu.appSecret,
      code,
      redirect_uri: redirect,
    }),
  });
  const t = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: Date.now() + t.expires_in * 1000,
    userId: SELLER,
    scope: "offline_access read write",
  };
}

describeConnectorContract("Mercado Libre (emulator)", connector, async () => {
  const credentials = await sellerTokens();
  const itemFor = new Map<string, string>();
  const item = (l: ContractOrderLine) => {
    let id = itemFor.get(l.sku);
    if (!id) {
      id = emu.addItem(SELLER, { title: l.name, price: l.unitPrice, quantity: 100, sku: l.sku }).id;
      itemFor.set(l.sku, id);
    }
    return id;
  };
  const shipmentOf = (saleId: string) => {
    const pack = emu.world.packs.get(saleId);
    const shipmentId = pack?.shipmentId ?? emu.world.orders.get(saleId)?.shipmentId;
    return shipmentId ? emu.world.shipments.get(shipmentId) : undefined;
  };
  const find = (ref: PlatformRef) => {
    const it = emu.world.items.get(ref.productId);
    return ref.variantId ? it?.variations.find((v) => v.id === ref.variantId) : it;
  };

  return {
    store: { shopDomain: SELLER, credentials, settings: { userId: SELLER } },
    orders: {
      // One order per line, in one pack (a cart), shipped by the seller.
      createPaid: async (lines) => {
        const sale = emu.addSale(SELLER, {
          pack: true,
          orders: lines.map((l) => ({
            items: [{ itemId: item(l), quantity: l.quantity, unitPrice: l.unitPrice, title: l.name, sku: l.sku }],
          })),
          shipping: { mode: "me1" },
        });
        return sale.packId!;
      },
      // An order whose line is nothing Timbre can issue from: a price that is not money.
      createUnreadable: async () => {
        const sale = emu.addSale(SELLER, {
          pack: true,
          orders: [{ items: [{ itemId: item({ sku: "BAD", name: "Roto", quantity: 1, unitPrice: 1 }), quantity: 1 }] }],
        });
        const order = emu.world.orders.get(sale.orderIds[0]!)!;
        order.items[0]!.unitPrice = Number.NaN;
        return sale.packId!;
      },
      missingId: "2000009999999999",
    },
    documents: {
      read: async (saleId) => {
        const docs = emu.world.fiscalDocuments.get(saleId) ?? [];
        if (docs.length !== 1) return docs.length ? { folio: `${docs.length} documentos` } : undefined;
        const pdf = docs[0]!.files.find((f) => f.contentType.startsWith("application/pdf"));
        return { folio: /-(\d+)\.pdf$/.exec(pdf?.filename ?? "")?.[1] };
      },
    },
    fulfillment: {
      read: async (saleId) => {
        const s = shipmentOf(saleId);
        return s ? { trackingNumber: s.trackingNumber ?? undefined, completed: s.status === "delivered" } : undefined;
      },
    },
    catalog: {
      async seed(items) {
        return items.map((it) => {
          if (it.variant) {
            const created = emu.addItem(SELLER, {
              title: it.title,
              variations: [{ quantity: it.quantity, sku: it.sku, attributes: [{ name: "Talla", value: "M" }] }],
            });
            return { productId: created.id, variantId: created.variations[0]!.id };
          }
          return { productId: emu.addItem(SELLER, { title: it.title, quantity: it.quantity, sku: it.sku }).id };
        });
      },
      async readQuantity(ref) {
        return find(ref)?.availableQuantity ?? null;
      },
      async editQuantity(ref, quantity) {
        const x = find(ref);
        if (x) x.availableQuantity = quantity;
      },
    },
    close: () => emu.close(),
  };
});
