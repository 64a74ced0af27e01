import type { Warehouse } from "@prisma/client";
import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { fieldIssues } from "../../validation.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { pgErrorCode, runTransaction } from "../db/run-transaction.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

export const WarehouseInputSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'"),
  name: z.string().trim().min(1).max(80),
  /** Feeds the stores that have no warehouses of their own; the first warehouse is the default. */
  isDefault: z.boolean().optional(),
});

export type WarehouseInput = z.input<typeof WarehouseInputSchema>;

export async function createWarehouse(
  db: Db,
  companyId: string,
  input: WarehouseInput,
  actor: string,
): Promise<Warehouse> {
  const parsed = WarehouseInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldIssues(parsed.error);
    throw new TimbreError(
      "warehouse.invalid",
      {
        es: `Bodega inválida: ${fields.map((f) => f.field).join(", ")}.`,
        en: `Invalid warehouse: ${fields.map((f) => f.field).join(", ")}.`,
      },
      { fields },
    );
  }
  const w = parsed.data;
  try {
    return await runTransaction(db, async (tx) => {
      // The company row serializes "is this the first warehouse?" between concurrent creations.
      await tx.$queryRaw`SELECT id FROM "Company" WHERE id = ${companyId}::uuid FOR UPDATE`;
      const count = await tx.warehouse.count({ where: { companyId } });
      const isDefault = count === 0 || w.isDefault === true;
      if (isDefault && count > 0)
        await tx.warehouse.updateMany({ where: { companyId, isDefault: true }, data: { isDefault: false } });
      const created = await tx.warehouse.create({ data: { companyId, code: w.code, name: w.name, isDefault } });
      await recordAudit(tx, {
        companyId,
        subjectType: "warehouse",
        subjectId: created.id,
        action: "warehouse.created",
        actor,
        data: { code: w.code, name: w.name, isDefault },
      });
      // Stores without warehouses of their own follow the default one.
      if (isDefault) await refreshStoreVariants(tx, companyId);
      return created;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      throw new TimbreError(
        "warehouse.duplicate",
        { es: `Ya existe una bodega con el código ${w.code}.`, en: `A warehouse with code ${w.code} already exists.` },
        { kind: "conflict", fields: [{ field: "code", message: "already exists" }] },
      );
    }
    throw e;
  }
}
