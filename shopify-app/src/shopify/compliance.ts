import type { Prisma, Store } from "@prisma/client";
import type { Db } from "@timbre/core/hub";
import { recordAudit } from "@timbre/core/platform-parts";
import { idString } from "./lossless-json.js";
import { updateShopSettings } from "./shop-settings.js";

/**
 * The mandatory privacy webhooks of a public Shopify app, honoured for real:
 * - customers/data_request: the buyer's data Timbre holds (orders, fiscal data, documents issued) is
 *   gathered and recorded in the audit log as `shopify.customer_data_export`, for the merchant to send.
 * - customers/redact: the buyer's personal data on those orders (e-mail, name, address) is erased.
 * - shop/redact (48 h after uninstall): tokens deleted and every order's personal data erased.
 * Issued tax documents (their XML) are kept: Chilean law requires keeping them for six years, and
 * the receptor's RUT and razón social on a factura are part of that record.
 */
export const COMPLIANCE_TOPICS = new Set(["customers/data_request", "customers/redact", "shop/redact"]);

const ACTOR = "shopify:compliance";
const PERSONAL_FIELDS = ["email", "name", "address", "commune", "city"] as const;

function customerOf(body: Record<string, unknown>) {
  const c = (body.customer ?? {}) as Record<string, unknown>;
  const email = typeof c.email === "string" && c.email.trim() ? c.email.trim().toLowerCase() : undefined;
  return { id: idString(c.id), email };
}

function orderIds(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((v) => idString(v) ?? []) : [];
}

/** Orders of this store that belong to the customer: the ids Shopify names, or the e-mail on them. */
async function customerOrders(db: Db, store: Store, ids: string[], email: string | undefined) {
  const or: Prisma.OrderWhereInput[] = [];
  if (ids.length) or.push({ externalId: { in: ids } });
  if (email) or.push({ buyer: { path: ["email"], equals: email } });
  if (or.length === 0) return [];
  return db.order.findMany({
    where: { storeId: store.id, OR: or },
    include: { documents: { select: { type: true, folio: true, state: true, issueDate: true } } },
  });
}

function redactBuyer(buyer: Prisma.JsonValue): Prisma.InputJsonObject {
  const b = { ...((buyer ?? {}) as Record<string, unknown>) };
  for (const f of PERSONAL_FIELDS) delete b[f];
  b.redacted = true;
  return b as Prisma.InputJsonObject;
}

export async function handleComplianceTopic(
  db: Db,
  store: Store | null,
  topic: string,
  body: Record<string, unknown>,
): Promise<void> {
  if (!store) return; // no data of this shop is kept
  const customer = customerOf(body);
  if (topic === "customers/data_request") {
    const orders = await customerOrders(db, store, orderIds(body.orders_requested), customer.email);
    await recordAudit(db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "shopify.customer_data_export",
      actor: ACTOR,
      data: {
        dataRequestId: idString((body.data_request as Record<string, unknown> | undefined)?.id) ?? null,
        customer: { id: customer.id ?? null, email: customer.email ?? null },
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
    return;
  }
  if (topic === "customers/redact") {
    const orders = await customerOrders(db, store, orderIds(body.orders_to_redact), customer.email);
    for (const o of orders) await db.order.update({ where: { id: o.id }, data: { buyer: redactBuyer(o.buyer) } });
    await recordAudit(db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "shopify.customer_redacted",
      actor: ACTOR,
      data: { customerId: customer.id ?? null, orders: orders.map((o) => o.externalId) },
    });
    return;
  }
  if (topic === "shop/redact") {
    await db.session.deleteMany({ where: { shop: store.shopDomain! } });
    const orders = await db.order.findMany({ where: { storeId: store.id }, select: { id: true, buyer: true } });
    for (const o of orders) await db.order.update({ where: { id: o.id }, data: { buyer: redactBuyer(o.buyer) } });
    await db.store.update({ where: { id: store.id }, data: { credentials: null } });
    await updateShopSettings(db, store.id, { redactedAt: new Date().toISOString() });
    await recordAudit(db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "shopify.shop_redacted",
      actor: ACTOR,
      data: { orders: orders.length },
    });
  }
}
