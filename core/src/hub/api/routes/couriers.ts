import { z } from "@hono/zod-openapi";
import { CourierInputSchema, CourierPatchSchema } from "../../couriers/courier-input.js";
import { issueLoginLink } from "../../couriers/courier-sessions.js";
import { listCouriers } from "../../couriers/list-couriers.js";
import { saveCourier, updateCourier } from "../../couriers/save-courier.js";
import { runTransaction } from "../../db/run-transaction.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json, notFound } from "../http.js";
import { CourierViewSchema } from "../schemas/couriers.js";
import { actorOf, type RouteDeps } from "./deps.js";

const tags = ["couriers"];
const Saved = z.object({ courier: CourierViewSchema, created: z.boolean() });
const NO_COURIER = { es: "No existe ese repartidor.", en: "No such courier." };
const courierId = (id: string | undefined) => {
  if (!z.uuid().safeParse(id).success) throw notFound(NO_COURIER);
  return id!;
};

/** The company's couriers (people) through the sync API; deliveries are in deliveries.ts. */
export function courierRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/couriers",
      summary: "The company's couriers",
      tags,
      auth: "store",
      responses: { 200: { description: "Couriers", schema: z.object({ couriers: z.array(CourierViewSchema) }) } },
      handler: async ({ store }) => json({ couriers: await listCouriers(db, store.companyId) }),
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/couriers",
      summary:
        "Create a courier, or update the one with the same phone (zones by name, capacity per day, optional PIN)",
      tags,
      auth: "store",
      body: CourierInputSchema,
      responses: { 200: { description: "Updated", schema: Saved }, 201: { description: "Created", schema: Saved } },
      async handler({ store, body }) {
        const r = await runTransaction(db, (tx) => saveCourier(tx, store.companyId, body, actorOf(store)), {
          retryOn: ["23505"],
        });
        if (r.created) deps.onQueued?.();
        return json(r, r.created ? 201 : 200);
      },
    }),
    apiRoute({
      method: "PATCH",
      path: "/api/v1/couriers/:id",
      summary: "Change some of a courier's data (active, zones, capacity, PIN…)",
      tags,
      auth: "store",
      body: CourierPatchSchema,
      responses: {
        200: { description: "Updated", schema: Saved },
        404: { description: "No such courier" },
      },
      async handler({ store, params, body }) {
        const id = courierId(params.id);
        return json(await runTransaction(db, (tx) => updateCourier(tx, store.companyId, id, body, actorOf(store))));
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/couriers/:id/login-link",
      summary: "A one-time sign-in link for the courier's phone (valid 72 hours, shown once)",
      tags,
      auth: "store",
      responses: {
        201: {
          description: "The link",
          schema: z.object({ url: z.string(), expiresAt: z.string() }).openapi({
            example: { url: "https://hub.example.cl/courier/l/Qm9vb…", expiresAt: "2026-11-23T15:00:00.000Z" },
          }),
        },
        404: { description: "No such courier" },
      },
      async handler({ store, params, url }) {
        const link = await issueLoginLink(db, store.companyId, courierId(params.id), actorOf(store));
        const base = deps.publicUrl ?? url.origin;
        return json({ url: new URL(link.path, base).toString(), expiresAt: link.expiresAt.toISOString() }, 201);
      },
    }),
  ];
}
