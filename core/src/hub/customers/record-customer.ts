import type { Db } from "../db/prisma-client.js";
import { customerView, type CustomerView } from "./customer-view.js";
import { matchCustomer, type CustomerInput } from "./match-customer.js";

/**
 * A customer a platform told us about (created or edited in the store, not only when they buy):
 * matched by RUT, then e-mail, or created with its code. Undefined when it carries neither.
 */
export async function recordCustomer(
  db: Db,
  companyId: string,
  input: CustomerInput,
  actor: string,
): Promise<{ customer: CustomerView; created: boolean } | undefined> {
  const r = await db.$transaction((tx) => matchCustomer(tx, companyId, input, actor));
  return r.customer ? { customer: customerView(r.customer), created: r.created } : undefined;
}
