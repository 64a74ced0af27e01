import { z } from "@hono/zod-openapi";
import { quoteShipping } from "../../couriers/quote-shipping.js";
import { listShippingMethods, saveShippingMethod, ShippingMethodInputSchema } from "../../couriers/shipping-methods.js";
import { runTransaction } from "../../db/run-transaction.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { ShippingMethodSchema, ShippingQuoteSchema } from "../schemas/couriers.js";
import { actorOf, type RouteDeps } from "./deps.js";

const tags = ["couriers"];

const QuoteInputSchema = z.object({
  comuna: z.string().trim().min(1).max(60),
  postalCode: z.string().trim().max(12).optional(),
  goodsTotal: z.number().int().min(0).max(100_000_000_000),
  weightGrams: z.number().int().positive().max(1_000_000).optional(),
});

export function shippingRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  return [
    apiRoute({
      method: "POST",
      path: "/api/v1/shipping-quote",
      summary:
        "The own-courier fee for an address and cart (for the store's checkout): its zone, the fee and whether it is free",
      tags,
      auth: "store",
      body: QuoteInputSchema,
      responses: {
        200: { description: "The quote, or `deliverable: false` with the reason", schema: ShippingQuoteSchema },
      },
      handler: async ({ store, body }) => json(await quoteShipping(db, store.companyId, body)),
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/shipping-methods",
      summary: "How the calling store's shipping methods are delivered",
      tags,
      auth: "store",
      responses: {
        200: { description: "Mappings", schema: z.object({ shippingMethods: z.array(ShippingMethodSchema) }) },
      },
      handler: async ({ store }) => json({ shippingMethods: await listShippingMethods(db, store.id) }),
    }),
    apiRoute({
      method: "PUT",
      path: "/api/v1/shipping-methods",
      summary: 'Map a shipping method of the store to own courier, external carrier or pickup ("*" for all others)',
      tags,
      auth: "store",
      body: ShippingMethodInputSchema,
      responses: { 200: { description: "The mapping", schema: z.object({ shippingMethod: ShippingMethodSchema }) } },
      handler: async ({ store, body }) =>
        json({
          shippingMethod: await runTransaction(db, (tx) => saveShippingMethod(tx, store, body, actorOf(store)), {
            retryOn: ["23505"],
          }),
        }),
    }),
  ];
}
