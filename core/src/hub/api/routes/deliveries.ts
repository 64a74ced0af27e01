import { z } from "@hono/zod-openapi";
import { isServiceDay } from "../../../rules/couriers/service-day.js";
import { completeDelivery } from "../../couriers/complete-delivery.js";
import { createStoreOrderDelivery, CreateDeliveryInputSchema } from "../../couriers/create-delivery.js";
import { deliveryProofMedia } from "../../couriers/delivery-proof-media.js";
import { deliveryView } from "../../couriers/delivery-view.js";
import { failDelivery } from "../../couriers/fail-delivery.js";
import { deliveryNotFound, findDelivery } from "../../couriers/find-delivery.js";
import { DeliveryFilterSchema, listDeliveries } from "../../couriers/list-deliveries.js";
import { reassignDelivery } from "../../couriers/reassign-delivery.js";
import { shipWithCarrier } from "../../couriers/ship-with-carrier.js";
import { startDelivery } from "../../couriers/start-delivery.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { DeliveryViewSchema } from "../schemas/couriers.js";
import { actorOf, type RouteDeps } from "./deps.js";

const tags = ["couriers"];
const One = z.object({ delivery: DeliveryViewSchema });
const Day = z.string().refine(isServiceDay, "YYYY-MM-DD");
const At = z.iso.datetime({ offset: true }).optional();

const CreateDeliveryBodySchema = CreateDeliveryInputSchema.extend({
  orderExternalId: z.string().trim().min(1).max(255),
});
const AssignBodySchema = z.object({ courierId: z.uuid().optional(), day: Day.optional() });
const ShipBodySchema = z.object({
  trackingNumber: z.string().trim().min(1).max(100),
  carrier: z.string().trim().min(1).max(60).optional(),
});
const DeliverBodySchema = z.object({
  receiverName: z.string().trim().max(100).optional(),
  notes: z.string().trim().max(1000).optional(),
  at: At,
});
const FailBodySchema = z.object({ reason: z.string().trim().min(1).max(500), at: At });

const date = (at: string | undefined) => (at ? new Date(at) : undefined);

/** Deliveries of the calling store: create, list, follow, act on, and their proof. */
export function deliveryRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  const queued = () => deps.onQueued?.();
  async function storeDelivery(store: { id: string; companyId: string }, idOrCode: string) {
    const d = await findDelivery(db, store.companyId, idOrCode);
    if (d.storeId !== store.id) throw deliveryNotFound();
    return d;
  }
  const proofImage = (which: "photo" | "signature", contentType: string) =>
    apiRoute({
      method: "GET",
      path: `/api/v1/deliveries/:id/proof/${which}`,
      summary:
        which === "photo"
          ? "The proof-of-delivery photo"
          : "The receiver's signature drawn on the courier's phone (PNG)",
      tags,
      auth: "store",
      responses: {
        200: { description: "The image", contentType },
        404: { description: which === "photo" ? "No photo" : "No signature" },
      },
      async handler({ store, params }) {
        const d = await storeDelivery(store, params.id!);
        const media = await deliveryProofMedia(db, d.id, which);
        return new Response(media.bytes, {
          headers: { "content-type": media.contentType, "cache-control": "private, max-age=3600" },
        });
      },
    });

  return [
    apiRoute({
      method: "POST",
      path: "/api/v1/deliveries",
      summary:
        "Create the delivery of an order with its shipping address: priced by zone and assigned a courier automatically (idempotent per order)",
      tags,
      auth: "store",
      body: CreateDeliveryBodySchema,
      responses: {
        201: { description: "Created", schema: One },
        200: { description: "It already existed", schema: One },
        404: { description: "No such order in this store" },
      },
      async handler({ store, body }) {
        const { orderExternalId, ...input } = body;
        const r = await createStoreOrderDelivery(db, store.id, orderExternalId, input, actorOf(store));
        if (r.created) queued();
        return json({ delivery: r.delivery }, r.created ? 201 : 200);
      },
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/deliveries",
      summary:
        "The calling store's deliveries, oldest change first; poll with updatedSince to write tracking and status back",
      tags,
      auth: "store",
      query: DeliveryFilterSchema,
      responses: { 200: { description: "Deliveries", schema: z.object({ deliveries: z.array(DeliveryViewSchema) }) } },
      handler: async ({ store, query }) =>
        json({ deliveries: await listDeliveries(db, { companyId: store.companyId, storeId: store.id }, query) }),
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/deliveries/:id",
      summary: "One delivery (by id or code) with its proof summary",
      tags,
      auth: "store",
      responses: { 200: { description: "The delivery", schema: One }, 404: { description: "Not found" } },
      handler: async ({ store, params }) => json({ delivery: deliveryView(await storeDelivery(store, params.id!)) }),
    }),
    proofImage("photo", "image/jpeg"),
    proofImage("signature", "image/png"),
    apiRoute({
      method: "POST",
      path: "/api/v1/deliveries/:id/assign",
      summary: "Assign again: to the courier given, or by the merchant's rule; optionally on another day",
      tags,
      auth: "store",
      body: AssignBodySchema,
      responses: { 200: { description: "The delivery", schema: One } },
      async handler({ store, params, body }) {
        const d = await storeDelivery(store, params.id!);
        const delivery = await reassignDelivery(db, store.companyId, d.id, body, actorOf(store));
        queued();
        return json({ delivery });
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/deliveries/:id/start",
      summary: "Mark an own-courier delivery as on its way",
      tags,
      auth: "store",
      responses: { 200: { description: "The delivery", schema: One } },
      async handler({ store, params }) {
        const d = await storeDelivery(store, params.id!);
        const delivery = await startDelivery(db, store.companyId, { deliveryId: d.id }, actorOf(store));
        queued();
        return json({ delivery });
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/deliveries/:id/ship",
      summary: "An external carrier took the parcel: its tracking number is written back to the store as shipped",
      tags,
      auth: "store",
      body: ShipBodySchema,
      responses: { 200: { description: "The delivery", schema: One } },
      async handler({ store, params, body }) {
        const d = await storeDelivery(store, params.id!);
        const delivery = await shipWithCarrier(db, store.companyId, { deliveryId: d.id, ...body }, actorOf(store));
        queued();
        return json({ delivery });
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/deliveries/:id/deliver",
      summary: "Confirm a carrier delivery or a store pickup (own-courier proof with photo comes from the courier app)",
      tags,
      auth: "store",
      body: DeliverBodySchema,
      responses: { 200: { description: "The delivery", schema: One } },
      async handler({ store, params, body }) {
        const d = await storeDelivery(store, params.id!);
        const r = await completeDelivery(
          db,
          store.companyId,
          {
            deliveryId: d.id,
            proof: { clientId: `api:${d.id}`, receiverName: body.receiverName, notes: body.notes, at: date(body.at) },
          },
          actorOf(store),
        );
        queued();
        return json({ delivery: r.delivery });
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/deliveries/:id/fail",
      summary: "The delivery could not be made, with the reason",
      tags,
      auth: "store",
      body: FailBodySchema,
      responses: { 200: { description: "The delivery", schema: One } },
      async handler({ store, params, body }) {
        const d = await storeDelivery(store, params.id!);
        const delivery = await failDelivery(
          db,
          store.companyId,
          { deliveryId: d.id, reason: body.reason, at: date(body.at) },
          actorOf(store),
        );
        queued();
        return json({ delivery });
      },
    }),
  ];
}
