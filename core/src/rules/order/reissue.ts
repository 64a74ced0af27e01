/**
 * A boleta turned into a factura after the sale: a nota de crédito annuls the boleta (recorded as a
 * refund of everything, marked by this prefix), then the factura is issued. Such an annulment is a
 * correction of the document, not goods coming back: it never counts against later refunds.
 */
export const REISSUE_PREFIX = "reissue:";

export const reissueRefundId = (saleDocumentId: string): string => `${REISSUE_PREFIX}${saleDocumentId}`;

export const isReissueRefund = (refundExternalId: string): boolean => refundExternalId.startsWith(REISSUE_PREFIX);

/**
 * The sale document in force: the latest one not annulled by a re-issue whose nota de crédito
 * exists. Sale documents come oldest first.
 */
export function currentSale<D extends { id: string }>(
  sales: readonly D[],
  refunds: ReadonlyArray<{ externalId: string; hasCreditNote: boolean }>,
): D | undefined {
  const annulled = new Set(
    refunds
      .filter((r) => r.hasCreditNote && isReissueRefund(r.externalId))
      .map((r) => r.externalId.slice(REISSUE_PREFIX.length)),
  );
  const live = sales.filter((s) => !annulled.has(s.id));
  return live.at(-1);
}
