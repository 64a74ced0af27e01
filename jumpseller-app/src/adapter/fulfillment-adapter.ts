import { z } from "zod";
import type { FulfillmentUpdate, OrderFulfillmentPort } from "@timbre/core/platform-parts";
import type { JumpsellerClient } from "../client/jumpseller-client.js";

/** Jumpseller's fulfillment types for Chilean carriers; anything else is "manual" with company "other". */
const CARRIER_TYPES: Record<string, string> = {
  chilexpress: "chilexpress",
  starken: "starken",
  bluexpress: "bluexpress",
  "blue express": "bluexpress",
  "correos de chile": "correos_chile",
  correos_chile: "correos_chile",
  correoschile: "correos_chile",
  shipit: "shipit",
  dhl: "dhl",
};

export function fulfillmentType(carrier: string | undefined): string {
  return CARRIER_TYPES[(carrier ?? "").trim().toLowerCase()] ?? "manual";
}

const FulfillmentSchema = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  shipment_status: z.string().nullish(),
});
const ListSchema = z.array(
  z.object({ fulfillment: FulfillmentSchema.optional(), order_fulfillment: FulfillmentSchema.optional() }),
);
const LocationsSchema = z.array(
  z.object({
    location: z.object({
      id: z.union([z.number(), z.string()]).transform(String),
      main: z.boolean().nullish(),
      active: z.boolean().nullish(),
    }),
  }),
);

/**
 * Tracking goes through fulfillments: Jumpseller treats the order's own tracking fields as
 * read-only (platforms.md §3.3). Idempotent: an order's existing fulfillment is updated, never doubled.
 */
export function jumpsellerFulfillmentPort(
  api: JumpsellerClient,
  opts: { locationId?: () => Promise<string | undefined> } = {},
): OrderFulfillmentPort {
  async function locationId(): Promise<string> {
    const known = await opts.locationId?.();
    if (known) return known;
    const list = LocationsSchema.parse(await api.get("/locations")).map((l) => l.location);
    const main = list.find((l) => l.main && l.active !== false) ?? list.find((l) => l.active !== false) ?? list[0];
    if (!main) throw new Error("the store has no location for fulfillments");
    return main.id;
  }
  return {
    async markFulfilled(orderExternalId: string, update: FulfillmentUpdate): Promise<void> {
      const shipment_status = update.status === "completed" ? "delivered" : "in_transit";
      const existing = ListSchema.parse(await api.get(`/order/${orderExternalId}/fulfillments`))
        .map((f) => f.fulfillment ?? f.order_fulfillment)
        .filter((f) => f !== undefined);
      const tracking = update.tracking;
      const type = fulfillmentType(tracking?.carrier);
      const trackingFields = tracking
        ? {
            tracking_number: tracking.number,
            tracking_company: type === "manual" ? "other" : type,
            ...(tracking.url && type === "manual" ? { tracking_url: tracking.url } : {}),
          }
        : {};
      let id = existing[0]?.id;
      if (!id) {
        const made = (await api.post("/fulfillments", {
          fulfillment: {
            order_id: orderExternalId,
            type,
            location_id: await locationId(),
            send_email: true,
            ...trackingFields,
          },
        })) as { fulfillment?: { id: number | string }; order_fulfillment?: { id: number | string } };
        id = String((made.order_fulfillment ?? made.fulfillment)?.id ?? "");
        if (!id) return;
      } else if (existing[0]?.shipment_status === shipment_status) {
        return;
      }
      await api.put(`/fulfillments/${id}`, { fulfillment: { shipment_status, ...trackingFields } });
    },
  };
}
