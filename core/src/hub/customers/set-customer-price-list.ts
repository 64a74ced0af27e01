import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { findCustomer } from "./find-customer.js";
import type { CustomerView } from "./customer-view.js";

/**
 * Gives a customer (a distributor) its own price table, or takes it away (`list` null). Its orders
 * are priced with it, and a store whose customer groups are priced by hub lists puts the customer
 * in the group of that list (Magento: the customer's group).
 */
export async function setCustomerPriceList(
  db: Db,
  companyId: string,
  ref: string,
  list: string | null,
  actor: string,
): Promise<CustomerView & { priceList: string | null }> {
  const customer = await findCustomer(db, companyId, ref);
  await runTransaction(db, async (tx) => {
    const found =
      list === null ? null : await tx.priceList.findUnique({ where: { companyId_name: { companyId, name: list } } });
    if (list !== null && !found) {
      throw new TimbreError(
        "price_list.not_found",
        { es: `No existe la lista de precios ${list}.`, en: `No price list ${list}.` },
        { kind: "not_found", fields: [{ field: "priceList", message: "unknown" }] },
      );
    }
    const row = await tx.customer.update({
      where: { companyId_code: { companyId, code: customer.code } },
      data: { priceListId: found?.id ?? null },
    });
    await recordAudit(tx, {
      companyId,
      subjectType: "customer",
      subjectId: row.id,
      action: list === null ? "customer.price_list_removed" : "customer.price_list_set",
      actor,
      data: { code: row.code, priceList: list },
    });
  });
  return { ...customer, priceList: list };
}
