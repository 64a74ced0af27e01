import type { FulfillmentUpdate, OrderFulfillmentPort } from "@timbre/core/platforms";
import { OrderCarrierSchema } from "./resources.js";
import type { ShopReader } from "./shop-reader.js";
import { listOf } from "./webservice-client.js";
import { xmlResource } from "./xml.js";

/**
 * Shipped: the tracking number on the order's carrier, then the shop's "Enviado" state (PS_OS_SHIPPING).
 * Delivered: "Entregado" (PS_OS_DELIVERED). The same for own couriers, external carriers and pickups
 * (a pickup has no tracking). State changes go through order_histories, so PrestaShop runs its own
 * rules (e-mail to the buyer, stock, invoices) as if the merchant had clicked. Idempotent: a repeated
 * call writes nothing the order already has.
 */
export class PrestaShopFulfillment implements OrderFulfillmentPort {
  constructor(private readonly reader: ShopReader) {}

  async markFulfilled(orderExternalId: string, update: FulfillmentUpdate): Promise<void> {
    const ws = this.reader.ws;
    const config = await this.reader.config();
    const order = await this.reader.order(orderExternalId);
    if (!order) return;
    if (update.tracking) {
      const carriers = listOf(
        await ws.get("order_carriers", null, {
          display: "[id,id_order,id_carrier,tracking_number]",
          "filter[id_order]": `[${order.id}]`,
          sort: "[id_DESC]",
        }),
        "order_carriers",
        OrderCarrierSchema,
      );
      const current = carriers[0];
      const number = update.tracking.number.slice(0, 64);
      if (current && current.tracking_number !== number) {
        await ws.patch(
          "order_carriers",
          current.id,
          xmlResource("order_carrier", { id: current.id, tracking_number: number }),
        );
      }
    }
    const target = update.status === "shipped" ? config.states.shipped : config.states.delivered;
    const history = await this.reader.histories(order.id);
    const reached = new Set(history.map((h) => h.id_order_state));
    // Never step back: a delivered order stays delivered when a late "shipped" arrives.
    if (order.current_state === target || reached.has(target)) return;
    if (update.status === "shipped" && reached.has(config.states.delivered)) return;
    await ws.post("order_histories", xmlResource("order_history", { id_order: order.id, id_order_state: target }), {
      sendemail: 1,
    });
  }
}
