import type { Db } from "../db/prisma-client.js";

export interface SoleCompany {
  id: string;
  businessName: string;
  rut: string;
}

/**
 * The hub's only issuing company, when there is exactly one: who a shop connecting from its own
 * admin ("Conectar con Timbre") becomes a store of. Undefined when there is none or several.
 */
export async function soleCompany(db: Db): Promise<SoleCompany | undefined> {
  const rows = await db.company.findMany({ select: { id: true, businessName: true, rut: true }, take: 2 });
  return rows.length === 1 ? rows[0] : undefined;
}
