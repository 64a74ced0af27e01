import { z } from "@hono/zod-openapi";
import { ZoneInputSchema } from "../../../rules/couriers/zone-input.js";
import { listZones } from "../../couriers/list-zones.js";
import { removeZone } from "../../couriers/remove-zone.js";
import { saveZone } from "../../couriers/save-zone.js";
import { runTransaction } from "../../db/run-transaction.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { ZoneViewSchema } from "../schemas/couriers.js";
import { actorOf, type RouteDeps } from "./deps.js";

const tags = ["couriers"];
const Saved = z.object({ zone: ZoneViewSchema, created: z.boolean() });

export function zoneRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/zones",
      summary: "Delivery zones with their rate and courier commission",
      tags,
      auth: "store",
      responses: { 200: { description: "Zones", schema: z.object({ zones: z.array(ZoneViewSchema) }) } },
      handler: async ({ store }) => json({ zones: await listZones(db, store.companyId) }),
    }),
    apiRoute({
      method: "PUT",
      path: "/api/v1/zones",
      summary: "Create a zone, or replace the one with the same name (regiones and comunas by code or name)",
      tags,
      auth: "store",
      body: ZoneInputSchema,
      responses: { 200: { description: "Replaced", schema: Saved }, 201: { description: "Created", schema: Saved } },
      async handler({ store, body }) {
        const r = await runTransaction(db, (tx) => saveZone(tx, store.companyId, body, actorOf(store)), {
          retryOn: ["23505"],
        });
        return json(r, r.created ? 201 : 200);
      },
    }),
    apiRoute({
      method: "DELETE",
      path: "/api/v1/zones/:name",
      summary: "Delete a zone (deliveries keep the fee and commission they were priced with)",
      tags,
      auth: "store",
      responses: { 204: { description: "Deleted" }, 404: { description: "No such zone" } },
      async handler({ store, params }) {
        await runTransaction(db, (tx) => removeZone(tx, store.companyId, params.name!, actorOf(store)));
        return new Response(null, { status: 204 });
      },
    }),
  ];
}
