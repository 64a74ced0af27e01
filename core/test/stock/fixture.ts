import type { Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../src/hub/stores/create-store.js";

export const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

let n = 0;

export async function createCompany(db: Db, rut = "76192083-9") {
  return db.company.create({
    data: {
      rut,
      businessName: "Ferretería Demo SpA",
      activity: "Venta",
      actecos: [479100],
      address: "A 1",
      commune: "Santiago",
    },
  });
}

export async function connectStore(
  db: Db,
  companyId: string,
  platform = "woocommerce",
  name = `Tienda ${++n}`,
): Promise<CreatedStore> {
  return createStore(db, encryptor, {
    companyId,
    platform,
    name,
    shopDomain: `${platform}-${n}-${Math.random().toString(36).slice(2, 8)}.example`,
    actor: "test",
  });
}

let orderNo = 0;

/** An order as the order pipeline stores it (lines per rules/order/normalized-order.ts). */
export async function createOrder(
  db: Db,
  storeId: string,
  lines: Array<{ sku?: string; quantity: number }>,
  status: "paid" | "pending" = "paid",
) {
  const id = ++orderNo;
  return db.order.create({
    data: {
      storeId,
      externalId: `o-${id}-${Math.random().toString(36).slice(2, 8)}`,
      number: `#${id}`,
      status,
      externalUpdatedAt: new Date(),
      lines: lines.map((l, i) => ({
        externalId: `l${i}`,
        name: `Item ${i}`,
        unitPrice: 1000,
        discount: 0,
        exempt: false,
        ...l,
      })),
    },
  });
}
