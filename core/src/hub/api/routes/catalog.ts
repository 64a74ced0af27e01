import { z } from "@hono/zod-openapi";
import { ProductInputSchema } from "../../../rules/stock/catalog-input.js";
import { MAX_UPSERT_BATCH, upsertProducts } from "../../catalog/upsert-products.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { actorOf, type RouteDeps } from "./deps.js";

export const UpsertProductsBodySchema = z.object({
  products: z.array(ProductInputSchema).min(1).max(MAX_UPSERT_BATCH),
});

const UpsertResponseSchema = z
  .object({
    results: z.array(z.object({ sku: z.string(), status: z.enum(["created", "updated", "unchanged", "duplicate"]) })),
    duplicates: z
      .array(z.string())
      .describe("SKUs repeated in the batch: none of their copies was applied; orders with them stay pending"),
  })
  .openapi("ProductUpsert", { example: { results: [{ sku: "CAFE-250", status: "created" }], duplicates: [] } });

export function catalogRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "PUT",
      path: "/api/v1/products",
      summary:
        "Create or update up to 100 products by SKU (unique per company). Items carrying the store's own ids (platformProductId, platformVariantId) become that store's listings, so stock can be pushed to it; a SKU repeated in the batch is reported, never guessed",
      tags: ["catalog"],
      auth: "store",
      body: UpsertProductsBodySchema,
      responses: { 200: { description: "What happened to each item, in order", schema: UpsertResponseSchema } },
      async handler({ store, body }) {
        const result = await upsertProducts(deps.db, store.companyId, body.products, { actor: actorOf(store), store });
        deps.onQueued?.();
        return json(result);
      },
    }),
  ];
}
