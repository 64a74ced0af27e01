import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { DELIVERY_MODES } from "../../rules/couriers/delivery-state.js";
import type { ShippingMethodMapping } from "../../rules/couriers/shipping-methods.js";
import { recordAudit } from "../audit/record-audit.js";

export const ShippingMethodInputSchema = z
  .object({
    /** The method's name as the store's orders carry it, or "*" for all others. */
    method: z.string().trim().min(1).max(120),
    mode: z.enum(DELIVERY_MODES),
    carrier: z.string().trim().min(1).max(60).optional(),
  })
  .refine((m) => m.mode !== "carrier" || m.carrier !== undefined, {
    message: "an external carrier needs its name",
    path: ["carrier"],
  });

export type ShippingMethodInput = z.output<typeof ShippingMethodInputSchema>;

export async function listShippingMethods(
  db: Prisma.TransactionClient,
  storeId: string,
): Promise<ShippingMethodMapping[]> {
  const rows = await db.shippingMethodMapping.findMany({ where: { storeId }, orderBy: { method: "asc" } });
  return rows.map((r) => ({ method: r.method, mode: r.mode, carrier: r.carrier }));
}

/** Maps one of the store's shipping methods to how it is delivered (replaces an earlier mapping). */
export async function saveShippingMethod(
  tx: Prisma.TransactionClient,
  store: { id: string; companyId: string },
  input: ShippingMethodInput,
  actor: string,
): Promise<ShippingMethodMapping> {
  const data = { mode: input.mode, carrier: input.mode === "carrier" ? (input.carrier ?? null) : null };
  const row = await tx.shippingMethodMapping.upsert({
    where: { storeId_method: { storeId: store.id, method: input.method } },
    create: { storeId: store.id, method: input.method, ...data },
    update: data,
  });
  await recordAudit(tx, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "store",
    subjectId: store.id,
    action: "courier.shipping_method_mapped",
    actor,
    data: { method: input.method, ...data },
  });
  return { method: row.method, mode: row.mode, carrier: row.carrier };
}
