import type { Prisma, Product, ProductVariant, Store } from "@prisma/client";
import type { ProductInput } from "../../rules/stock/catalog-input.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction, type Tx } from "../db/run-transaction.js";
import { refreshStoreVariants } from "../stock/refresh-store-variants.js";
import { ensureStoreStock } from "../stock/store-sync-config.js";
import { recordStoreListings } from "./record-store-listings.js";
import { rematchListings } from "./rematch-listings.js";

export type UpsertStatus = "created" | "updated" | "unchanged" | "duplicate";

export interface UpsertOutcome {
  sku: string;
  status: UpsertStatus;
}

export interface UpsertResult {
  results: UpsertOutcome[];
  /** SKUs sent more than once in the batch: none of their copies was applied. */
  duplicates: string[];
}

export const MAX_UPSERT_BATCH = 100;

/**
 * Creates or updates products by SKU (unique per company), in one transaction. A SKU repeated
 * in the batch is reported and left alone: which copy is right would be a guess. When a store
 * sends the batch, its items are also recorded as that store's listings (with its platform ids), so
 * its stock can be published and its duplicates reported.
 */
export async function upsertProducts(
  db: Db,
  companyId: string,
  items: readonly ProductInput[],
  options: { actor: string; store?: Pick<Store, "id" | "companyId"> },
): Promise<UpsertResult> {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.sku, (counts.get(i.sku) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([sku]) => sku);
  const applicable = items.filter((i) => counts.get(i.sku) === 1);

  return runTransaction(
    db,
    async (tx) => {
      const statuses = new Map<string, UpsertStatus>();
      const existing = new Map(
        (
          await tx.productVariant.findMany({
            where: { companyId, sku: { in: applicable.map((i) => i.sku) } },
            include: { product: { include: { images: true } } },
          })
        ).map((v) => [v.sku, v]),
      );
      const created: string[] = [];
      for (const item of applicable) {
        const current = existing.get(item.sku);
        const status = current ? await updateOne(tx, companyId, current, item) : await createOne(tx, companyId, item);
        if (status.variantId) created.push(status.variantId);
        statuses.set(item.sku, status.status);
      }
      if (created.length > 0) {
        // Stores that already listed these SKUs now match them; every store gets a number for them.
        await rematchListings(tx, companyId, {
          skus: applicable.filter((i) => statuses.get(i.sku) === "created").map((i) => i.sku),
        });
        await refreshStoreVariants(tx, companyId, { variantIds: created });
      }
      if (options.store) {
        await ensureStoreStock(tx, options.store);
        await recordStoreListings(
          tx,
          options.store,
          items.map((i) => ({
            sku: i.sku,
            title: i.name,
            price: i.price,
            ref: i.platformProductId
              ? { productId: i.platformProductId, variantId: i.platformVariantId, inventoryItemId: i.inventoryItemId }
              : undefined,
          })),
        );
        await applySellOnline(tx, options.store, applicable);
      }
      const results = items.map((i) => ({ sku: i.sku, status: statuses.get(i.sku) ?? ("duplicate" as const) }));
      const changed = results.filter((r) => r.status === "created" || r.status === "updated");
      if (changed.length > 0 || duplicates.length > 0) {
        await recordAudit(tx, {
          companyId,
          ...(options.store ? { storeId: options.store.id } : {}),
          subjectType: "catalog",
          subjectId: companyId,
          action: "products.upserted",
          actor: options.actor,
          data: {
            created: results.filter((r) => r.status === "created").length,
            updated: results.filter((r) => r.status === "updated").length,
            skus: changed.slice(0, 50).map((r) => r.sku),
            duplicates,
          },
        });
      }
      return { results, duplicates };
    },
    { retryOn: ["23505"] },
  );
}

type VariantWithProduct = ProductVariant & { product: Product & { images: Array<{ url: string }> } };

async function findOrCreateProduct(
  tx: Tx,
  companyId: string,
  key: string,
  item: ProductInput,
): Promise<Product & { images: Array<{ url: string }> }> {
  const found = await tx.product.findUnique({
    where: { companyId_key: { companyId, key } },
    include: { images: true },
  });
  if (found) return found;
  return tx.product.create({
    data: {
      companyId,
      key,
      name: item.productName ?? item.name,
      exempt: item.exempt ?? false,
      description: item.description ?? null,
      shortName: item.shortName ?? null,
    },
    include: { images: true },
  });
}

async function createOne(
  tx: Tx,
  companyId: string,
  item: ProductInput,
): Promise<{ status: UpsertStatus; variantId?: string }> {
  const product = await findOrCreateProduct(tx, companyId, item.product ?? item.sku, item);
  await updateProductFields(tx, product, item);
  const variant = await tx.productVariant.create({
    data: {
      companyId,
      productId: product.id,
      sku: item.sku,
      name: item.name,
      price: item.price,
      options: item.options ?? {},
      barcode: item.barcode ?? null,
      weightGrams: item.weightGrams ?? null,
      active: item.active ?? true,
    },
  });
  await addImages(tx, product, item.images ?? [], "hub");
  return { status: "created", variantId: variant.id };
}

async function updateOne(
  tx: Tx,
  companyId: string,
  current: VariantWithProduct,
  item: ProductInput,
): Promise<{ status: UpsertStatus; variantId?: string }> {
  let product = current.product;
  let changed = false;
  if (item.product && item.product !== product.key) {
    product = await findOrCreateProduct(tx, companyId, item.product, item);
    changed = true;
  }
  const data: Prisma.ProductVariantUncheckedUpdateInput = {};
  if (product.id !== current.productId) data.productId = product.id;
  if (item.name !== current.name) data.name = item.name;
  if (item.price !== current.price) data.price = item.price;
  if (item.options && JSON.stringify(item.options) !== JSON.stringify(current.options)) data.options = item.options;
  if (item.barcode !== undefined && item.barcode !== current.barcode) data.barcode = item.barcode;
  if (item.active !== undefined && item.active !== current.active) data.active = item.active;
  if (item.weightGrams !== undefined && item.weightGrams !== current.weightGrams) data.weightGrams = item.weightGrams;
  if (Object.keys(data).length > 0) {
    await tx.productVariant.update({ where: { id: current.id }, data });
    changed = true;
  }
  if (await updateProductFields(tx, product, item)) changed = true;
  if ((await addImages(tx, product, item.images ?? [], "hub")) > 0) changed = true;
  return { status: changed ? "updated" : "unchanged" };
}

async function updateProductFields(tx: Tx, product: Product, item: ProductInput): Promise<boolean> {
  const data: Prisma.ProductUpdateInput = {};
  if (item.exempt !== undefined && item.exempt !== product.exempt) data.exempt = item.exempt;
  if (item.productName !== undefined && item.productName !== product.name) data.name = item.productName;
  if (item.description !== undefined && item.description !== product.description) data.description = item.description;
  if (item.shortName !== undefined && item.shortName !== product.shortName) data.shortName = item.shortName;
  if (Object.keys(data).length === 0) return false;
  await tx.product.update({ where: { id: product.id }, data });
  return true;
}

/** Adds the images the product does not have yet, after the ones it has. */
export async function addImages(
  tx: Tx,
  product: { id: string; images: Array<{ url: string }> },
  urls: readonly string[],
  source: "hub" | "store",
): Promise<number> {
  const have = new Set(product.images.map((i) => i.url));
  const fresh = [...new Set(urls)].filter((u) => !have.has(u));
  if (fresh.length === 0) return 0;
  await tx.productImage.createMany({
    data: fresh.map((url, i) => ({ productId: product.id, url, position: product.images.length + i, source })),
    skipDuplicates: true,
  });
  return fresh.length;
}

async function applySellOnline(
  tx: Tx,
  store: Pick<Store, "id" | "companyId">,
  items: readonly ProductInput[],
): Promise<void> {
  for (const on of [true, false]) {
    const skus = items.filter((i) => i.sellOnline === on).map((i) => i.sku);
    if (skus.length === 0) continue;
    const rows = await tx.$queryRaw<Array<{ variantId: string }>>`
      UPDATE "StoreVariant" sv SET "sellOnline" = ${on}
      FROM "ProductVariant" v
      WHERE sv."storeId" = ${store.id}::uuid AND sv."variantId" = v.id AND v."companyId" = ${store.companyId}::uuid
        AND v.sku = ANY(${skus}::text[]) AND sv."sellOnline" <> ${on}
      RETURNING sv."variantId"::text AS "variantId"`;
    await refreshStoreVariants(tx, store.companyId, { storeIds: [store.id], variantIds: rows.map((r) => r.variantId) });
  }
}
