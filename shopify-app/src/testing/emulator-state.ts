import { idString } from "../shopify/lossless-json.js";

/**
 * The in-memory shop behind the Shopify emulator: products and variants with inventory items,
 * locations and their levels, orders (kept REST-shaped, as webhooks and fixtures deliver them, and
 * projected to the GraphQL shape on read), metafields, tags and fulfillments. Ids are numeric
 * strings, big ones included; GraphQL sees them as GIDs.
 */
export interface EmuVariant {
  id: string;
  productId: string;
  sku: string | null;
  title: string;
  price: string;
  inventoryItemId: string;
  tracked: boolean;
}

export interface EmuProduct {
  id: string;
  title: string;
  variantIds: string[];
  hasOnlyDefaultVariant: boolean;
}

export interface EmuMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface EmuFulfillment {
  id: string;
  status: "SUCCESS";
  tracking: { company: string | null; number: string | null; url: string | null };
}

export interface EmuOrder {
  /** The REST Order resource, as a webhook body would carry it. */
  rest: Record<string, unknown>;
  metafields: Map<string, EmuMetafield>;
  tags: Set<string>;
  fulfillmentOrders: Array<{ id: string; status: "OPEN" | "CLOSED" }>;
  fulfillments: EmuFulfillment[];
}

/** An app subscription with one usage line item (appSubscriptionCreate), and its usage records. */
export interface EmuSubscription {
  id: string;
  name: string;
  returnUrl: string;
  test: boolean;
  /** PENDING until the merchant approves at the confirmation URL; then ACTIVE (or DECLINED). */
  status: "PENDING" | "ACTIVE" | "DECLINED" | "CANCELLED";
  lineItem: { id: string; cappedAmount: number; currency: string; terms: string };
}

export interface EmuUsageRecord {
  id: string;
  lineItemId: string;
  amount: number;
  currency: string;
  description: string;
  idempotencyKey: string | null;
  createdAt: string;
}

export class ShopState {
  readonly products = new Map<string, EmuProduct>();
  readonly variants = new Map<string, EmuVariant>();
  /** inventoryItemId → variant id */
  readonly items = new Map<string, string>();
  readonly locations: Array<{ id: string; name: string }> = [{ id: "487838322", name: "Bodega Santiago" }];
  /** `${inventoryItemId}@${locationId}` → available */
  readonly levels = new Map<string, number>();
  readonly orders = new Map<string, EmuOrder>();
  /** Idempotency keys already applied (inventorySetQuantities), with the answer they got. */
  readonly idempotent = new Map<string, unknown>();
  readonly subscriptions = new Map<string, EmuSubscription>();
  readonly usageRecords: EmuUsageRecord[] = [];
  private seq = 1_000_000;

  constructor(readonly domain: string) {}

  nextId(): string {
    // Above 2^53 on purpose: the adapter must never turn an id into a number.
    return (9_007_199_254_740_993n + BigInt(this.seq++) * 7n).toString();
  }

  get defaultLocationId(): string {
    return this.locations[0]!.id;
  }

  addProduct(input: {
    title: string;
    variants: Array<{ sku: string | null; title?: string; price?: string; available?: number }>;
  }): EmuProduct {
    const product: EmuProduct = {
      id: this.nextId(),
      title: input.title,
      variantIds: [],
      hasOnlyDefaultVariant: input.variants.length <= 1,
    };
    this.products.set(product.id, product);
    for (const v of input.variants) {
      const variant: EmuVariant = {
        id: this.nextId(),
        productId: product.id,
        sku: v.sku,
        title: v.title ?? "Default Title",
        price: v.price ?? "10000",
        inventoryItemId: this.nextId(),
        tracked: true,
      };
      this.variants.set(variant.id, variant);
      this.items.set(variant.inventoryItemId, variant.id);
      product.variantIds.push(variant.id);
      this.levels.set(`${variant.inventoryItemId}@${this.defaultLocationId}`, v.available ?? 0);
    }
    return product;
  }

  available(inventoryItemId: string, locationId = this.defaultLocationId): number | null {
    return this.levels.get(`${inventoryItemId}@${locationId}`) ?? null;
  }

  setAvailable(inventoryItemId: string, quantity: number, locationId = this.defaultLocationId): void {
    this.levels.set(`${inventoryItemId}@${locationId}`, quantity);
  }

  /**
   * Creates or updates an order from its REST shape (a fixture, or what a webhook said happened in
   * the shop). An older `updated_at` never overwrites a newer one.
   */
  putRestOrder(rest: Record<string, unknown>): EmuOrder {
    const id = idString(rest.id);
    if (!id) throw new Error("REST order without id");
    const existing = this.orders.get(id);
    if (existing) {
      const before = Date.parse(String(existing.rest.updated_at ?? 0));
      const after = Date.parse(String(rest.updated_at ?? 0));
      if (!(after < before))
        existing.rest = { ...existing.rest, ...rest, refunds: existing.rest.refunds ?? rest.refunds };
      return existing;
    }
    const order: EmuOrder = {
      rest: { ...rest, id },
      metafields: new Map(),
      tags: new Set(
        String(rest.tags ?? "")
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      ),
      fulfillmentOrders: [{ id: this.nextId(), status: "OPEN" }],
      fulfillments: [],
    };
    this.orders.set(id, order);
    return order;
  }

  /** Records a refund (REST Refund shape) on its order; the same refund id twice is one refund. */
  putRestRefund(refund: Record<string, unknown>): void {
    const orderId = idString(refund.order_id);
    const order = orderId ? this.orders.get(orderId) : undefined;
    if (!order) return;
    const refunds = (order.rest.refunds as Array<Record<string, unknown>> | undefined) ?? [];
    const rid = idString(refund.id);
    if (!refunds.some((r) => idString(r.id) === rid)) refunds.push(refund);
    order.rest.refunds = refunds;
  }

  /** The merchant's answer at the confirmation URL. */
  answerSubscription(id: string, approve = true): EmuSubscription | undefined {
    const s = this.subscriptions.get(id);
    if (s && s.status === "PENDING") s.status = approve ? "ACTIVE" : "DECLINED";
    return s;
  }

  /** What an inspector (a test, an acceptance check) wants to see of an order. */
  orderSnapshot(id: string) {
    const order = this.orders.get(id);
    if (!order) return undefined;
    return {
      id,
      name: order.rest.name ?? null,
      financialStatus: order.rest.financial_status ?? null,
      metafields: [...order.metafields.values()],
      tags: [...order.tags],
      fulfillments: order.fulfillments,
    };
  }
}
