import type { Db } from "../db/prisma-client.js";

/** A customer with an account whose hub price list prices one of the store's customer groups. */
export interface CustomerGroupAssignment {
  code: string;
  email: string;
  rut: string | null;
  /** The store's customer group priced by the customer's list. */
  group: string;
}

/**
 * Which customer group each customer belongs in on this store, from the hub's record: the group the
 * store prices with the customer's price list (`timbre customer set … --price-list L` and
 * `timbre store sync-settings <store> --customer-group G --price-list L`). Customers without an
 * e-mail cannot be found on a platform and are left out; so are guests.
 */
export async function customerPriceGroups(
  db: Db,
  store: { id: string; companyId: string },
): Promise<CustomerGroupAssignment[]> {
  const groups = await db.storeGroupPriceList.findMany({
    where: { storeId: store.id },
    orderBy: { groupCode: "asc" },
    select: { groupCode: true, priceListId: true },
  });
  if (groups.length === 0) return [];
  const groupOf = new Map<string, string>();
  // Two groups on one list: the first by code, so the answer does not change between calls.
  for (const g of groups) if (!groupOf.has(g.priceListId)) groupOf.set(g.priceListId, g.groupCode);
  const customers = await db.customer.findMany({
    where: {
      companyId: store.companyId,
      isGuest: false,
      email: { not: null },
      priceListId: { in: [...groupOf.keys()] },
    },
    orderBy: { code: "asc" },
    select: { code: true, email: true, rut: true, priceListId: true },
  });
  return customers.map((c) => ({ code: c.code, email: c.email!, rut: c.rut, group: groupOf.get(c.priceListId!)! }));
}
