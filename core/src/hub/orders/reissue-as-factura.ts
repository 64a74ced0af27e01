import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { isBoleta } from "../../rules/dte/types.js";
import type { OrderLine } from "../../rules/order/normalized-order.js";
import { currentSale, isReissueRefund, reissueRefundId } from "../../rules/order/reissue.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import { lockStoreOrder, parseFacturaData, type FacturaData } from "./factura-data.js";
import { PROCESS_REFUND_JOB } from "./record-refund.js";

/**
 * The buyer (or the merchant) wants a factura for an order whose boleta was already issued: a nota
 * de crédito annuls the boleta and then the factura is issued, both by the pipeline. Checked before
 * anything is annulled (a valid RUT, an address for the factura), so a boleta is never annulled
 * without its factura following. Asking twice changes nothing.
 */
export async function reissueAsFactura(
  db: Db,
  store: { id: string; companyId: string },
  externalId: string,
  data: FacturaData,
  actor: string,
): Promise<{ orderId: string; created: boolean }> {
  const fiscal = parseFacturaData(data);
  return db.$transaction(async (tx) => {
    const id = await lockStoreOrder(tx, store.id, externalId);
    const order = await tx.order.findUniqueOrThrow({
      where: { id },
      include: {
        documents: { where: { kind: "sale" }, orderBy: { createdAt: "asc" } },
        refunds: { include: { document: { select: { id: true } } } },
      },
    });
    const sale = currentSale(
      order.documents,
      order.refunds.map((r) => ({ externalId: r.externalId, hasCreditNote: r.document !== null })),
    );
    if (!sale) {
      throw new TimbreError(
        "reissue.nothing_issued",
        {
          es: "El pedido aún no tiene documento: elija factura antes de emitir.",
          en: "The order has no document yet: choose factura before issuing.",
        },
        { kind: "conflict" },
      );
    }
    if (order.refunds.some((r) => r.externalId === reissueRefundId(sale.id))) return { orderId: id, created: false };
    if (!isBoleta(sale.type)) {
      throw new TimbreError(
        "reissue.not_boleta",
        {
          es: `El pedido ya tiene factura (folio ${sale.folio}).`,
          en: `The order already has an invoice (folio ${sale.folio}).`,
        },
        { kind: "conflict" },
      );
    }
    if (order.status !== "paid" || order.refunds.some((r) => !isReissueRefund(r.externalId))) {
      throw new TimbreError(
        "reissue.refunded",
        {
          es: "El pedido tiene devoluciones o está anulado: la tienda debe emitir la factura manualmente.",
          en: "The order has refunds or was cancelled: the store must issue the invoice by hand.",
        },
        { kind: "conflict" },
      );
    }
    const buyer = { ...((order.buyer ?? {}) as Record<string, unknown>), document: "factura", ...fiscal };
    const missing = (["address", "commune"] as const).filter(
      (k) => typeof buyer[k] !== "string" || !(buyer[k] as string).trim(),
    );
    if (missing.length > 0) {
      throw new TimbreError(
        "factura.address_missing",
        {
          es: "Para la factura falta la dirección y la comuna del comprador.",
          en: "The invoice needs the buyer's address and comuna.",
        },
        { fields: missing.map((field) => ({ field, message: "required for a factura" })) },
      );
    }
    await tx.order.update({
      where: { id },
      data: { documentOverride: "factura", buyer: buyer as Prisma.InputJsonObject },
    });
    const shipping = order.shipping as { price?: number } | null;
    const refund = await tx.refund.create({
      data: {
        orderId: id,
        externalId: reissueRefundId(sale.id),
        reason: "Anula boleta para emitir factura",
        lines: (order.lines as unknown as OrderLine[]).map((l) => ({ externalId: l.externalId, quantity: l.quantity })),
        shipping: (shipping?.price ?? 0) > 0,
      },
    });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "order",
      subjectId: id,
      action: "order.reissue_as_factura",
      actor,
      data: { boleta: { type: sale.type, folio: sale.folio }, rut: fiscal.rut, businessName: fiscal.businessName },
    });
    await enqueue(tx, {
      kind: PROCESS_REFUND_JOB,
      payload: { refundId: refund.id },
      dedupeKey: `${PROCESS_REFUND_JOB}:${refund.id}`,
    });
    return { orderId: id, created: true };
  });
}
