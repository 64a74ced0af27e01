import type { ListingPage, PlatformListing, StoreCatalogPort } from "@timbre/core/platform-parts";
import { TimbreError } from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { BULK_CATALOG, BULK_STATUS } from "./graphql-operations.js";
import { idString } from "./lossless-json.js";
import { clpFromAmount } from "./money.js";

/**
 * The initial catalogue read as one bulk operation: Shopify runs the query on its side and hands
 * back a JSONL file, instead of thousands of paged (and throttled) queries for a big catalogue.
 */
export async function readCatalogInBulk(
  client: ShopifyGraphqlClient,
  options: { pollMs?: number; timeoutMs?: number; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {},
): Promise<PlatformListing[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = await client.request<{
    bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: Array<{ message: string }> };
  }>(BULK_CATALOG);
  const op = started.bulkOperationRunQuery.bulkOperation;
  if (!op) throw bulkError(started.bulkOperationRunQuery.userErrors.map((e) => e.message).join("; "));
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const s = await client.request<{ node: { status: string; url: string | null; errorCode: string | null } | null }>(
      BULK_STATUS,
      { id: op.id },
    );
    if (!s.node) throw bulkError("bulk operation vanished");
    if (s.node.status === "COMPLETED") {
      if (!s.node.url) return []; // an empty shop has no result file
      const res = await (options.fetch ?? fetch)(s.node.url);
      if (!res.ok) throw bulkError(`result download ${res.status}`);
      return parseBulkCatalog(await res.text());
    }
    if (["FAILED", "CANCELED", "EXPIRED"].includes(s.node.status))
      throw bulkError(`${s.node.status} ${s.node.errorCode ?? ""}`);
    if (Date.now() > deadline) throw bulkError("timed out");
    await sleep(options.pollMs ?? 2_000);
  }
}

export function parseBulkCatalog(jsonl: string): PlatformListing[] {
  return jsonl
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const v = JSON.parse(line) as {
        id: string;
        sku: string | null;
        title: string;
        price: string;
        inventoryQuantity: number | null;
        product: { id: string; title: string };
        inventoryItem: { id: string };
      };
      return {
        ref: {
          productId: idString(v.product.id)!,
          variantId: idString(v.id)!,
          inventoryItemId: idString(v.inventoryItem.id)!,
        },
        sku: v.sku && v.sku.trim() ? v.sku : null,
        title: v.title && v.title !== "Default Title" ? `${v.product.title} - ${v.title}` : v.product.title,
        price: clpFromAmount(v.price),
        quantity: v.inventoryQuantity,
        imageUrls: [],
      };
    });
}

/** A port whose listings come from a bulk read already made (no request per page); writes go to the real port. */
export function prefetchedCatalogPort(port: StoreCatalogPort, listings: PlatformListing[]): StoreCatalogPort {
  return {
    limits: port.limits,
    async listListings(cursor: string | null): Promise<ListingPage> {
      const start = cursor ? Number(cursor) : 0;
      const end = start + port.limits.pageSize;
      return {
        listings: listings.slice(start, end),
        nextCursor: end < listings.length ? String(end) : null,
        total: listings.length,
      };
    },
    setInventory: (updates) => port.setInventory(updates),
  };
}

function bulkError(detail: string) {
  return new TimbreError(
    "shopify.bulk",
    {
      es: "No se pudo leer el catálogo de Shopify; se reintentará.",
      en: "Could not read the Shopify catalogue in bulk.",
    },
    { kind: "upstream", detail },
  );
}
