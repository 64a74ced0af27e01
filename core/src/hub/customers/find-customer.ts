import { TimbreError } from "../../errors.js";
import { isValidRut, normalizeRut } from "../../rules/rut.js";
import type { Db } from "../db/prisma-client.js";
import { customerView, type CustomerView } from "./customer-view.js";

/** One customer of the company by code, RUT or e-mail, with its addresses. */
export async function findCustomer(db: Db, companyId: string, ref: string): Promise<CustomerView> {
  const r = ref.trim();
  const include = { addresses: { orderBy: { createdAt: "asc" as const } }, _count: { select: { orders: true } } };
  const found =
    (await db.customer.findUnique({ where: { companyId_code: { companyId, code: r } }, include })) ??
    (isValidRut(r)
      ? await db.customer.findUnique({ where: { companyId_rut: { companyId, rut: normalizeRut(r) } }, include })
      : null) ??
    (r.includes("@")
      ? await db.customer.findFirst({
          where: { companyId, email: r.toLowerCase() },
          orderBy: { updatedAt: "desc" },
          include,
        })
      : null);
  if (!found) {
    throw new TimbreError(
      "customer.not_found",
      {
        es: `No hay un cliente con código, RUT o e-mail ${r}.`,
        en: `No customer with code, RUT or e-mail ${r}.`,
      },
      { kind: "not_found" },
    );
  }
  return customerView(found);
}
