import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { normalizeRut } from "../../rules/rut.js";
import type { Tx } from "../db/run-transaction.js";

const FacturaDataSchema = z.object({
  rut: z.string().trim().min(1).max(20),
  businessName: z.string().trim().min(1).max(100),
  activity: z.string().trim().min(1).max(40),
  // A factura also needs the receiver's address; kept from the order (billing address) when not given.
  address: z.string().trim().min(1).max(70).optional(),
  commune: z.string().trim().min(1).max(20).optional(),
});

export type FacturaData = z.input<typeof FacturaDataSchema>;

/** The buyer's fiscal data for a factura, checked on the server whatever the storefront did; the RUT in wire form. */
export function parseFacturaData(data: unknown): z.output<typeof FacturaDataSchema> {
  const parsed = FacturaDataSchema.safeParse(data);
  if (!parsed.success) {
    throw new TimbreError(
      "factura.data_missing",
      {
        es: "Una factura necesita RUT, razón social y giro.",
        en: "An invoice needs RUT, company name and line of business.",
      },
      { fields: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) },
    );
  }
  return { ...parsed.data, rut: normalizeRut(parsed.data.rut) };
}

/** Locks a store's order for a change that must not race with its processing; 404 when not the store's. */
export async function lockStoreOrder(tx: Tx, storeId: string, externalId: string): Promise<string> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Order" WHERE "storeId" = ${storeId}::uuid AND "externalId" = ${externalId} FOR UPDATE`;
  const id = rows[0]?.id;
  if (!id) {
    throw new TimbreError(
      "not_found",
      { es: `La tienda no tiene el pedido ${externalId}.`, en: `This store has no order ${externalId}.` },
      { kind: "not_found" },
    );
  }
  return id;
}
