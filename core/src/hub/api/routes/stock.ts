import { z } from "zod";
import { TimbreError } from "../../../errors.js";
import { MovementInputSchema } from "../../../rules/stock/catalog-input.js";
import type { Db } from "../../db/prisma-client.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import { MAX_MOVEMENTS_BATCH, recordMovements } from "../../stock/record-movements.js";
import { decodeCursor, storeStock } from "../../stock/store-stock.js";
import { json, parseBody } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";
import { catalogRoutes } from "./catalog.js";
import { parseQuery } from "./query.js";
import { syncRoutes } from "./sync.js";

export interface StockRouteDeps {
  db: Db;
  encryptor: Encryptor;
  /** Called after new work was queued (stock publishes), so workers look for it right away. */
  onQueued?: () => void;
}

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

const StockResponseSchema = z.object({
  items: z.array(
    z.object({ sku: z.string(), available: z.number().int().min(0), sellOnline: z.boolean(), updatedAt: z.string() }),
  ),
  asOf: z.string(),
  nextCursor: z.string().nullable(),
});

const MovementResultSchema = z.object({
  sku: z.string(),
  warehouse: z.string(),
  kind: z.string(),
  quantity: z.number(),
  unitCost: z.number(),
  onHand: z.number(),
  avgCost: z.number(),
  to: z.object({ warehouse: z.string(), onHand: z.number(), avgCost: z.number() }).optional(),
  duplicate: z.boolean(),
});

/** The stock, catalog and sync routes of the sync API. */
export function stockRoutes(deps: StockRouteDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/v1/stock",
      doc: {
        summary:
          "What the calling store should show per SKU: whole units, never negative (free stock of its warehouses minus its safety buffer)",
        tags: ["stock"],
        auth: "store",
        query: StockQuerySchema,
        responses: { 200: { description: "Quantities, oldest change first", schema: StockResponseSchema } },
      },
      async handler({ request, url }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        const q = parseQuery(StockQuerySchema, url);
        const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
        if (q.cursor !== undefined && !cursor) {
          throw new TimbreError(
            "invalid_query",
            { es: "Parámetros inválidos: cursor.", en: "Invalid parameters: cursor." },
            { fields: [{ field: "cursor", message: "not a cursor from this API" }] },
          );
        }
        const page = await storeStock(deps.db, store, {
          limit: q.limit,
          ...(q.updatedSince ? { updatedSince: new Date(q.updatedSince) } : {}),
          ...(cursor ? { cursor } : {}),
          ...(q.sku ? { skus: [q.sku] } : {}),
        });
        return json(page);
      },
    },
    {
      method: "POST",
      path: "/api/v1/stock/movements",
      doc: {
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
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        const body = parseBody(MovementsBodySchema, raw);
        const movements = await recordMovements(deps.db, store.companyId, body.movements, {
          actor: `api:${store.id}`,
          store,
        });
        deps.onQueued?.();
        return json({ movements }, 201);
      },
    },
    ...catalogRoutes(deps),
    ...syncRoutes(deps),
  ];
}
