import { z } from "@hono/zod-openapi";
import { setLegacySignatures } from "../../stores/signature-policy.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { LEGACY_SIGNATURE_SUNSET } from "../store-auth.js";
import { actorOf, type RouteDeps } from "./deps.js";

const PolicySchema = z
  .object({
    legacy: z.boolean().describe("Whether the deprecated body-only signature is still accepted from this store"),
    legacyUntil: z.string().describe("When the body-only form stops working for every store"),
  })
  .openapi("SignaturePolicy", { example: { legacy: false, legacyUntil: LEGACY_SIGNATURE_SUNSET.toISOString() } });

export function signatureRoutes(deps: RouteDeps): ApiRoute[] {
  const view = (legacy: boolean) => ({ legacy, legacyUntil: LEGACY_SIGNATURE_SUNSET.toISOString() });
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/signatures",
      summary: "Which signature forms the hub accepts from the calling store",
      tags: ["meta"],
      auth: "store",
      responses: { 200: { description: "The policy", schema: PolicySchema } },
      handler: ({ store }) => json(view(store.legacySignatures)),
    }),
    apiRoute({
      method: "PUT",
      path: "/api/v1/signatures",
      summary:
        "Turn the deprecated body-only signature off (or back on until the sunset) for the calling store; send it signed with the timestamped form",
      tags: ["meta"],
      auth: "store",
      body: z.object({ legacy: z.boolean() }),
      responses: { 200: { description: "The policy", schema: PolicySchema } },
      async handler({ store, body }) {
        await setLegacySignatures(deps.db, store, body.legacy, actorOf(store));
        return json(view(body.legacy));
      },
    }),
  ];
}
