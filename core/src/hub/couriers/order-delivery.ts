import { fieldIssues } from "../../validation.js";
import type { Db } from "../db/prisma-client.js";
import { createDelivery, CreateDeliveryInputSchema } from "./create-delivery.js";
import type { DeliveryView } from "./delivery-view.js";

export type IngestedDelivery =
  | { ok: true; delivery: DeliveryView; created: boolean }
  | { ok: false; reason: "not_paid" | "no_shipping_methods" | "invalid_address"; message: string };

/**
 * The delivery of an order a platform part has just ingested with its shipping address. Only for a
 * paid order of a store that maps its shipping methods: a merchant who ships without Timbre maps
 * none, and must not find every order pending "unmapped method". Idempotent like createDelivery, so
 * a re-delivered hook or a sweep never makes a second one. `input` comes from a platform's payload
 * and is checked here.
 */
export async function deliverIngestedOrder(
  db: Db,
  orderId: string,
  input: unknown,
  actor: string,
): Promise<IngestedDelivery> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: { status: true, storeId: true } });
  if (!order || order.status !== "paid") return { ok: false, reason: "not_paid", message: "El pedido no está pagado." };
  const mapped = await db.shippingMethodMapping.count({ where: { storeId: order.storeId } });
  if (mapped === 0)
    return { ok: false, reason: "no_shipping_methods", message: "La tienda no asocia sus métodos de envío a Timbre." };
  const parsed = CreateDeliveryInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldIssues(parsed.error).map((f) => f.field);
    return { ok: false, reason: "invalid_address", message: `Dirección de despacho incompleta: ${fields.join(", ")}.` };
  }
  const r = await createDelivery(db, orderId, parsed.data, actor);
  return { ok: true, ...r };
}
