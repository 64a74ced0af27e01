/* eslint-disable @typescript-eslint/no-explicit-any -- the REST order is loosely shaped (fixtures, webhook bodies); the GraphQL side is what is typed. */
import { gid, idString } from "../shopify/lossless-json.js";
import type { EmuOrder, ShopState } from "./emulator-state.js";

/**
 * A hand-written resolver for the GraphQL Admin operations Timbre sends. It recognises each one by
 * its operation name (shopify/graphql-operations.ts names them all) and answers the Admin API's
 * shapes for the fields those operations select, including userErrors with codes. An operation it
 * does not know is an error, so a new query cannot slip past the tests untested.
 */
export interface ResolverContext {
  shop: ShopState;
  baseUrl: string;
  bulk: Map<string, { id: string; status: string; polls: number; jsonl: string }>;
}

export class GraphqlError extends Error {}

type Vars = Record<string, unknown>;

/** Requested cost per operation, roughly as Shopify computes it (connections cost their page size / 10 + 2). */
export function operationCost(name: string, vars: Vars): number {
  const first = typeof vars.first === "number" ? vars.first : 10;
  switch (name) {
    case "TimbreVariants":
    case "TimbreOrdersSince":
      return 2 + Math.ceil(first / 10) * 2;
    case "TimbreSetInventory":
    case "TimbreWriteBack":
    case "TimbreFulfill":
    case "TimbreTrackingUpdate":
    case "TimbreBulkCatalog":
      return 10;
    case "TimbreOrder":
      return 14;
    default:
      return 2;
  }
}

const money = (amount: unknown, currency: unknown) => ({
  shopMoney: { amount: String(amount ?? "0"), currencyCode: String(currency ?? "CLP") },
});

function variantNode(ctx: ResolverContext, variantId: string, locationId: string | undefined) {
  const v = ctx.shop.variants.get(variantId)!;
  const p = ctx.shop.products.get(v.productId)!;
  const loc = locationId ? idString(locationId)! : ctx.shop.defaultLocationId;
  const available = ctx.shop.available(v.inventoryItemId, loc);
  return {
    id: gid("ProductVariant", v.id),
    sku: v.sku,
    title: v.title,
    displayName: p.hasOnlyDefaultVariant ? p.title : `${p.title} - ${v.title}`,
    price: v.price,
    inventoryQuantity: available ?? 0,
    product: { id: gid("Product", p.id), title: p.title, hasOnlyDefaultVariant: p.hasOnlyDefaultVariant },
    inventoryItem: {
      id: gid("InventoryItem", v.inventoryItemId),
      tracked: v.tracked,
      inventoryLevel: available === null ? null : { quantities: [{ name: "available", quantity: available }] },
    },
  };
}

function allVariantIds(shop: ShopState): string[] {
  return [...shop.products.values()].flatMap((p) => p.variantIds);
}

function page<T>(
  items: T[],
  first: number,
  after: unknown,
): { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const start = typeof after === "string" && after ? Number(Buffer.from(after, "base64url").toString()) : 0;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length;
  return {
    nodes,
    pageInfo: {
      hasNextPage: end < items.length,
      endCursor: nodes.length ? Buffer.from(String(end)).toString("base64url") : null,
    },
  };
}

const FINANCIAL: Record<string, string> = {
  pending: "PENDING",
  authorized: "AUTHORIZED",
  partially_paid: "PARTIALLY_PAID",
  paid: "PAID",
  partially_refunded: "PARTIALLY_REFUNDED",
  refunded: "REFUNDED",
  voided: "VOIDED",
};

/** The REST order projected to the GraphQL Order fields Timbre reads. */
export function orderNode(order: EmuOrder) {
  const r = order.rest as Record<string, any>;
  const currency = r.currency ?? "CLP";
  const lines = ((r.line_items as any[]) ?? []).map((l) => ({
    id: gid("LineItem", idString(l.id)!),
    sku: l.sku || null,
    name: l.name ?? l.title,
    quantity: l.quantity,
    currentQuantity: l.current_quantity ?? l.quantity,
    taxable: l.taxable !== false,
    originalUnitPriceSet: money(l.price, currency),
    totalDiscountSet: money(l.total_discount ?? "0", currency),
  }));
  const shipping = ((r.shipping_lines as any[]) ?? []).map((s) => ({
    title: s.title ?? s.code ?? "Despacho",
    discountedPriceSet: money(s.discounted_price ?? s.price, currency),
    taxLines: (s.tax_lines ?? []).map((t: { rate?: number }) => ({ rate: t.rate ?? 0 })),
  }));
  const refunds = ((r.refunds as any[]) ?? []).map((f) => ({
    id: gid("Refund", idString(f.id)!),
    createdAt: f.created_at,
    note: f.note ?? null,
    refundLineItems: {
      nodes: (f.refund_line_items ?? []).map((x: { quantity: number; line_item_id: unknown }) => ({
        quantity: x.quantity,
        lineItem: { id: gid("LineItem", idString(x.line_item_id)!) },
      })),
    },
    refundShippingLines: { nodes: (f.refund_shipping_lines ?? []).map(() => ({ id: "refund-shipping" })) },
  }));
  const b = r.billing_address ?? {};
  return {
    id: gid("Order", idString(r.id)!),
    legacyResourceId: idString(r.id)!,
    name: r.name ?? null,
    test: r.test === true,
    createdAt: r.created_at ?? null,
    updatedAt: r.updated_at ?? new Date().toISOString(),
    cancelledAt: r.cancelled_at ?? null,
    displayFinancialStatus: FINANCIAL[String(r.financial_status ?? "pending")] ?? "PENDING",
    taxesIncluded: r.taxes_included !== false,
    currencyCode: currency,
    email: r.email ?? r.contact_email ?? null,
    customAttributes: ((r.note_attributes as Array<{ name: string; value: string }>) ?? []).map((a) => ({
      key: a.name,
      value: a.value,
    })),
    billingAddress: r.billing_address
      ? {
          company: b.company ?? null,
          name: b.name ?? null,
          address1: b.address1 ?? null,
          city: b.city ?? null,
          province: b.province ?? null,
        }
      : null,
    shippingAddress: r.shipping_address
      ? {
          name: r.shipping_address.name ?? null,
          address1: r.shipping_address.address1 ?? null,
          address2: r.shipping_address.address2 ?? null,
          city: r.shipping_address.city ?? null,
          province: r.shipping_address.province ?? null,
          zip: r.shipping_address.zip ?? null,
          countryCodeV2: r.shipping_address.country_code ?? null,
          phone: r.shipping_address.phone ?? null,
        }
      : null,
    customer: r.customer ? { id: gid("Customer", idString(r.customer.id)!), email: r.customer.email ?? null } : null,
    lineItems: { nodes: lines },
    shippingLines: { nodes: shipping },
    refunds,
    tags: [...order.tags],
    metafields: { nodes: [...order.metafields.values()] },
  };
}

export function resolveOperation(ctx: ResolverContext, name: string, query: string, vars: Vars): unknown {
  const { shop } = ctx;
  switch (name) {
    case "TimbreVariants": {
      const first = Math.min(Number(vars.first ?? 50), 250);
      const ids = allVariantIds(shop);
      const p = page(ids, first, vars.after);
      return {
        productVariants: {
          nodes: p.nodes.map((id) => variantNode(ctx, id, vars.locationId as string | undefined)),
          pageInfo: p.pageInfo,
        },
      };
    }
    case "TimbreVariantItems": {
      const ids = (vars.ids as string[]) ?? [];
      return {
        nodes: ids.map((g) => {
          const v = shop.variants.get(idString(g)!);
          return v
            ? { id: gid("ProductVariant", v.id), inventoryItem: { id: gid("InventoryItem", v.inventoryItemId) } }
            : null;
        }),
      };
    }
    case "TimbreInventoryLevels": {
      const ids = (vars.ids as string[]) ?? [];
      const loc = idString(vars.locationId) ?? shop.defaultLocationId;
      return {
        nodes: ids.map((g) => {
          const item = idString(g)!;
          if (!shop.items.has(item)) return null;
          const q = shop.available(item, loc);
          return {
            id: gid("InventoryItem", item),
            inventoryLevel: q === null ? null : { quantities: [{ name: "available", quantity: q }] },
          };
        }),
      };
    }
    case "TimbreSetInventory":
      return { inventorySetQuantities: setQuantities(shop, query, vars) };
    case "TimbreLocations":
      return {
        locations: { nodes: shop.locations.map((l) => ({ id: gid("Location", l.id), name: l.name, isActive: true })) },
      };
    case "TimbreOrder": {
      const order = shop.orders.get(idString(vars.id) ?? "");
      return { order: order ? orderNode(order) : null };
    }
    case "TimbreOrdersSince": {
      const first = Math.min(Number(vars.first ?? 50), 250);
      const since = /updated_at:>'?([^' ]+)'?/.exec(String(vars.query ?? ""))?.[1];
      const sorted = [...shop.orders.values()]
        .filter((o) => !since || Date.parse(String(o.rest.updated_at)) > Date.parse(since))
        .sort((a, b) => Date.parse(String(a.rest.updated_at)) - Date.parse(String(b.rest.updated_at)));
      const p = page(sorted, first, vars.after);
      return { orders: { nodes: p.nodes.map(orderNode), pageInfo: p.pageInfo } };
    }
    case "TimbreWriteBack":
      return writeBack(shop, vars);
    case "TimbreFulfillmentOrders": {
      const order = shop.orders.get(idString(vars.id) ?? "");
      if (!order) return { order: null };
      return {
        order: {
          id: gid("Order", idString(vars.id)!),
          fulfillmentOrders: {
            nodes: order.fulfillmentOrders.map((f) => ({ id: gid("FulfillmentOrder", f.id), status: f.status })),
          },
          fulfillments: order.fulfillments.map((f) => ({
            id: gid("Fulfillment", f.id),
            status: f.status,
            trackingInfo: [f.tracking],
          })),
        },
      };
    }
    case "TimbreFulfill":
      return { fulfillmentCreate: fulfill(shop, vars) };
    case "TimbreTrackingUpdate": {
      const fid = idString(vars.fulfillmentId);
      const f = [...shop.orders.values()].flatMap((o) => o.fulfillments).find((x) => x.id === fid);
      if (!f)
        return {
          fulfillmentTrackingInfoUpdate: {
            fulfillment: null,
            userErrors: [{ field: ["fulfillmentId"], message: "Fulfillment does not exist." }],
          },
        };
      const t = vars.trackingInfoInput as { company?: string; number?: string; url?: string };
      f.tracking = { company: t.company ?? null, number: t.number ?? null, url: t.url ?? null };
      return { fulfillmentTrackingInfoUpdate: { fulfillment: { id: gid("Fulfillment", f.id) }, userErrors: [] } };
    }
    case "TimbreBulkCatalog": {
      const id = gid("BulkOperation", shop.nextId());
      const jsonl = allVariantIds(shop)
        .map((v) => {
          const n = variantNode(ctx, v, undefined);
          return JSON.stringify({
            id: n.id,
            sku: n.sku,
            title: n.title,
            price: n.price,
            inventoryQuantity: n.inventoryQuantity,
            product: n.product,
            inventoryItem: { id: n.inventoryItem.id },
          });
        })
        .join("\n");
      ctx.bulk.set(id, { id, status: "CREATED", polls: 0, jsonl });
      return { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } };
    }
    case "TimbreBulkStatus": {
      const op = ctx.bulk.get(String(vars.id));
      if (!op) return { node: null };
      // Running on the first poll, done on the next: the client has to poll like it would for real.
      op.polls++;
      op.status = op.polls >= 2 ? "COMPLETED" : "RUNNING";
      const done = op.status === "COMPLETED";
      return {
        node: {
          id: op.id,
          status: op.status,
          errorCode: null,
          objectCount: String(done ? op.jsonl.split("\n").filter(Boolean).length : 0),
          url: done ? `${ctx.baseUrl}/_bulk/${encodeURIComponent(op.id)}.jsonl` : null,
        },
      };
    }
    case "TimbreSubscribe":
      return { appSubscriptionCreate: subscribe(ctx, vars) };
    case "TimbreSubscriptionStatus": {
      const s = shop.subscriptions.get(idString(vars.id) ?? "");
      return { node: s ? { id: gid("AppSubscription", s.id), status: s.status } : null };
    }
    case "TimbreUsageRecord":
      return { appUsageRecordCreate: usageRecord(shop, vars) };
    default:
      throw new GraphqlError(`The emulator does not implement operation ${name}`);
  }
}

function setQuantities(shop: ShopState, query: string, vars: Vars) {
  const key = vars.idempotencyKey;
  // From 2026-04 the @idempotent directive is required on inventory mutations.
  if (!/@idempotent\(\s*key:/.test(query) || typeof key !== "string" || !key) {
    throw new GraphqlError("The @idempotent directive is required for this mutation (key missing).");
  }
  if (shop.idempotent.has(key)) return shop.idempotent.get(key);
  const input = vars.input as {
    name: string;
    reason: string;
    quantities: Array<{
      inventoryItemId: string;
      locationId: string;
      quantity: number;
      changeFromQuantity?: number | null;
    }>;
  };
  const errors: Array<{ field: string[]; message: string; code: string }> = [];
  input.quantities.forEach((q, i) => {
    if (!("changeFromQuantity" in q)) {
      errors.push({
        field: ["input", "quantities", String(i), "changeFromQuantity"],
        message: "changeFromQuantity is required (pass null to skip the check).",
        code: "INVALID_INPUT",
      });
      return;
    }
    const item = idString(q.inventoryItemId)!;
    const loc = idString(q.locationId)!;
    if (!shop.items.has(item)) {
      errors.push({
        field: ["input", "quantities", String(i), "inventoryItemId"],
        message: "The specified inventory item could not be found.",
        code: "INVALID_INVENTORY_ITEM",
      });
      return;
    }
    if (!shop.locations.some((l) => l.id === loc)) {
      errors.push({
        field: ["input", "quantities", String(i), "locationId"],
        message: "The specified location could not be found.",
        code: "INVALID_LOCATION",
      });
      return;
    }
    const current = shop.available(item, loc);
    if (q.changeFromQuantity !== null && q.changeFromQuantity !== undefined && current !== q.changeFromQuantity) {
      errors.push({
        field: ["input", "quantities", String(i), "changeFromQuantity"],
        message: "The specified compare quantity does not match the current quantity.",
        code: "CHANGE_FROM_QUANTITY_STALE",
      });
    }
  });
  // The mutation is all or nothing: one bad quantity and none is applied.
  const answer =
    errors.length > 0
      ? { inventoryAdjustmentGroup: null, userErrors: errors }
      : (() => {
          for (const q of input.quantities)
            shop.setAvailable(idString(q.inventoryItemId)!, q.quantity, idString(q.locationId)!);
          return { inventoryAdjustmentGroup: { id: gid("InventoryAdjustmentGroup", shop.nextId()) }, userErrors: [] };
        })();
  shop.idempotent.set(key, answer);
  return answer;
}

function writeBack(shop: ShopState, vars: Vars) {
  const metafields =
    (vars.metafields as Array<{ ownerId: string; namespace: string; key: string; type: string; value: string }>) ?? [];
  if (metafields.length > 25) {
    return {
      metafieldsSet: {
        metafields: [],
        userErrors: [{ field: ["metafields"], message: "Exceeds 25 metafields", code: "LESS_THAN_OR_EQUAL_TO" }],
      },
      tagsAdd: null,
    };
  }
  const errors = metafields.flatMap((m, i) =>
    shop.orders.has(idString(m.ownerId)!)
      ? []
      : [{ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist", code: "INVALID" }],
  );
  if (errors.length === 0) {
    for (const m of metafields) {
      // "$app" is the requesting app's reserved namespace; Shopify stores it as app--<id>.
      const namespace = m.namespace === "$app" ? "app--timbre" : m.namespace;
      shop.orders
        .get(idString(m.ownerId)!)!
        .metafields.set(`${namespace}.${m.key}`, { namespace, key: m.key, type: m.type, value: m.value });
    }
  }
  const order = shop.orders.get(idString(vars.id) ?? "");
  if (order) for (const t of (vars.tags as string[]) ?? []) order.tags.add(t);
  return {
    metafieldsSet: {
      metafields: errors.length ? [] : metafields.map((m) => ({ key: m.key, namespace: m.namespace })),
      userErrors: errors,
    },
    tagsAdd: {
      node: order ? { id: gid("Order", idString(vars.id)!) } : null,
      userErrors: order ? [] : [{ field: ["id"], message: "Order does not exist" }],
    },
  };
}

function fulfill(shop: ShopState, vars: Vars) {
  const input = vars.fulfillment as {
    lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderId: string }>;
    trackingInfo?: { company?: string; number?: string; url?: string; numbers?: string[]; urls?: string[] };
    notifyCustomer?: boolean;
  };
  const t = input.trackingInfo;
  if (t && ((t.url && t.urls) || (t.number && t.numbers))) {
    return {
      fulfillment: null,
      userErrors: [{ field: ["fulfillment", "trackingInfo"], message: "Use either url or urls, number or numbers." }],
    };
  }
  if (t?.url && !t.number)
    return {
      fulfillment: null,
      userErrors: [{ field: ["fulfillment", "trackingInfo", "url"], message: "A url needs a number." }],
    };
  for (const fo of input.lineItemsByFulfillmentOrder) {
    const id = idString(fo.fulfillmentOrderId);
    const order = [...shop.orders.values()].find((o) => o.fulfillmentOrders.some((f) => f.id === id));
    const target = order?.fulfillmentOrders.find((f) => f.id === id);
    if (!order || !target)
      return {
        fulfillment: null,
        userErrors: [{ field: ["fulfillment"], message: "Fulfillment order does not exist." }],
      };
    if (target.status !== "OPEN")
      return { fulfillment: null, userErrors: [{ field: ["fulfillment"], message: "Fulfillment order is not open." }] };
    target.status = "CLOSED";
    const f = {
      id: shop.nextId(),
      status: "SUCCESS" as const,
      tracking: { company: t?.company ?? null, number: t?.number ?? null, url: t?.url ?? null },
    };
    order.fulfillments.push(f);
    order.rest.fulfillment_status = "fulfilled";
    return { fulfillment: { id: gid("Fulfillment", f.id), status: "SUCCESS" }, userErrors: [] };
  }
  return { fulfillment: null, userErrors: [{ field: ["fulfillment"], message: "No fulfillment orders given." }] };
}

function subscribe(ctx: ResolverContext, vars: Vars) {
  const { shop } = ctx;
  const items = (vars.lineItems as Array<{ plan?: { appUsagePricingDetails?: any } }>) ?? [];
  const usage = items.find((i) => i.plan?.appUsagePricingDetails)?.plan?.appUsagePricingDetails as
    | { terms?: string; cappedAmount?: { amount?: string; currencyCode?: string } }
    | undefined;
  const capped = Number(usage?.cappedAmount?.amount);
  const errors: Array<{ field: string[]; message: string }> = [];
  if (!vars.name) errors.push({ field: ["name"], message: "Name can't be blank" });
  if (typeof vars.returnUrl !== "string" || !/^https?:\/\//.test(vars.returnUrl))
    errors.push({ field: ["returnUrl"], message: "Return url is invalid" });
  if (!usage) errors.push({ field: ["lineItems"], message: "A usage pricing line item is required" });
  else if (!usage.terms) errors.push({ field: ["lineItems", "0", "plan", "appUsagePricingDetails", "terms"], message: "Terms can't be blank" });
  else if (!(capped > 0)) errors.push({ field: ["lineItems", "0", "plan", "appUsagePricingDetails", "cappedAmount"], message: "Capped amount must be greater than 0" });
  if (errors.length) return { appSubscription: null, confirmationUrl: null, userErrors: errors };
  const sub = {
    id: shop.nextId(),
    name: String(vars.name),
    returnUrl: String(vars.returnUrl),
    test: vars.test === true,
    status: "PENDING" as const,
    lineItem: {
      id: shop.nextId(),
      cappedAmount: capped,
      currency: String(usage!.cappedAmount?.currencyCode ?? "USD"),
      terms: String(usage!.terms),
    },
  };
  shop.subscriptions.set(sub.id, sub);
  return {
    appSubscription: {
      id: gid("AppSubscription", sub.id),
      status: sub.status,
      lineItems: [
        {
          id: gid("AppSubscriptionLineItem", sub.lineItem.id),
          plan: { pricingDetails: { __typename: "AppUsagePricing" } },
        },
      ],
    },
    confirmationUrl: `${ctx.baseUrl}/admin/charges/${encodeURIComponent(shop.domain)}/${sub.id}/confirm`,
    userErrors: [],
  };
}

function usageRecord(shop: ShopState, vars: Vars) {
  const key = typeof vars.idempotencyKey === "string" && vars.idempotencyKey ? vars.idempotencyKey : null;
  if (key && key.length > 255)
    return { appUsageRecord: null, userErrors: [{ field: ["idempotencyKey"], message: "Idempotency key is too long (maximum is 255 characters)" }] };
  // The same key again is the same charge: the record already made, never a second one.
  const again = key ? shop.usageRecords.find((r) => r.idempotencyKey === key) : undefined;
  if (again) return { appUsageRecord: { id: gid("AppUsageRecord", again.id) }, userErrors: [] };
  const lineId = idString(vars.subscriptionLineItemId);
  const sub = [...shop.subscriptions.values()].find((s) => s.lineItem.id === lineId);
  if (!sub)
    return { appUsageRecord: null, userErrors: [{ field: ["subscriptionLineItemId"], message: "Subscription line item not found" }] };
  if (sub.status !== "ACTIVE")
    return { appUsageRecord: null, userErrors: [{ field: ["subscriptionLineItemId"], message: "The app subscription is not active" }] };
  const price = vars.price as { amount?: string; currencyCode?: string } | undefined;
  const amount = Number(price?.amount);
  if (!(amount > 0)) return { appUsageRecord: null, userErrors: [{ field: ["price"], message: "Price must be greater than 0" }] };
  if (price?.currencyCode !== sub.lineItem.currency)
    return { appUsageRecord: null, userErrors: [{ field: ["price", "currencyCode"], message: "Currency must match the capped amount's" }] };
  const used = shop.usageRecords.filter((r) => r.lineItemId === sub.lineItem.id).reduce((a, r) => a + r.amount, 0);
  if (used + amount > sub.lineItem.cappedAmount)
    return { appUsageRecord: null, userErrors: [{ field: [], message: "Total price exceeds balance remaining" }] };
  const rec = {
    id: shop.nextId(),
    lineItemId: sub.lineItem.id,
    amount,
    currency: sub.lineItem.currency,
    description: String(vars.description ?? ""),
    idempotencyKey: key,
    createdAt: new Date().toISOString(),
  };
  shop.usageRecords.push(rec);
  return { appUsageRecord: { id: gid("AppUsageRecord", rec.id) }, userErrors: [] };
}
