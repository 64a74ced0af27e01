import { NormalizedOrderSchema, type OrderRead } from "@timbre/core/platforms";
import type { MeliClient } from "../client/meli-client.js";
import { deliveryAddress } from "../orders/delivery-address.js";
import { mapSale, type MappedSale } from "../orders/map-sale.js";
import { readSale, UnreadableResource } from "../orders/read-sale.js";

export interface SaleRead {
  read: OrderRead;
  mapped?: MappedSale | undefined;
}

/**
 * One sale (pack, or lone order) read again from Mercado Libre and mapped to the hub's order: what
 * `readOrder` gives core and what the topic handlers and the sweep receive. A shape we cannot use is
 * `unreadable` (a problem the merchant sees), never a retry loop; network errors and 5xx throw. A sale
 * the seller ships (ME1, custom) carries its delivery address; Mercado Envíos 2 needs none.
 */
export async function readSaleOrder(client: MeliClient, saleId: string, now: () => number): Promise<SaleRead> {
  let sale;
  try {
    sale = await readSale(client, saleId);
  } catch (e) {
    if (e instanceof UnreadableResource)
      return {
        read: {
          ok: false,
          reason: "unreadable",
          message: `Mercado Libre entregó la venta ${saleId} en una forma que Timbre no puede leer.`,
          issues: [{ field: e.path, message: e.issues }],
        },
      };
    throw e;
  }
  if (!sale) return { read: { ok: false, reason: "not_found" } };
  const mapped = mapSale(sale, new Date(now()));
  const parsed = NormalizedOrderSchema.safeParse(mapped.order);
  if (!parsed.success)
    return {
      read: {
        ok: false,
        reason: "unreadable",
        message: `La venta ${saleId} de Mercado Libre no se pudo convertir en pedido.`,
        issues: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      },
      mapped,
    };
  const delivery = deliveryAddress(sale.shipment);
  return { read: { ok: true, order: parsed.data, ...(delivery ? { delivery } : {}) }, mapped };
}
