import type { FulfillmentUpdate, OrderFulfillmentPort } from "@timbre/core/platform-parts";
import type { MeliClient } from "../client/meli-client.js";
import { PackSchema } from "../orders/meli-schemas.js";
import { readOrder, readShipment } from "../orders/read-sale.js";

/** The shipment of a sale (pack id, or order id of an order without pack). */
export async function saleShipmentId(client: MeliClient, saleId: string): Promise<string | null> {
  const r = await client.request({ method: "GET", path: `/packs/${encodeURIComponent(saleId)}`, expect: [404] });
  if (r.status !== 404) {
    const pack = PackSchema.parse(r.body);
    if (pack.shipment?.id) return pack.shipment.id;
    const first = pack.orders[0];
    return first ? ((await readOrder(client, first.id))?.shipping?.id ?? null) : null;
  }
  return (await readOrder(client, saleId))?.shipping?.id ?? null;
}

const DONE: Record<FulfillmentUpdate["status"], readonly string[]> = {
  shipped: ["shipped", "delivered", "not_delivered"],
  completed: ["delivered", "not_delivered"],
};

/**
 * Tracking and "shipped"/"delivered" for sales the seller ships (ME1 and custom): POST
 * /shipments/{id}/seller_notifications, the ME1 state change (research A7). Mercado Envíos 2 moves
 * its shipments itself: nothing is sent. A shipment already in that state is left alone, so a
 * repeated call is harmless; `not_delivered` is final in ML and never sent by Timbre.
 */
export function meliFulfillmentPort(client: MeliClient, now: () => number = Date.now): OrderFulfillmentPort {
  return {
    async markFulfilled(saleId, update) {
      const shipmentId = await saleShipmentId(client, saleId);
      if (!shipmentId) return;
      const shipment = await readShipment(client, shipmentId);
      if (!shipment) return;
      const mode = shipment.mode ?? shipment.logistic?.mode;
      if (mode !== "me1" && mode !== "custom") return;
      if (shipment.status && DONE[update.status].includes(shipment.status)) return;
      // ME1 moves one state at a time: a delivery confirmed before "shipped" was sent goes through it.
      const steps: Array<"shipped" | "delivered"> =
        update.status === "completed" && shipment.status !== "shipped"
          ? ["shipped", "delivered"]
          : [update.status === "completed" ? "delivered" : "shipped"];
      for (const status of steps) {
        await client.request({
          method: "POST",
          path: `/shipments/${encodeURIComponent(shipmentId)}/seller_notifications`,
          json: {
            payload: {
              comment: status === "shipped" ? "Despachado por Timbre" : "Entregado (Timbre)",
              date: new Date(now()).toISOString(),
            },
            ...(update.tracking ? { tracking_number: update.tracking.number } : {}),
            ...(update.tracking?.url ? { tracking_url: update.tracking.url } : {}),
            status,
            substatus: null,
          },
        });
      }
    },
  };
}
