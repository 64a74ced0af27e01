import { z } from "zod";

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
          quantity: z.number().positive(),
        }),
      )
      .max(1000)
      .default([]),
    shipping: z.boolean().default(false),
  })
  .refine((r) => r.lines.length > 0 || r.shipping, { message: "a refund needs lines or shipping", path: ["lines"] });

export type RefundRequest = z.output<typeof RefundRequestSchema>;

export interface RefundableLine {
  externalId: string;
  quantity: number;
}

/**
 * What is still refundable per line, given the refunds already recorded. Quantities may be
 * fractional (kilos), so compare with a tolerance instead of exact equality.
 */
export function checkRefundable(
  orderLines: RefundableLine[],
  previous: Array<{ lines: RefundableLine[]; shipping: boolean }>,
  request: Pick<RefundRequest, "lines" | "shipping">,
  hasShipping: boolean,
): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  const refunded = new Map<string, number>();
  for (const p of previous)
    for (const l of p.lines) refunded.set(l.externalId, (refunded.get(l.externalId) ?? 0) + l.quantity);
  request.lines.forEach((l, i) => {
    const line = orderLines.find((o) => o.externalId === l.externalId);
    if (!line) {
      issues.push({ field: `lines.${i}.externalId`, message: "not a line of this order" });
      return;
    }
    const left = line.quantity - (refunded.get(l.externalId) ?? 0);
    if (l.quantity > left + 1e-9)
      issues.push({ field: `lines.${i}.quantity`, message: `only ${Math.max(0, left)} left to refund` });
  });
  if (request.shipping && !hasShipping) issues.push({ field: "shipping", message: "the order has no shipping charge" });
  if (request.shipping && previous.some((p) => p.shipping))
    issues.push({ field: "shipping", message: "shipping was already refunded" });
  return issues;
}
