import { z } from "@hono/zod-openapi";
import { TimbreError } from "../../../errors.js";
import { MovementInputSchema } from "../../../rules/stock/catalog-input.js";
import { MAX_MOVEMENTS_BATCH, recordMovements } from "../../stock/record-movements.js";
import { decodeCursor, storeStock } from "../../stock/store-stock.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { actorOf, type RouteDeps } from "./deps.js";

export const MovementsBodySchema = z.object({
  movements: z.array(MovementInputSchema).min(1).max(MAX_MOVEMENTS_BATCH),
});

const StockQuerySchema = z.object({
  updatedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Only items whose number changed after this instant (pass the previous answer's asOf)"),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  sku: z.string().trim().min(1).max(35).optional(),
});

const StockResponseSchema = z
  .object({
    items: z.array(
      z.object({ sku: z.string(), available: z.number().int().min(0), sellOnline: z.boolean(), updatedAt: z.string() }),
    ),
    asOf: z.string(),
    nextCursor: z.string().nullable(),
  })
  .openapi("StockPage", {
    example: {
      items: [{ sku: "CAFE-250", available: 12, sellOnline: true, updatedAt: "2026-11-20T15:04:05.000Z" }],
      asOf: "2026-11-20T15:05:00.000Z",
      nextCursor: null,
    },
  });

const MovementResultSchema = z
  .object({
    sku: z.string(),
    warehouse: z.string(),
    kind: z.string(),
    quantity: z.number(),
    unitCost: z.number(),
    onHand: z.number(),
    avgCost: z.number(),
    to: z.object({ warehouse: z.string(), onHand: z.number(), avgCost: z.number() }).optional(),
    duplicate: z.boolean(),
  })
  .openapi("MovementResult", {
    example: {
      sku: "CAFE-250",
      warehouse: "BODEGA-1",
      kind: "in",
      quantity: 10,
      unitCost: 3200,
      onHand: 22,
      avgCost: 3150,
      duplicate: false,
    },
  });

/** The stock routes of the sync API. */
export function stockRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/stock",
      summary:
        "What the calling store should show per SKU: whole units, never negative (free stock of its warehouses minus its safety buffer)",
      tags: ["stock"],
      auth: "store",
      query: StockQuerySchema,
      responses: { 200: { description: "Quantities, oldest change first", schema: StockResponseSchema } },
      async handler({ store, query: q }) {
        const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
        if (q.cursor !== undefined && !cursor) {
          throw new TimbreError(
            "invalid_query",
            { es: "Parámetros inválidos: cursor.", en: "Invalid parameters: cursor." },
            {
              fields: [
                { field: "cursor", message: "No es un cursor de esta API.", messageEn: "not a cursor from this API" },
              ],
            },
          );
        }
        const page = await storeStock(db, store, {
          limit: q.limit,
          ...(q.updatedSince ? { updatedSince: new Date(q.updatedSince) } : {}),
          ...(cursor ? { cursor } : {}),
          ...(q.sku ? { skus: [q.sku] } : {}),
        });
        return json(page);
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/stock/movements",
      summary:
        "Record stock movements (in, out, adjust, count, transfer), all or none, valued at weighted average cost. Quantities may be fractional; `externalId` makes a retry record nothing twice",
      tags: ["stock"],
      auth: "store",
      body: MovementsBodySchema,
      responses: {
        201: {
          description: "Recorded; each with the balance it left",
          schema: z.object({ movements: z.array(MovementResultSchema) }),
        },
      },
      async handler({ store, body }) {
        const movements = await recordMovements(db, store.companyId, body.movements, { actor: actorOf(store), store });
        deps.onQueued?.();
        return json({ movements }, 201);
      },
    }),
  ];
}
