import { z } from "zod";
import { Quantity } from "./amount-limits.js";
import { isReissueRefund } from "./reissue.js";

export const RefundRequestSchema = z
  .object({
    externalId: z
      .string({ error: "must be a string (platform ids are sent as strings)" })
      .trim()
      .min(1)
      .max(255)
      .refine((id) => !id.startsWith("reissue:") && id !== "cancellation", "reserved for Timbre's own corrections"),
    reason: z.string().trim().min(1).max(90),
    lines: z
      .array(
        z.object({
          externalId: z.string({ error: "must be a string" }).trim().min(1).max(255),
          quantity: Quantity,
        }),
      )
      .max(1000)
      .default([]),
    shipping: z.boolean().default(false),
  })
  .refine((r) => r.lines.length > 0 || r.shipping, { message: "a refund needs lines or shipping", path: ["lines"] });

export type RefundRequest = z.output<typeof RefundRequestSchema>;

// A type, not an interface, so it can be stored as Prisma JSON as it is.
export type RefundableLine = {
  externalId: string;
  quantity: number;
};

/** A refund already recorded on the order. */
export interface RecordedRefund {
  externalId: string;
  lines: RefundableLine[];
  shipping: boolean;
}

/**
 * What earlier refunds gave back, per line and for shipping. A boleta annulled to re-issue it as a
 * factura returned no goods, so it does not count.
 */
function refundedSoFar(previous: readonly RecordedRefund[]): { lines: Map<string, number>; shipping: boolean } {
  const goods = previous.filter((p) => !isReissueRefund(p.externalId));
  const lines = new Map<string, number>();
  for (const p of goods) for (const l of p.lines) lines.set(l.externalId, (lines.get(l.externalId) ?? 0) + l.quantity);
  return { lines, shipping: goods.some((p) => p.shipping) };
}

/** Everything not given back yet: what a cancellation or a whole-order nota de crédito refunds. */
export function remainingToRefund(
  orderLines: readonly RefundableLine[],
  previous: readonly RecordedRefund[],
  hasShipping: boolean,
): { lines: RefundableLine[]; shipping: boolean } {
  const done = refundedSoFar(previous);
  return {
    lines: orderLines
      .map((l) => ({ externalId: l.externalId, quantity: l.quantity - (done.lines.get(l.externalId) ?? 0) }))
      .filter((l) => l.quantity > 1e-9),
    shipping: hasShipping && !done.shipping,
  };
}

/**
 * What is still refundable per line, given the refunds already recorded. Quantities may be
 * fractional (kilos), so compare with a tolerance instead of exact equality.
 */
export function checkRefundable(
  orderLines: RefundableLine[],
  previous: readonly RecordedRefund[],
  request: Pick<RefundRequest, "lines" | "shipping">,
  hasShipping: boolean,
): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  const done = refundedSoFar(previous);
  request.lines.forEach((l, i) => {
    const line = orderLines.find((o) => o.externalId === l.externalId);
    if (!line) {
      issues.push({ field: `lines.${i}.externalId`, message: "not a line of this order" });
      return;
    }
    const left = line.quantity - (done.lines.get(l.externalId) ?? 0);
    if (l.quantity > left + 1e-9)
      issues.push({ field: `lines.${i}.quantity`, message: `only ${Math.max(0, left)} left to refund` });
  });
  if (request.shipping && !hasShipping) issues.push({ field: "shipping", message: "the order has no shipping charge" });
  if (request.shipping && done.shipping) issues.push({ field: "shipping", message: "shipping was already refunded" });
  return issues;
}
