import type { Store } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function requireStore(db: Db | Tx, storeId: string): Promise<Store> {
  const store = UUID.test(storeId) ? await db.store.findUnique({ where: { id: storeId } }) : null;
  if (!store) {
    throw new TimbreError(
      "store.not_found",
      {
        es: `No existe la tienda ${storeId} (vea \`timbre store list\`).`,
        en: `No store ${storeId} (see \`timbre store list\`).`,
      },
      { kind: "not_found" },
    );
  }
  return store;
}
