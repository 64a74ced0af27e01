import type { Db } from "../db/prisma-client.js";
import { orderView, type OrderView } from "./order-view.js";

export interface OrderListFilter {
  /** "pending": orders waiting for merchant action; "issued": with a document; default all. */
  show?: "all" | "pending" | "issued";
  /** Matches the order number or platform id. */
  search?: string;
  take?: number;
  /** The id of the last order of the previous page. */
  after?: string;
}

/** A store's orders, newest first, with their documents, a page at a time. */
export async function listStoreOrders(
  db: Db,
  storeId: string,
  f: OrderListFilter = {},
): Promise<{ orders: OrderView[]; next: string | null }> {
  const take = Math.min(Math.max(f.take ?? 25, 1), 100);
  const search = f.search?.trim();
  const rows = await db.order.findMany({
    where: {
      storeId,
      ...(f.show === "pending" ? { NOT: { pendingReasons: { equals: [] } } } : {}),
      ...(f.show === "issued" ? { documents: { some: {} } } : {}),
      ...(search ? { OR: [{ number: { contains: search } }, { externalId: { contains: search } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(f.after ? { cursor: { id: f.after }, skip: 1 } : {}),
    include: { documents: { orderBy: { createdAt: "asc" } } },
  });
  const page = rows.slice(0, take);
  return {
    orders: page.map((o) => orderView(o, o.documents)),
    next: rows.length > take ? page[page.length - 1]!.id : null,
  };
}
