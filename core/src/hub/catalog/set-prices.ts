import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";

/** Sets prices of a price list (created on first use). Whole CLP, same tax basis as base prices. */
export async function setPrices(
  db: Db,
  companyId: string,
  listName: string,
  entries: ReadonlyArray<{ sku: string; price: number }>,
  actor: string,
): Promise<{ list: string; count: number }> {
  for (const e of entries) {
    if (!Number.isInteger(e.price) || e.price < 0) {
      throw new TimbreError(
        "price.invalid",
        {
          es: `Precio inválido para ${e.sku}: debe ser pesos enteros.`,
          en: `Invalid price for ${e.sku}: must be whole pesos.`,
        },
        { fields: [{ field: "price", message: "whole CLP" }] },
      );
    }
  }
  return runTransaction(
    db,
    async (tx) => {
      const list = await tx.priceList.upsert({
        where: { companyId_name: { companyId, name: listName } },
        create: { companyId, name: listName },
        update: {},
      });
      const variants = await tx.productVariant.findMany({
        where: { companyId, sku: { in: entries.map((e) => e.sku) } },
        select: { id: true, sku: true },
      });
      const bySku = new Map(variants.map((v) => [v.sku, v.id]));
      const unknown = entries.filter((e) => !bySku.has(e.sku)).map((e) => e.sku);
      if (unknown.length > 0)
        throw new TimbreError(
          "product.not_found",
          { es: `No existe el SKU ${unknown.join(", ")}.`, en: `No product with SKU ${unknown.join(", ")}.` },
          { kind: "not_found", fields: unknown.map(() => ({ field: "sku", message: "unknown" })) },
        );
      for (const e of entries) {
        const variantId = bySku.get(e.sku)!;
        await tx.priceListEntry.upsert({
          where: { priceListId_variantId: { priceListId: list.id, variantId } },
          create: { priceListId: list.id, variantId, price: e.price },
          update: { price: e.price },
        });
      }
      await recordAudit(tx, {
        companyId,
        subjectType: "price_list",
        subjectId: list.id,
        action: "prices.set",
        actor,
        data: { list: listName, entries: entries.slice(0, 50) },
      });
      return { list: listName, count: entries.length };
    },
    { retryOn: ["23505"] },
  );
}
