import type { Refund } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { OrderLine } from "../../rules/order/normalized-order.js";
import type { Db } from "../db/prisma-client.js";
import { findStoreOrder } from "./find-order.js";
import { recordRefund } from "./record-refund.js";
import { isReissueRefund } from "../../rules/order/reissue.js";

/**
 * "Nota de crédito" from the admin: gives back everything not refunded yet (lines and shipping) as
 * one refund, which the pipeline turns into one nota de crédito referencing the sale document.
 * `requestId` makes a double click one refund.
 */
export async function creditWholeOrder(
  db: Db,
  store: { id: string; companyId: string },
  externalId: string,
  input: { reason: string; requestId: string; actor: string },
): Promise<{ refund: Refund; created: boolean }> {
  const order = await findStoreOrder(db, store.id, externalId);
  if (!order.documents.some((d) => d.kind === "sale")) {
    throw new TimbreError(
      "credit_note.nothing_issued",
      {
        es: "El pedido no tiene documento emitido: no corresponde nota de crédito.",
        en: "The order has no issued document: no credit note applies.",
      },
      { kind: "conflict" },
    );
  }
  // A boleta annulled to re-issue it as a factura returned no goods: it does not count here.
  const refunds = (await db.refund.findMany({ where: { orderId: order.id } })).filter(
    (r) => !isReissueRefund(r.externalId),
  );
  const repeated = refunds.find((r) => r.externalId === `admin:${input.requestId}`);
  if (repeated) return { refund: repeated, created: false };
  const back = new Map<string, number>();
  for (const r of refunds)
    for (const l of r.lines as Array<{ externalId: string; quantity: number }>)
      back.set(l.externalId, (back.get(l.externalId) ?? 0) + l.quantity);
  const lines = (order.lines as unknown as OrderLine[])
    .map((l) => ({ externalId: l.externalId, quantity: l.quantity - (back.get(l.externalId) ?? 0) }))
    .filter((l) => l.quantity > 1e-9);
  const shipping =
    !!order.shipping && ((order.shipping as { price?: number }).price ?? 0) > 0 && !refunds.some((r) => r.shipping);
  if (lines.length === 0 && !shipping) {
    throw new TimbreError(
      "credit_note.nothing_left",
      { es: "Todo el pedido ya fue devuelto con notas de crédito.", en: "The whole order was already credited." },
      { kind: "conflict" },
    );
  }
  return recordRefund(
    db,
    store,
    externalId,
    { externalId: `admin:${input.requestId}`, reason: input.reason.slice(0, 90), lines, shipping },
    input.actor,
  );
}
