import { transition } from "../../rules/couriers/delivery-state.js";
import { eventTime } from "../../rules/couriers/proof-media.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { deliveryChanged } from "./delivery-events.js";
import { invalidTransition, notYourDelivery } from "./delivery-errors.js";
import { lockDelivery } from "./find-delivery.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";

/** The courier set off with the parcel. Repeating it (a retried upload) changes nothing. */
export async function startDelivery(
  db: Db,
  companyId: string,
  input: { deliveryId: string; courierId?: string | undefined; at?: Date | undefined },
  actor: string,
): Promise<DeliveryView> {
  return runTransaction(db, async (tx) => {
    const d = await lockDelivery(tx, companyId, input.deliveryId);
    if (input.courierId !== undefined && d.courierId !== input.courierId) throw notYourDelivery();
    if (["picked_up", "delivered"].includes(d.state)) return deliveryView(d);
    const t = transition(d.mode, d.state, "pick_up");
    if (!t.ok) throw invalidTransition(t.message);
    const at = eventTime(input.at, new Date());
    await tx.delivery.update({ where: { id: d.id }, data: { state: t.to, pickedUpAt: at } });
    await deliveryChanged(tx, d, "picked_up", actor, { at: at.toISOString() });
    return deliveryView(await tx.delivery.findUniqueOrThrow({ where: { id: d.id }, include: deliveryInclude }));
  });
}
