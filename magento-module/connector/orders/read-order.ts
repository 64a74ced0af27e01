import type { OrderRead } from "@timbre/core/platforms";
import { NormalizedOrderSchema } from "@timbre/core/platforms";
import { MagentoOrderSchema } from "./magento-order.js";
import { deliveryAddress, mapOrder } from "./map-order.js";

/** One order as Magento gave it → what core's one rule for orders takes. */
export function readMagentoOrder(raw: unknown | null): OrderRead {
  if (raw === null || raw === undefined) return { ok: false, reason: "not_found" };
  const parsed = MagentoOrderSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "unreadable",
      message: "Magento entregó un pedido que Timbre no puede leer.",
      issues: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    };
  }
  const order = NormalizedOrderSchema.safeParse(mapOrder(parsed.data));
  if (!order.success) {
    return {
      ok: false,
      reason: "unreadable",
      message: `El pedido ${parsed.data.increment_id} de Magento tiene datos que no sirven para un documento.`,
      issues: order.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    };
  }
  return { ok: true, order: order.data, delivery: deliveryAddress(parsed.data) };
}
