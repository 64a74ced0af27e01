import { z } from "zod";
import { ProductInputSchema } from "../../../rules/stock/catalog-input.js";
import { MAX_UPSERT_BATCH, upsertProducts } from "../../catalog/upsert-products.js";
import { json, parseBody } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";
import type { StockRouteDeps } from "./stock.js";

export const UpsertProductsBodySchema = z.object({
  products: z.array(ProductInputSchema).min(1).max(MAX_UPSERT_BATCH),
});

const UpsertResponseSchema = z.object({
  results: z.array(z.object({ sku: z.string(), status: z.enum(["created", "updated", "unchanged", "duplicate"]) })),
  duplicates: z
    .array(z.string())
    .describe("SKUs repeated in the batch: none of their copies was applied; orders with them stay pending"),
});

export function catalogRoutes(deps: StockRouteDeps): Route[] {
  return [
    {
      method: "PUT",
      path: "/api/v1/products",
      doc: {
        summary:
          "Create or update up to 100 products by SKU (unique per company). Items carrying the store's own ids (platformProductId, platformVariantId) become that store's listings, so stock can be pushed to it; a SKU repeated in the batch is reported, never guessed",
        tags: ["catalog"],
        auth: "store",
        body: UpsertProductsBodySchema,
        responses: { 200: { description: "What happened to each item, in order", schema: UpsertResponseSchema } },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        const body = parseBody(UpsertProductsBodySchema, raw);
        const result = await upsertProducts(deps.db, store.companyId, body.products, {
          actor: `api:${store.id}`,
          store,
        });
        deps.onQueued?.();
        return json(result);
      },
    },
  ];
}
