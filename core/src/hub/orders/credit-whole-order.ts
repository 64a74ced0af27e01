import type { Refund } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { OrderLine } from "../../rules/order/normalized-order.js";
import { remainingToRefund, type RefundableLine } from "../../rules/order/refund-request.js";
import type { Db } from "../db/prisma-client.js";
import { findStoreOrder } from "./find-order.js";
import { recordRefund } from "./record-refund.js";

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
  const refunds = await db.refund.findMany({ where: { orderId: order.id } });
  const repeated = refunds.find((r) => r.externalId === `admin:${input.requestId}`);
  if (repeated) return { refund: repeated, created: false };
  const { lines, shipping } = remainingToRefund(
    order.lines as unknown as OrderLine[],
    refunds.map((r) => ({
      externalId: r.externalId,
      lines: r.lines as unknown as RefundableLine[],
      shipping: r.shipping,
    })),
    !!order.shipping && ((order.shipping as { price?: number }).price ?? 0) > 0,
  );
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
