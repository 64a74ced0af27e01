import { z } from "@hono/zod-openapi";
import { CourierSettingsInputSchema, getCourierSettings, setCourierSettings } from "../../couriers/courier-settings.js";
import { runTransaction } from "../../db/run-transaction.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { CourierSettingsViewSchema } from "../schemas/couriers.js";
import { actorOf, type RouteDeps } from "./deps.js";

const tags = ["couriers"];

export function courierSettingsRoutes(deps: RouteDeps): ApiRoute[] {
  const { db, encryptor } = deps;
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/courier-settings",
      summary: "The company's courier settings (assignment rule, proof requirements, webhook)",
      tags,
      auth: "store",
      responses: { 200: { description: "Settings", schema: z.object({ settings: CourierSettingsViewSchema }) } },
      handler: async ({ store }) => json({ settings: await getCourierSettings(db, store.companyId) }),
    }),
    apiRoute({
      method: "PUT",
      path: "/api/v1/courier-settings",
      summary: "Change the courier settings; a new webhook URL returns its signing secret once",
      tags,
      auth: "store",
      body: CourierSettingsInputSchema,
      responses: {
        200: {
          description: "Settings",
          schema: z.object({
            settings: CourierSettingsViewSchema,
            webhookSecret: z.string().optional().describe("Only when a webhook URL was set for the first time"),
          }),
        },
      },
      handler: async ({ store, body }) =>
        json(
          await runTransaction(db, (tx) => setCourierSettings(tx, encryptor, store.companyId, body, actorOf(store))),
        ),
    }),
  ];
}
