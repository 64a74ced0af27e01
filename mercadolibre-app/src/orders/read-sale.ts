import type { MeliClient } from "../client/meli-client.js";
import { isMeliApiError } from "../client/meli-error.js";
import {
  BillingInfoSchema,
  OrderSchema,
  PackSchema,
  ShipmentSchema,
  type MeliBillingInfo,
  type MeliOrder,
  type MeliShipment,
} from "./meli-schemas.js";
import type { MeliSale } from "./map-sale.js";

/** Chile, when an order does not say its site. */
const DEFAULT_SITE = "MLC";

/** A resource Mercado Libre answered with a shape we cannot use: a problem to show, not a retry. */
export class UnreadableResource extends Error {
  constructor(
    readonly path: string,
    readonly issues: string,
  ) {
    super(`${path}: ${issues}`);
    this.name = "UnreadableResource";
  }
}

function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  path: string,
  body: unknown,
): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw new UnreadableResource(
    path,
    r.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`)
      .join("; "),
  );
}

async function getOrNull(client: MeliClient, path: string, headers?: Record<string, string>): Promise<unknown> {
  const r = await client.request({ method: "GET", path, expect: [404], ...(headers ? { headers } : {}) });
  return r.status === 404 ? null : r.body;
}

export async function readOrder(client: MeliClient, orderId: string): Promise<MeliOrder | null> {
  const path = `/orders/${encodeURIComponent(orderId)}`;
  const body = await getOrNull(client, path);
  return body === null ? null : parse(OrderSchema, path, body);
}

/**
 * The buyer's billing data: the current resource (`/orders/billing-info/{site}/{billing_info.id}`)
 * when the order names its billing info, else the earlier `/orders/{id}/billing_info` with
 * `x-version: 2` (still served in parallel). Missing or refused billing data means a boleta, never a
 * stuck sale; only a server error is retried.
 */
export async function readBilling(client: MeliClient, order: MeliOrder): Promise<MeliBillingInfo | undefined> {
  const site = order.context?.site ?? DEFAULT_SITE;
  const attempts: Array<{ path: string; headers?: Record<string, string> }> = [];
  const billingId = order.buyer?.billing_info?.id;
  if (billingId)
    attempts.push({ path: `/orders/billing-info/${encodeURIComponent(site)}/${encodeURIComponent(billingId)}` });
  attempts.push({ path: `/orders/${encodeURIComponent(order.id)}/billing_info`, headers: { "x-version": "2" } });
  for (const a of attempts) {
    try {
      const body = await getOrNull(client, a.path, a.headers);
      if (body === null) continue;
      const parsed = BillingInfoSchema.safeParse(body);
      if (parsed.success && parsed.data.buyer?.billing_info) return parsed.data;
    } catch (e) {
      if (isMeliApiError(e) && e.status >= 400 && e.status < 500) continue;
      throw e;
    }
  }
  return undefined;
}

export async function readShipment(client: MeliClient, shipmentId: string): Promise<MeliShipment | undefined> {
  const path = `/shipments/${encodeURIComponent(shipmentId)}`;
  const body = await getOrNull(client, path, { "x-format-new": "true" });
  return body === null ? undefined : parse(ShipmentSchema, path, body);
}

/** The whole sale an order belongs to: its pack's orders, the billing data and the shipment. */
export async function readSaleOfOrder(client: MeliClient, order: MeliOrder): Promise<MeliSale> {
  let orders = [order];
  let shipmentId = order.shipping?.id ?? null;
  const packId = order.pack_id;
  if (packId) {
    const path = `/packs/${encodeURIComponent(packId)}`;
    const body = await getOrNull(client, path);
    if (body !== null) {
      const pack = parse(PackSchema, path, body);
      shipmentId = pack.shipment?.id ?? shipmentId;
      const others = pack.orders.map((o) => o.id).filter((id) => id !== order.id);
      const read = await Promise.all(others.map((id) => readOrder(client, id)));
      orders = [order, ...read.filter((o): o is MeliOrder => o !== null)];
    }
  }
  const [billing, shipment] = await Promise.all([
    readBilling(client, order),
    shipmentId ? readShipment(client, shipmentId) : Promise.resolve(undefined),
  ]);
  return { id: packId ?? order.id, packId, orders, billing, shipment };
}

/**
 * A sale by the id the hub keeps (pack id, or order id for an order without pack): read again from
 * the API, never from a notification body. Null when Mercado Libre has neither.
 */
export async function readSale(client: MeliClient, saleId: string): Promise<MeliSale | null> {
  const packPath = `/packs/${encodeURIComponent(saleId)}`;
  const packBody = await getOrNull(client, packPath);
  if (packBody !== null) {
    const pack = parse(PackSchema, packPath, packBody);
    const first = pack.orders[0];
    if (!first) return null;
    const order = await readOrder(client, first.id);
    return order ? readSaleOfOrder(client, order) : null;
  }
  const order = await readOrder(client, saleId);
  return order ? readSaleOfOrder(client, order) : null;
}
