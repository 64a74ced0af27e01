import { transition } from "../../rules/couriers/delivery-state.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { deliveryChanged } from "./delivery-events.js";
import { invalidTransition } from "./delivery-errors.js";
import { lockDelivery } from "./find-delivery.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";

/** An external carrier took the parcel: its tracking number goes back to the store as "shipped". */
export async function shipWithCarrier(
  db: Db,
  companyId: string,
  input: { deliveryId: string; trackingNumber: string; carrier?: string | undefined },
  actor: string,
): Promise<DeliveryView> {
  return runTransaction(db, async (tx) => {
    const d = await lockDelivery(tx, companyId, input.deliveryId);
    const t = transition(d.mode, d.state, "pick_up");
    if (!t.ok) throw invalidTransition(t.message);
    const carrier = input.carrier ?? d.carrier;
    await tx.delivery.update({
      where: { id: d.id },
      data: { state: t.to, trackingNumber: input.trackingNumber, carrier, pickedUpAt: d.pickedUpAt ?? new Date() },
    });
    await deliveryChanged(tx, d, "picked_up", actor, { trackingNumber: input.trackingNumber, carrier });
    return deliveryView(await tx.delivery.findUniqueOrThrow({ where: { id: d.id }, include: deliveryInclude }));
  });
}
