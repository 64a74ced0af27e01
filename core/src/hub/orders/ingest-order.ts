import type { Order, Prisma } from "@prisma/client";
import type { NormalizedOrder } from "../../rules/order/normalized-order.js";
import { recordAudit } from "../audit/record-audit.js";
import { matchCustomer } from "../customers/match-customer.js";
import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";
import { enqueue } from "../jobs/job-queue.js";
import { recordUsage } from "../billing/record-usage.js";

export interface IngestResult {
  order: Order;
  /** False when this version was already known, or older than the one stored. */
  changed: boolean;
}

export const PROCESS_ORDER_JOB = "order.process";

/**
 * Lines of products the merchant marked exento in the hub are exempt, whatever the platform said:
 * Mercado Libre (and most storefronts) carry no tax flag, and the boleta exenta (41) or the exempt
 * lines of a boleta (39) follow the catalog. Stored that way, so a later nota de crédito mirrors it.
 */
async function withCatalogExemptions(tx: Tx, companyId: string, o: NormalizedOrder): Promise<NormalizedOrder> {
  const skus = [...new Set(o.lines.filter((l) => l.sku && !l.exempt).map((l) => l.sku!))];
  if (skus.length === 0) return o;
  const rows = await tx.$queryRaw<Array<{ sku: string }>>`
    SELECT v.sku FROM "ProductVariant" v JOIN "Product" p ON p.id = v."productId"
    WHERE v."companyId" = ${companyId}::uuid AND v.sku = ANY(${skus}::text[]) AND p.exempt`;
  if (rows.length === 0) return o;
  const exempt = new Set(rows.map((r) => r.sku));
  return { ...o, lines: o.lines.map((l) => (l.sku && exempt.has(l.sku) ? { ...l, exempt: true } : l)) };
}

/**
 * Stores the order (idempotent on store + external id) and queues its processing. The compare on
 * the platform's updatedAt happens inside the upsert, so concurrent deliveries of the same event, or
 * an old webhook arriving late, can never overwrite newer data.
 */
export async function ingestOrder(
  db: Db,
  storeId: string,
  companyId: string,
  o: NormalizedOrder,
  actor: string,
): Promise<IngestResult> {
  return db.$transaction(async (tx) => {
    o = await withCatalogExemptions(tx, companyId, o);
    const rows = await tx.$queryRaw<Array<{ id: string; inserted: boolean }>>`
      INSERT INTO "Order" (id, "storeId", "externalId", number, status, "externalUpdatedAt", "pricesIncludeTax", buyer, lines, shipping, hold, "updatedAt")
      VALUES (gen_random_uuid(), ${storeId}::uuid, ${o.externalId}, ${o.number ?? null}, ${o.status}::"OrderStatus", ${new Date(o.updatedAt)},
              ${o.pricesIncludeTax}, ${JSON.stringify(o.buyer)}::jsonb, ${JSON.stringify(o.lines)}::jsonb,
              ${o.shipping ? JSON.stringify(o.shipping) : null}::jsonb, ${o.hold ?? null}, now())
      ON CONFLICT ("storeId", "externalId") DO UPDATE SET
        number = EXCLUDED.number, status = EXCLUDED.status, "externalUpdatedAt" = EXCLUDED."externalUpdatedAt",
        "pricesIncludeTax" = EXCLUDED."pricesIncludeTax", buyer = EXCLUDED.buyer, lines = EXCLUDED.lines,
        shipping = EXCLUDED.shipping, hold = EXCLUDED.hold, "updatedAt" = now()
      WHERE "Order"."externalUpdatedAt" < EXCLUDED."externalUpdatedAt"
      RETURNING id, (xmax = 0) AS inserted`;
    const written = rows[0];
    await recordUsage(tx, storeId, o);
    let order = await tx.order.findUniqueOrThrow({
      where: { storeId_externalId: { storeId, externalId: o.externalId } },
    });
    if (!written) return { order, changed: false };
    const customerId = await orderCustomer(tx, companyId, o, actor);
    if (customerId !== undefined && customerId !== order.customerId) {
      order = await tx.order.update({ where: { id: order.id }, data: { customerId } });
    }
    await recordAudit(tx, {
      companyId,
      storeId,
      subjectType: "order",
      subjectId: order.id,
      action: written.inserted ? "order.received" : "order.updated",
      actor,
      data: {
        status: o.status,
        updatedAt: o.updatedAt,
        lines: o.lines.length,
        hold: o.hold ?? null,
      } satisfies Prisma.InputJsonObject,
    });
    await enqueue(tx, {
      kind: PROCESS_ORDER_JOB,
      payload: { orderId: order.id },
      dedupeKey: `${PROCESS_ORDER_JOB}:${order.id}`,
    });
    return { order, changed: true };
  });
}

/**
 * The buyer as a hub customer, when the platform said whether they had an account: found by RUT,
 * then e-mail, else created (guests under the guest prefix). Undefined when it did not say, or the
 * buyer gave nothing to match on.
 */
async function orderCustomer(
  tx: Prisma.TransactionClient,
  companyId: string,
  o: NormalizedOrder,
  actor: string,
): Promise<string | undefined> {
  const b = o.buyer;
  if (b.guest === undefined) return undefined;
  const { customer } = await matchCustomer(
    tx,
    companyId,
    {
      guest: b.guest,
      ...(b.rut ? { rut: b.rut } : {}),
      ...(b.email ? { email: b.email } : {}),
      ...(b.name ? { name: b.name } : {}),
      ...(b.businessName ? { businessName: b.businessName } : {}),
      ...(b.activity ? { activity: b.activity.slice(0, 40) } : {}),
      ...(b.address ? { address: b.address } : {}),
      ...(b.commune ? { commune: b.commune } : {}),
      ...(b.city ? { city: b.city } : {}),
    },
    actor,
  );
  return customer?.id;
}
