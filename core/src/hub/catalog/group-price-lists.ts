import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { requireStore } from "../stock/require-store.js";

export interface GroupPriceList {
  /** The platform's customer group code (Magento: "Wholesale", "Distribuidores"). */
  group: string;
  priceList: string;
  /** Every entry of the list, by SKU: whole CLP per unit, same tax basis as base prices. */
  prices: Array<{ sku: string; price: number }>;
}

const GroupCode = /^[\p{L}\p{N} _.-]{1,32}$/u;

/**
 * Prices a store's customer group with a hub price list (a distributor's own price table), or
 * removes the assignment (`list` null). The store's connector publishes the list as the group's
 * prices (Magento: tier prices); a customer gets the group of the list on their hub record.
 */
export async function setGroupPriceList(
  db: Db,
  storeId: string,
  group: string,
  list: string | null,
  actor: string,
): Promise<GroupPriceList[]> {
  const code = group.trim();
  if (!GroupCode.test(code)) {
    throw new TimbreError(
      "store.customer_group_invalid",
      {
        es: `El grupo de clientes «${group}» no es válido: use hasta 32 letras, números, espacios, puntos o guiones.`,
        en: `Customer group "${group}" is not valid: up to 32 letters, digits, spaces, dots or dashes.`,
      },
      { fields: [{ field: "customerGroup", message: "1-32 letters, digits, spaces, . _ -" }] },
    );
  }
  await runTransaction(db, async (tx) => {
    const store = await requireStore(tx, storeId);
    if (list === null) {
      await tx.storeGroupPriceList.deleteMany({ where: { storeId, groupCode: code } });
    } else {
      const found = await tx.priceList.findUnique({
        where: { companyId_name: { companyId: store.companyId, name: list } },
      });
      if (!found) {
        throw new TimbreError(
          "price_list.not_found",
          { es: `No existe la lista de precios ${list}.`, en: `No price list ${list}.` },
          { kind: "not_found", fields: [{ field: "priceList", message: "unknown" }] },
        );
      }
      await tx.storeGroupPriceList.upsert({
        where: { storeId_groupCode: { storeId, groupCode: code } },
        create: { storeId, groupCode: code, priceListId: found.id },
        update: { priceListId: found.id },
      });
    }
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId,
      subjectType: "store",
      subjectId: storeId,
      action: list === null ? "store.group_price_list_removed" : "store.group_price_list_set",
      actor,
      data: { group: code, priceList: list },
    });
  });
  return groupPriceLists(db, storeId);
}

/** The store's customer groups with their price lists and every price in them. */
export async function groupPriceLists(db: Db, storeId: string): Promise<GroupPriceList[]> {
  const rows = await db.storeGroupPriceList.findMany({
    where: { storeId },
    orderBy: { groupCode: "asc" },
    include: {
      priceList: {
        select: { name: true, entries: { select: { price: true, variant: { select: { sku: true } } } } },
      },
    },
  });
  return rows.map((r) => ({
    group: r.groupCode,
    priceList: r.priceList.name,
    prices: r.priceList.entries
      .map((e) => ({ sku: e.variant.sku, price: e.price }))
      .sort((a, b) => a.sku.localeCompare(b.sku)),
  }));
}
