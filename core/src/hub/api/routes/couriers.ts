import { z } from "zod";
import { COMUNAS, REGIONS } from "../../../rules/couriers/comunas.js";
import { findComuna } from "../../../rules/couriers/comuna-lookup.js";
import { quoteDelivery } from "../../../rules/couriers/rates.js";
import { isServiceDay } from "../../../rules/couriers/service-day.js";
import { settlementCsv } from "../../../rules/couriers/settlement.js";
import { ZoneInputSchema } from "../../../rules/couriers/zone-input.js";
import { matchZone } from "../../../rules/couriers/zones.js";
import { TimbreError } from "../../../errors.js";
import { completeDelivery } from "../../couriers/complete-delivery.js";
import { CourierInputSchema, CourierPatchSchema } from "../../couriers/courier-input.js";
import { CourierSettingsInputSchema, getCourierSettings, setCourierSettings } from "../../couriers/courier-settings.js";
import { issueLoginLink } from "../../couriers/courier-sessions.js";
import { createDelivery, CreateDeliveryInputSchema } from "../../couriers/create-delivery.js";
import { failDelivery } from "../../couriers/fail-delivery.js";
import { deliveryNotFound, findDelivery } from "../../couriers/find-delivery.js";
import { deliveryView } from "../../couriers/delivery-view.js";
import { listCouriers } from "../../couriers/list-couriers.js";
import { DeliveryFilterSchema, listDeliveries } from "../../couriers/list-deliveries.js";
import { listZones } from "../../couriers/list-zones.js";
import { reassignDelivery } from "../../couriers/reassign-delivery.js";
import { removeZone } from "../../couriers/remove-zone.js";
import { saveCourier, updateCourier } from "../../couriers/save-courier.js";
import { saveZone } from "../../couriers/save-zone.js";
import { settlementReport } from "../../couriers/settlement-report.js";
import { listShippingMethods, saveShippingMethod, ShippingMethodInputSchema } from "../../couriers/shipping-methods.js";
import { shipWithCarrier } from "../../couriers/ship-with-carrier.js";
import { startDelivery } from "../../couriers/start-delivery.js";
import { zoneDefinition, zoneTerms } from "../../couriers/zone-view.js";
import type { Db } from "../../db/prisma-client.js";
import { runTransaction } from "../../db/run-transaction.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import { json, parseBody } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";
import { parseQuery } from "./query.js";

export interface CourierRouteDeps {
  db: Db;
  encryptor: Encryptor;
  /** Called after new work was queued, so workers look for it right away. */
  onQueued?: () => void;
  /** Where the hub is reached from a phone, for sign-in links (TIMBRE_PUBLIC_URL); the request's origin otherwise. */
  publicUrl?: string | undefined;
}

const tags = ["couriers"];
const Any = z.unknown();
const ZoneSchema = z.object({ zone: Any, created: z.boolean() });
const DeliverySchema = z.object({ delivery: Any });
const Day = z.string().refine(isServiceDay, "YYYY-MM-DD");

const QuoteInputSchema = z.object({
  comuna: z.string().trim().min(1),
  postalCode: z.string().trim().max(12).optional(),
  goodsTotal: z.number().int().min(0),
  weightGrams: z.number().int().positive().max(1_000_000).optional(),
});
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
  at: z.iso.datetime({ offset: true }).optional(),
});
const FailBodySchema = z.object({
  reason: z.string().trim().min(1).max(500),
  at: z.iso.datetime({ offset: true }).optional(),
});
const SettlementQuerySchema = z.object({
  from: Day,
  to: Day,
  courierId: z.uuid().optional(),
  format: z.enum(["json", "csv"]).default("json"),
  separator: z.enum([",", ";"]).default(","),
});

/**
 * Zones, rates, couriers and deliveries through the sync API. Everything is scoped to the calling
 * store's company; deliveries to the calling store itself.
 */
export function courierRoutes(deps: CourierRouteDeps): Route[] {
  const { db, encryptor } = deps;
  const auth = (request: Request, raw?: string) => authenticateStore(db, encryptor, request, raw);
  const actorOf = (store: { id: string }) => `api:${store.id}`;
  const queued = () => deps.onQueued?.();

  async function storeDelivery(store: { id: string; companyId: string }, idOrCode: string) {
    const d = await findDelivery(db, store.companyId, idOrCode);
    if (d.storeId !== store.id) throw deliveryNotFound();
    return d;
  }

  return [
    {
      method: "GET",
      path: "/api/v1/comunas",
      doc: {
        summary: "The official regiones and comunas of Chile with their CUT codes (for zones and addresses)",
        tags,
        auth: "none",
        responses: { 200: { description: "Regiones with their comunas", schema: Any } },
      },
      handler: async () =>
        json({
          regions: REGIONS.map((r) => ({
            ...r,
            comunas: COMUNAS.filter((c) => c.regionCode === r.code).map(({ code, name }) => ({ code, name })),
          })),
        }),
    },
    {
      method: "GET",
      path: "/api/v1/courier-settings",
      doc: {
        summary: "The company's courier settings (assignment rule, proof requirements, webhook)",
        tags,
        auth: "store",
        responses: { 200: { description: "Settings", schema: Any } },
      },
      async handler({ request }) {
        const store = await auth(request);
        return json({ settings: await getCourierSettings(db, store.companyId) });
      },
    },
    {
      method: "PUT",
      path: "/api/v1/courier-settings",
      doc: {
        summary: "Change the courier settings; a new webhook URL returns its signing secret once",
        tags,
        auth: "store",
        body: CourierSettingsInputSchema,
        responses: { 200: { description: "Settings", schema: Any } },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const input = parseBody(CourierSettingsInputSchema, raw);
        return json(
          await runTransaction(db, (tx) => setCourierSettings(tx, encryptor, store.companyId, input, actorOf(store))),
        );
      },
    },
    {
      method: "GET",
      path: "/api/v1/zones",
      doc: {
        summary: "Delivery zones with their rate and courier commission",
        tags,
        auth: "store",
        responses: { 200: { description: "Zones", schema: z.object({ zones: z.array(Any) }) } },
      },
      async handler({ request }) {
        const store = await auth(request);
        return json({ zones: await listZones(db, store.companyId) });
      },
    },
    {
      method: "PUT",
      path: "/api/v1/zones",
      doc: {
        summary: "Create a zone, or replace the one with the same name (regiones and comunas by code or name)",
        tags,
        auth: "store",
        body: ZoneInputSchema,
        responses: {
          200: { description: "Replaced", schema: ZoneSchema },
          201: { description: "Created", schema: ZoneSchema },
        },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const input = parseBody(ZoneInputSchema, raw);
        const r = await runTransaction(db, (tx) => saveZone(tx, store.companyId, input, actorOf(store)), {
          retryOn: ["23505"],
        });
        return json(r, r.created ? 201 : 200);
      },
    },
    {
      method: "DELETE",
      path: "/api/v1/zones/:name",
      doc: {
        summary: "Delete a zone (deliveries keep the fee and commission they were priced with)",
        tags,
        auth: "store",
        responses: { 204: { description: "Deleted" }, 404: { description: "No such zone" } },
      },
      async handler({ request, params }) {
        const store = await auth(request, "");
        await runTransaction(db, (tx) => removeZone(tx, store.companyId, params.name!, actorOf(store)));
        return new Response(null, { status: 204 });
      },
    },
    {
      method: "POST",
      path: "/api/v1/shipping-quote",
      doc: {
        summary:
          "The own-courier fee for an address and cart (for the store's checkout): its zone, the fee and whether it is free",
        tags,
        auth: "store",
        body: QuoteInputSchema,
        responses: { 200: { description: "The quote, or `deliverable: false` with the reason", schema: Any } },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const q = parseBody(QuoteInputSchema, raw);
        const comuna = findComuna(q.comuna);
        if (!comuna)
          return json({
            deliverable: false,
            reason: { code: "unknown_comuna", message: `No se reconoce la comuna "${q.comuna}".` },
          });
        const zones = await db.deliveryZone.findMany({
          where: { companyId: store.companyId, active: true },
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        });
        const match = matchZone(zones.map(zoneDefinition), { comunaCode: comuna.code, postalCode: q.postalCode });
        const zone = match && zones.find((z) => z.id === match.zoneId);
        if (!zone)
          return json({
            deliverable: false,
            reason: { code: "no_zone", message: `${comuna.name} no está en ninguna zona de reparto.` },
          });
        const { rate, commission } = zoneTerms(zone);
        const quote = quoteDelivery(rate, commission, { goodsTotal: q.goodsTotal, weightGrams: q.weightGrams });
        if (!quote.ok)
          return json({ deliverable: false, zone: zone.name, reason: { code: quote.code, message: quote.message } });
        return json({
          deliverable: true,
          zone: zone.name,
          comuna: { code: comuna.code, name: comuna.name },
          fee: quote.fee,
          listFee: quote.listFee,
          free: quote.free,
        });
      },
    },
    {
      method: "GET",
      path: "/api/v1/couriers",
      doc: {
        summary: "The company's couriers",
        tags,
        auth: "store",
        responses: { 200: { description: "Couriers", schema: z.object({ couriers: z.array(Any) }) } },
      },
      async handler({ request }) {
        const store = await auth(request);
        return json({ couriers: await listCouriers(db, store.companyId) });
      },
    },
    {
      method: "POST",
      path: "/api/v1/couriers",
      doc: {
        summary:
          "Create a courier, or update the one with the same phone (zones by name, capacity per day, optional PIN)",
        tags,
        auth: "store",
        body: CourierInputSchema,
        responses: { 200: { description: "Updated", schema: Any }, 201: { description: "Created", schema: Any } },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const input = parseBody(CourierInputSchema, raw);
        const r = await runTransaction(db, (tx) => saveCourier(tx, store.companyId, input, actorOf(store)), {
          retryOn: ["23505"],
        });
        if (r.created) queued();
        return json(r, r.created ? 201 : 200);
      },
    },
    {
      method: "PATCH",
      path: "/api/v1/couriers/:id",
      doc: {
        summary: "Change some of a courier's data (active, zones, capacity, PIN…)",
        tags,
        auth: "store",
        body: CourierPatchSchema,
        responses: { 200: { description: "Updated", schema: Any } },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const patch = parseBody(CourierPatchSchema, raw);
        if (!z.uuid().safeParse(params.id).success)
          throw new TimbreError(
            "not_found",
            { es: "No existe ese repartidor.", en: "No such courier." },
            { kind: "not_found" },
          );
        return json(
          await runTransaction(db, (tx) => updateCourier(tx, store.companyId, params.id!, patch, actorOf(store))),
        );
      },
    },
    {
      method: "POST",
      path: "/api/v1/couriers/:id/login-link",
      doc: {
        summary: "A one-time sign-in link for the courier's phone (valid 72 hours, shown once)",
        tags,
        auth: "store",
        responses: { 201: { description: "The link", schema: z.object({ url: z.string(), expiresAt: z.string() }) } },
      },
      async handler({ request, params, url }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        if (!z.uuid().safeParse(params.id).success)
          throw new TimbreError(
            "not_found",
            { es: "No existe ese repartidor.", en: "No such courier." },
            { kind: "not_found" },
          );
        const link = await issueLoginLink(db, store.companyId, params.id!, actorOf(store));
        const base = deps.publicUrl ?? url.origin;
        return json({ url: new URL(link.path, base).toString(), expiresAt: link.expiresAt.toISOString() }, 201);
      },
    },
    {
      method: "GET",
      path: "/api/v1/shipping-methods",
      doc: {
        summary: "How the calling store's shipping methods are delivered",
        tags,
        auth: "store",
        responses: { 200: { description: "Mappings", schema: Any } },
      },
      async handler({ request }) {
        const store = await auth(request);
        return json({ shippingMethods: await listShippingMethods(db, store.id) });
      },
    },
    {
      method: "PUT",
      path: "/api/v1/shipping-methods",
      doc: {
        summary: 'Map a shipping method of the store to own courier, external carrier or pickup ("*" for all others)',
        tags,
        auth: "store",
        body: ShippingMethodInputSchema,
        responses: { 200: { description: "The mapping", schema: Any } },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const input = parseBody(ShippingMethodInputSchema, raw);
        return json({
          shippingMethod: await runTransaction(db, (tx) => saveShippingMethod(tx, store, input, actorOf(store)), {
            retryOn: ["23505"],
          }),
        });
      },
    },
    {
      method: "POST",
      path: "/api/v1/deliveries",
      doc: {
        summary:
          "Create the delivery of an order with its shipping address: priced by zone and assigned a courier automatically (idempotent per order)",
        tags,
        auth: "store",
        body: CreateDeliveryBodySchema,
        responses: {
          201: { description: "Created", schema: DeliverySchema },
          200: { description: "It already existed", schema: DeliverySchema },
          404: { description: "No such order in this store" },
        },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const { orderExternalId, ...input } = parseBody(CreateDeliveryBodySchema, raw);
        const order = await db.order.findUnique({
          where: { storeId_externalId: { storeId: store.id, externalId: orderExternalId } },
          select: { id: true },
        });
        if (!order)
          throw new TimbreError(
            "not_found",
            { es: "No existe ese pedido en esta tienda.", en: "No such order in this store." },
            { kind: "not_found" },
          );
        const r = await createDelivery(db, order.id, input, actorOf(store));
        if (r.created) queued();
        return json({ delivery: r.delivery }, r.created ? 201 : 200);
      },
    },
    {
      method: "GET",
      path: "/api/v1/deliveries",
      doc: {
        summary:
          "The calling store's deliveries, oldest change first; poll with updatedSince to write tracking and status back",
        tags,
        auth: "store",
        query: DeliveryFilterSchema,
        responses: { 200: { description: "Deliveries", schema: z.object({ deliveries: z.array(Any) }) } },
      },
      async handler({ request, url }) {
        const store = await auth(request);
        const filter = parseQuery(DeliveryFilterSchema, url);
        return json({
          deliveries: await listDeliveries(db, { companyId: store.companyId, storeId: store.id }, filter),
        });
      },
    },
    {
      method: "GET",
      path: "/api/v1/deliveries/:id",
      doc: {
        summary: "One delivery (by id or code) with its proof summary",
        tags,
        auth: "store",
        responses: { 200: { description: "The delivery", schema: DeliverySchema }, 404: { description: "Not found" } },
      },
      async handler({ request, params }) {
        const store = await auth(request);
        return json({ delivery: deliveryView(await storeDelivery(store, params.id!)) });
      },
    },
    {
      method: "GET",
      path: "/api/v1/deliveries/:id/proof/photo",
      doc: {
        summary: "The proof-of-delivery photo",
        tags,
        auth: "store",
        responses: { 200: { description: "The image", contentType: "image/jpeg" }, 404: { description: "No photo" } },
      },
      async handler({ request, params }) {
        const store = await auth(request);
        const d = await storeDelivery(store, params.id!);
        const proof = await db.deliveryProof.findUnique({
          where: { deliveryId: d.id },
          select: { photo: true, photoType: true },
        });
        if (!proof?.photo || !proof.photoType)
          throw new TimbreError(
            "not_found",
            { es: "La entrega no tiene foto.", en: "The delivery has no photo." },
            { kind: "not_found" },
          );
        return new Response(new Uint8Array(proof.photo), {
          headers: { "content-type": proof.photoType, "cache-control": "private, max-age=3600" },
        });
      },
    },
    {
      method: "GET",
      path: "/api/v1/deliveries/:id/proof/signature",
      doc: {
        summary: "The receiver's signature drawn on the courier's phone (PNG)",
        tags,
        auth: "store",
        responses: {
          200: { description: "The image", contentType: "image/png" },
          404: { description: "No signature" },
        },
      },
      async handler({ request, params }) {
        const store = await auth(request);
        const d = await storeDelivery(store, params.id!);
        const proof = await db.deliveryProof.findUnique({
          where: { deliveryId: d.id },
          select: { signature: true, signatureType: true },
        });
        if (!proof?.signature || !proof.signatureType)
          throw new TimbreError(
            "not_found",
            { es: "La entrega no tiene firma.", en: "The delivery has no signature." },
            { kind: "not_found" },
          );
        return new Response(new Uint8Array(proof.signature), {
          headers: { "content-type": proof.signatureType, "cache-control": "private, max-age=3600" },
        });
      },
    },
    {
      method: "POST",
      path: "/api/v1/deliveries/:id/assign",
      doc: {
        summary: "Assign again: to the courier given, or by the merchant's rule; optionally on another day",
        tags,
        auth: "store",
        body: AssignBodySchema,
        responses: { 200: { description: "The delivery", schema: DeliverySchema } },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const body = parseBody(AssignBodySchema, raw);
        const d = await storeDelivery(store, params.id!);
        const delivery = await reassignDelivery(db, store.companyId, d.id, body, actorOf(store));
        queued();
        return json({ delivery });
      },
    },
    {
      method: "POST",
      path: "/api/v1/deliveries/:id/start",
      doc: {
        summary: "Mark an own-courier delivery as on its way",
        tags,
        auth: "store",
        responses: { 200: { description: "The delivery", schema: DeliverySchema } },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const d = await storeDelivery(store, params.id!);
        const delivery = await startDelivery(db, store.companyId, { deliveryId: d.id }, actorOf(store));
        queued();
        return json({ delivery });
      },
    },
    {
      method: "POST",
      path: "/api/v1/deliveries/:id/ship",
      doc: {
        summary: "An external carrier took the parcel: its tracking number is written back to the store as shipped",
        tags,
        auth: "store",
        body: ShipBodySchema,
        responses: { 200: { description: "The delivery", schema: DeliverySchema } },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const body = parseBody(ShipBodySchema, raw);
        const d = await storeDelivery(store, params.id!);
        const delivery = await shipWithCarrier(db, store.companyId, { deliveryId: d.id, ...body }, actorOf(store));
        queued();
        return json({ delivery });
      },
    },
    {
      method: "POST",
      path: "/api/v1/deliveries/:id/deliver",
      doc: {
        summary:
          "Confirm a carrier delivery or a store pickup (own-courier proof with photo comes from the courier app)",
        tags,
        auth: "store",
        body: DeliverBodySchema,
        responses: { 200: { description: "The delivery", schema: DeliverySchema } },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const body = parseBody(DeliverBodySchema, raw);
        const d = await storeDelivery(store, params.id!);
        const r = await completeDelivery(
          db,
          store.companyId,
          {
            deliveryId: d.id,
            proof: {
              clientId: `api:${d.id}`,
              receiverName: body.receiverName,
              notes: body.notes,
              at: body.at ? new Date(body.at) : undefined,
            },
          },
          actorOf(store),
        );
        queued();
        return json({ delivery: r.delivery });
      },
    },
    {
      method: "POST",
      path: "/api/v1/deliveries/:id/fail",
      doc: {
        summary: "The delivery could not be made, with the reason",
        tags,
        auth: "store",
        body: FailBodySchema,
        responses: { 200: { description: "The delivery", schema: DeliverySchema } },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await auth(request, raw);
        const body = parseBody(FailBodySchema, raw);
        const d = await storeDelivery(store, params.id!);
        const delivery = await failDelivery(
          db,
          store.companyId,
          { deliveryId: d.id, reason: body.reason, at: body.at ? new Date(body.at) : undefined },
          actorOf(store),
        );
        queued();
        return json({ delivery });
      },
    },
    {
      method: "GET",
      path: "/api/v1/settlements",
      doc: {
        summary:
          "What each courier delivered between two days (Chilean time, both included), with fees and commissions; format=csv for a spreadsheet",
        tags,
        auth: "store",
        query: SettlementQuerySchema,
        responses: {
          200: { description: "The settlement as JSON, or as CSV (text/csv) with format=csv", schema: Any },
        },
      },
      async handler({ request, url }) {
        const store = await auth(request);
        const q = parseQuery(SettlementQuerySchema, url);
        if (q.from > q.to)
          throw new TimbreError(
            "invalid_query",
            { es: "La fecha inicial es posterior a la final.", en: "from is after to." },
            { fields: [{ field: "from", message: "after to" }] },
          );
        const report = await settlementReport(db, store.companyId, q);
        if (q.format === "csv") {
          return new Response(settlementCsv(report.lines, { separator: q.separator }), {
            headers: {
              "content-type": "text/csv; charset=utf-8",
              "content-disposition": `attachment; filename="liquidacion-${q.from}-${q.to}.csv"`,
            },
          });
        }
        return json({
          from: report.from,
          to: report.to,
          couriers: report.couriers,
          deliveries: report.lines.map((l) => ({ ...l, deliveredAt: l.deliveredAt.toISOString() })),
        });
      },
    },
  ];
}
