import type { Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";

/**
 * A buyer's personal data on a store's orders, for privacy requests (Shopify's mandatory hooks, and
 * any platform's equivalent): gathered into the audit log for the merchant to send, or erased.
 * Issued tax documents (their XML) are kept: Chilean law requires keeping them for six years, and
 * the receptor's RUT and razón social on a factura are part of that record.
 */
const PERSONAL_FIELDS = ["email", "name", "address", "commune", "city"] as const;

interface PrivacyStore {
  id: string;
  companyId: string;
  platform: string;
}

async function customerOrders(db: Db, storeId: string, ids: string[], email: string | undefined) {
  const or: Prisma.OrderWhereInput[] = [];
  if (ids.length) or.push({ externalId: { in: ids } });
  if (email) or.push({ buyer: { path: ["email"], equals: email.trim().toLowerCase() } });
  if (or.length === 0) return [];
  return db.order.findMany({
    where: { storeId, OR: or },
    include: { documents: { select: { type: true, folio: true, state: true, issueDate: true } } },
  });
}

export function redactBuyer(buyer: Prisma.JsonValue): Prisma.InputJsonObject {
  const b = { ...((buyer ?? {}) as Record<string, unknown>) };
  for (const f of PERSONAL_FIELDS) delete b[f];
  b.redacted = true;
  return b as Prisma.InputJsonObject;
}

/** Records the buyer's data Timbre holds as `<platform>.customer_data_export` in the store's audit log. */
export async function exportCustomerData(
  db: Db,
  store: PrivacyStore,
  input: {
    orderExternalIds: string[];
    email?: string | undefined;
    requestId?: string | null;
    customerId?: string | null;
  },
  actor: string,
): Promise<{ orders: number }> {
  const orders = await customerOrders(db, store.id, input.orderExternalIds, input.email);
  await recordAudit(db, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "store",
    subjectId: store.id,
    action: `${store.platform}.customer_data_export`,
    actor,
    data: {
      dataRequestId: input.requestId ?? null,
      customer: { id: input.customerId ?? null, email: input.email ?? null },
      orders: orders.map((o) => ({
        externalId: o.externalId,
        number: o.number,
        buyer: o.buyer,
        documents: o.documents.map((d) => ({
          type: d.type,
          folio: d.folio,
          state: d.state,
          issueDate: d.issueDate.toISOString().slice(0, 10),
        })),
      })),
    } as Prisma.InputJsonObject,
  });
  return { orders: orders.length };
}

/** Erases e-mail, name and address on the buyer's orders of this store. */
export async function redactCustomer(
  db: Db,
  store: PrivacyStore,
  input: { orderExternalIds: string[]; email?: string | undefined; customerId?: string | null },
  actor: string,
): Promise<{ orders: string[] }> {
  const orders = await customerOrders(db, store.id, input.orderExternalIds, input.email);
  for (const o of orders) await db.order.update({ where: { id: o.id }, data: { buyer: redactBuyer(o.buyer) } });
  await recordAudit(db, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "store",
    subjectId: store.id,
    action: `${store.platform}.customer_redacted`,
    actor,
    data: { customerId: input.customerId ?? null, orders: orders.map((o) => o.externalId) },
  });
  return { orders: orders.map((o) => o.externalId) };
}

/** Erases every buyer of the store and forgets its credentials (after uninstall). */
export async function redactShop(db: Db, store: PrivacyStore, actor: string): Promise<{ orders: number }> {
  const orders = await db.order.findMany({ where: { storeId: store.id }, select: { id: true, buyer: true } });
  for (const o of orders) await db.order.update({ where: { id: o.id }, data: { buyer: redactBuyer(o.buyer) } });
  await db.store.update({ where: { id: store.id }, data: { credentials: null } });
  await recordAudit(db, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "store",
    subjectId: store.id,
    action: `${store.platform}.shop_redacted`,
    actor,
    data: { orders: orders.length },
  });
  return { orders: orders.length };
}
