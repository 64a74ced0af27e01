import { isTimbreError, type OrderOutcome } from "@timbre/core/platforms";
import type { MeliClient } from "../client/meli-client.js";
import { readOrder } from "../orders/read-sale.js";
import { readSaleOrder } from "./read-sale-order.js";
import type { MeliStore } from "./store-client.js";

/**
 * The sale an order belongs to: the pack id (every order has one now), or the order id when the
 * pack is null. Null when Mercado Libre has no such order.
 */
export async function saleIdOfOrder(client: MeliClient, orderId: string): Promise<string | null> {
  const order = await readOrder(client, orderId);
  return order ? (order.pack_id ?? order.id) : null;
}

/**
 * Reads one sale again and hands it to the hub (idempotent, newer wins: the same pack notified twice,
 * or once per order of it, is one order and one document), then the cancellations and refunds of
 * its orders as notas de crédito, and what the merchant must handle as problems on the order.
 */
export async function syncSale(
  store: MeliStore,
  client: MeliClient,
  saleId: string,
  options: { actor: string; now: () => number },
): Promise<OrderOutcome> {
  const { read, mapped } = await readSaleOrder(client, saleId, options.now);
  const outcome = await store.orders.receive(saleId, read, { actor: options.actor });
  if (outcome.kind !== "ingested" || !mapped) return outcome;
  for (const refund of mapped.refunds) {
    try {
      await store.orders.recordRefund(saleId, refund, { actor: options.actor });
    } catch (e) {
      // A refund the hub cannot credit (nothing issued yet, more than was sold) is not retried.
      if (!isTimbreError(e) || e.kind !== "invalid_input") throw e;
    }
  }
  for (const note of mapped.notes)
    await store.problems.report({ code: `mercadolibre.${note.code}`, message: note.message, orderExternalId: saleId });
  return outcome;
}
