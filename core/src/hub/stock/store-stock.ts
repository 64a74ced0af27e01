import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { ensureStoreStock } from "./store-sync-config.js";

export interface StoreStockItem {
  sku: string;
  /** Whole units the store should show, never negative. */
  available: number;
  sellOnline: boolean;
  updatedAt: string;
}

export interface StoreStockPage {
  items: StoreStockItem[];
  /** Pass as `updatedSince` next time; a little behind the clock so a slow concurrent commit is not missed (items may repeat, never go missing). */
  asOf: string;
  /** More items changed than fit in this page: pass it as `cursor`. */
  nextCursor: string | null;
}

/** Transactions shorter than this can never commit a change older than `asOf`. */
const COMMIT_MARGIN_MS = 10_000;

interface Cursor {
  at: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<Cursor>;
    return typeof c.at === "string" && typeof c.id === "string" && !Number.isNaN(Date.parse(c.at))
      ? { at: c.at, id: c.id }
      : undefined;
  } catch {
    return undefined;
  }
}

/** What a store should show, optionally only what changed since a time, oldest change first. */
export async function storeStock(
  db: Db,
  store: { id: string; companyId: string },
  options: { updatedSince?: Date; cursor?: Cursor; limit: number; skus?: readonly string[] },
): Promise<StoreStockPage> {
  await runTransaction(db, (tx) => ensureStoreStock(tx, store));
  const since = options.updatedSince ?? new Date(0);
  const after = options.cursor ?? { at: new Date(0).toISOString(), id: "00000000-0000-0000-0000-000000000000" };
  const skus = options.skus ? [...options.skus] : null;
  const rows = await db.$queryRaw<
    Array<{ sku: string; available: number; sellOnline: boolean; changedAt: Date; variantId: string }>
  >`
    SELECT v.sku, sv.available, sv."sellOnline", sv."changedAt", sv."variantId"::text AS "variantId"
    FROM "StoreVariant" sv JOIN "ProductVariant" v ON v.id = sv."variantId"
    WHERE sv."storeId" = ${store.id}::uuid AND sv."changedAt" > ${since}
      AND (sv."changedAt", sv."variantId") > (${new Date(after.at)}, ${after.id}::uuid)
      AND (${skus}::text[] IS NULL OR v.sku = ANY(${skus}::text[]))
    ORDER BY sv."changedAt", sv."variantId"
    LIMIT ${options.limit + 1}`;
  const [{ now }] = (await db.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`) as [{ now: Date }];
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      sku: r.sku,
      available: Number(r.available),
      sellOnline: r.sellOnline,
      updatedAt: r.changedAt.toISOString(),
    })),
    asOf: new Date(now.getTime() - COMMIT_MARGIN_MS).toISOString(),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor({ at: last.changedAt.toISOString(), id: last.variantId })
        : null,
  };
}
