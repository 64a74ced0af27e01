import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db/prisma-client.js";
import { customerView, type CustomerView } from "./customer-view.js";

export const CustomerFilterSchema = z.object({
  /** true: only guests; false: only account holders. */
  guest: z.boolean().optional(),
  /** Part of the code, name, e-mail or RUT. */
  search: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/** The company's customers, newest first. */
export async function listCustomers(
  db: Db,
  companyId: string,
  filter: z.input<typeof CustomerFilterSchema> = {},
): Promise<CustomerView[]> {
  const f = CustomerFilterSchema.parse(filter);
  const where: Prisma.CustomerWhereInput = { companyId };
  if (f.guest !== undefined) where.isGuest = f.guest;
  if (f.search) {
    const q = f.search;
    where.OR = [
      { code: { contains: q, mode: "insensitive" } },
      { name: { contains: q, mode: "insensitive" } },
      { email: { contains: q.toLowerCase() } },
      { rut: { contains: q.replace(/\./g, "").toUpperCase() } },
    ];
  }
  const rows = await db.customer.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take: f.limit,
    include: { _count: { select: { orders: true } } },
  });
  return rows.map(customerView);
}
