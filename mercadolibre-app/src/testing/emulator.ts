import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  EmulatorWorld,
  type EmuBillingInfo,
  type EmuItem,
  type EmuNotification,
  type EmuOrder,
  type EmuSeller,
  type EmuShipment,
  type EmuStockLocation,
  type EmuUserProduct,
  type OrderStatus,
} from "./emulator-state.js";

/**
 * A Mercado Libre emulator for tests, the demo and local work, answering as the public docs say the
 * real one does (research/mercadolibre-magento.md part A): Chile's authorization page and the token
 * endpoint (form body, 6-hour access tokens, single-use refresh tokens: a reused one gets
 * `400 invalid_grant`), orders in packs, billing data on the current and the previous endpoint,
 * shipments with ME1 seller notifications, fiscal documents per pack (multipart `fiscal_document`,
 * PDF required, 1 MB per file, one document per pack, none for Full packs), items with variations
 * (every variation must be sent on PUT, as ML drops the ones left out), user-products stock with
 * `x-version` compare-and-set, notifications posted like ML's (and kept in `/missed_feeds` when
 * our endpoint fails), and 429s on demand.
 *
 * Test control lives under /_emulator (never on the real platform).
 */
export interface MeliEmulatorOptions {
  port?: number;
  host?: string;
  appId?: string;
  appSecret?: string;
  /** Access token lifetime (ML: 21600 s). */
  tokenTtlSeconds?: number;
  /** Sellers that exist from the start; the first is the one the authorization page logs in. */
  sellers?: Array<Partial<Omit<EmuSeller, "depots">> & { userId: string; depots?: EmuSeller["depots"] }>;
  /** Where notifications go (the app's callback URL in ML's DevCenter); settable later. */
  notificationsUrl?: string;
  now?: () => number;
}

export interface MeliEmulator {
  url: string;
  /** Both the API and the token endpoint (api.mercadolibre.com). */
  apiUrl: string;
  /** The authorization page's host (auth.mercadolibre.cl). */
  authUrl: string;
  appId: string;
  appSecret: string;
  world: EmulatorWorld;
  setNotificationsUrl(url: string): void;
  addSeller(s: MeliEmulatorOptions["sellers"] extends Array<infer S> | undefined ? S : never): EmuSeller;
  addItem(sellerId: string, item: NewItem): EmuItem;
  /** A sale: one order per entry of `orders`, grouped in one pack when there are two or more (or `pack: true`). */
  addSale(sellerId: string, sale: NewSale): { packId: string | null; orderIds: string[]; shipmentId: string | null };
  setOrderStatus(orderId: string, status: OrderStatus, refunded?: number): EmuOrder;
  /** A buyer bought on ML: stock goes down (and a user product's version moves), like a concurrent sale. */
  sell(itemId: string, variationId: string | null, quantity: number): void;
  notify(sellerId: string, topic: string, resource: string): Promise<{ status: number; notification: EmuNotification }>;
  expireTokens(sellerId?: string): void;
  /** The seller revokes the app: every token dies, refreshes get invalid_grant. */
  revoke(sellerId: string): void;
  /** The next `count` API requests (optionally under `pathPrefix`) answer 429. */
  throttleNext(count: number, pathPrefix?: string): void;
  close(): Promise<void>;
}

export interface NewItem {
  id?: string;
  title: string;
  price?: number;
  quantity?: number;
  sku?: string | null;
  variations?: Array<{
    id?: string;
    quantity: number;
    sku?: string | null;
    attributes?: Array<{ name: string; value: string }>;
  }>;
  /** Give it a user product whose stock is read and written with x-version. */
  userProduct?: { id?: string; locations: EmuStockLocation[] };
  logisticType?: string;
}

export interface NewSale {
  orders: Array<{
    items: Array<{
      itemId: string;
      variationId?: string | null;
      quantity: number;
      unitPrice?: number;
      title?: string;
      sku?: string | null;
    }>;
    status?: OrderStatus;
  }>;
  pack?: boolean;
  buyer?: Partial<EmuOrder["buyer"]>;
  /** `buyer.billing_info` as ML returns it; omitted: the buyer gave none. */
  billingInfo?: Record<string, unknown>;
  shipping?: { mode: EmuShipment["mode"]; logisticType?: string } | null;
  shippingCost?: number;
}

type FormFile = Exclude<ReturnType<FormData["get"]>, string | null>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "bad_request",
  ) {
    super(message);
  }
}

const MAX_FILE_BYTES = 1024 * 1024;
const ID_KEYS = [
  "id",
  "user_id",
  "seller_id",
  "pack_id",
  "application_id",
  "cust_id",
  "order_id",
  "shipment_id",
  "buyer_id",
];
const ID_KEY_RE = new RegExp(`"(${ID_KEYS.join("|")})":"(\\d+)"`, "g");

/** JSON with ML's numeric ids written as numbers, whatever their size (some exceed 2^53). */
export function meliJson(value: unknown): string {
  return JSON.stringify(value).replace(ID_KEY_RE, '"$1":$2');
}

export async function startMercadoLibreEmulator(options: MeliEmulatorOptions = {}): Promise<MeliEmulator> {
  const now = options.now ?? Date.now;
  const appId = options.appId ?? "1234567890123456";
  const appSecret = options.appSecret ?? "timbre-dev-secret";
  const ttl = options.tokenTtlSeconds ?? 21_600;
  const world = new EmulatorWorld();
  let notificationsUrl = options.notificationsUrl ?? null;

  const codes = new Map<string, { userId: string; redirectUri: string; expiresAt: number; used: boolean }>();
  const accessTokens = new Map<string, { userId: string; expiresAt: number; revoked: boolean }>();
  const refreshTokens = new Map<string, { userId: string; used: boolean; revoked: boolean }>();
  const iso = (t = now()) => new Date(t).toISOString().replace("Z", "-00:00");

  function addSeller(s: NonNullable<MeliEmulatorOptions["sellers"]>[number]): EmuSeller {
    const seller: EmuSeller = {
      userId: s.userId,
      nickname: s.nickname ?? `TIENDA${s.userId.slice(-4)}`,
      siteId: s.siteId ?? "MLC",
      tags: s.tags ?? ["normal", "user_product_seller"],
      depots: s.depots ?? [],
    };
    world.sellers.set(seller.userId, seller);
    return seller;
  }
  for (const s of options.sellers ?? [{ userId: "1234567890" }]) addSeller(s);

  function issueTokens(userId: string) {
    const access = `APP_USR-${appId}-${randomBytes(12).toString("hex")}-${userId}`;
    const refresh = `TG-${randomBytes(16).toString("hex")}-${userId}`;
    accessTokens.set(access, { userId, expiresAt: now() + ttl * 1000, revoked: false });
    refreshTokens.set(refresh, { userId, used: false, revoked: false });
    return {
      access_token: access,
      token_type: "Bearer",
      expires_in: ttl,
      scope: "offline_access read write",
      user_id: userId,
      refresh_token: refresh,
    };
  }

  // ---- resources as the API shows them -------------------------------------------------------
  const itemJson = (i: EmuItem) => ({
    id: i.id,
    site_id: "MLC",
    title: i.title,
    seller_id: i.sellerId,
    price: i.price,
    currency_id: "CLP",
    status: i.status,
    available_quantity: i.variations.length
      ? i.variations.reduce((s, v) => s + v.availableQuantity, 0)
      : i.availableQuantity,
    sold_quantity: i.sold,
    user_product_id: i.userProductId,
    seller_custom_field: null,
    inventory_id: i.logisticType === "fulfillment" ? `INV${i.id}` : null,
    attributes: i.sku ? [{ id: "SELLER_SKU", name: "SKU", value_name: i.sku }] : [],
    shipping: { mode: "me2", logistic_type: i.logisticType },
    pictures: [{ secure_url: `https://http2.mlstatic.com/D_${i.id}.jpg` }],
    variations: i.variations.map((v) => ({
      id: v.id,
      available_quantity: v.availableQuantity,
      sold_quantity: v.sold,
      user_product_id: v.userProductId,
      seller_custom_field: null,
      attribute_combinations: v.attributes.map((a) => ({ name: a.name, value_name: a.value })),
      attributes: v.sku ? [{ id: "SELLER_SKU", value_name: v.sku }] : [],
    })),
  });

  const orderJson = (o: EmuOrder) => {
    const total = o.items.reduce((s, it) => s + it.quantity * it.unitPrice, 0);
    return {
      id: o.id,
      status: o.status,
      status_detail: null,
      date_created: o.dateCreated,
      date_closed: o.dateCreated,
      last_updated: o.lastUpdated,
      date_last_updated: o.lastUpdated,
      pack_id: o.packId,
      total_amount: total,
      paid_amount: total + o.shippingCost,
      shipping_cost: o.shippingCost || null,
      currency_id: "CLP",
      coupon: { id: null, amount: 0 },
      order_items: o.items.map((it) => ({
        item: {
          id: it.itemId,
          title: it.title,
          category_id: "MLC1234",
          variation_id: it.variationId,
          seller_custom_field: null,
          seller_sku: it.sku,
          variation_attributes: [],
        },
        quantity: it.quantity,
        unit_price: it.unitPrice,
        full_unit_price: it.unitPrice,
        currency_id: "CLP",
      })),
      payments: [
        {
          id: String(Number(o.id) + 7),
          status: o.status === "cancelled" ? "refunded" : "approved",
          transaction_amount: total,
          transaction_amount_refunded: o.refunded,
          shipping_cost: o.shippingCost,
          total_paid_amount: total + o.shippingCost,
          currency_id: "CLP",
        },
      ],
      shipping: { id: o.shipmentId },
      seller: { id: o.sellerId },
      buyer: {
        id: o.buyer.id,
        nickname: o.buyer.nickname,
        first_name: o.buyer.firstName,
        last_name: o.buyer.lastName,
        ...(o.billingInfoId ? { billing_info: { id: o.billingInfoId } } : {}),
      },
      tags: [o.status === "paid" ? "paid" : o.status, ...(o.packId ? ["pack_order"] : []), "not_delivered"],
      context: { site: "MLC", channel: "marketplace" },
    };
  };

  const shipmentJson = (s: EmuShipment) => ({
    id: s.id,
    // The shipment names its order (and pack), so a `shipments` notification leads back to the sale.
    order_id: [...world.orders.values()].find((o) => o.shipmentId === s.id)?.id ?? null,
    pack_id: [...world.packs.values()].find((p) => p.shipmentId === s.id)?.id ?? null,
    mode: s.mode,
    logistic_type: s.logisticType,
    status: s.status,
    substatus: s.substatus,
    tracking_number: s.trackingNumber,
    tracking_method: s.mode === "me1" ? "Otro" : "MEL Distribution",
    status_history: {},
    receiver_address: {
      address_line: "Av. Providencia 1234",
      street_name: "Av. Providencia",
      street_number: "1234",
      zip_code: "7500000",
      city: { name: "Providencia" },
      state: { name: "RM (Santiago)" },
      receiver_name: "Comprador Prueba",
    },
  });

  const upJson = (u: EmuUserProduct) => ({
    id: u.id,
    user_id: u.sellerId,
    locations: u.locations.map((l) => ({
      type: l.type,
      quantity: l.quantity,
      ...(l.storeId ? { store_id: l.storeId } : {}),
      ...(l.networkNodeId ? { network_node_id: l.networkNodeId } : {}),
    })),
  });

  // ---- world changes -------------------------------------------------------------------------
  function addItem(sellerId: string, n: NewItem): EmuItem {
    world.seller(sellerId);
    const id = n.id ?? world.nextItemId();
    let upId: string | null = null;
    if (n.userProduct) {
      upId = n.userProduct.id ?? `MLCU${world.next() + 300_000_000}`;
      world.userProducts.set(upId, {
        id: upId,
        sellerId,
        locations: n.userProduct.locations.map((l) => ({ ...l })),
        version: 1,
      });
    }
    const item: EmuItem = {
      id,
      sellerId,
      title: n.title,
      price: n.price ?? 9990,
      status: "active",
      availableQuantity: n.quantity ?? 0,
      sku: n.sku ?? null,
      userProductId: upId,
      logisticType: n.logisticType ?? "cross_docking",
      variations: (n.variations ?? []).map((v) => ({
        id: v.id ?? String(180_000_000_000 + world.next()),
        availableQuantity: v.quantity,
        sku: v.sku ?? null,
        attributes: v.attributes ?? [{ name: "Talla", value: String(world.next()) }],
        userProductId: null,
        sold: 0,
      })),
      sold: 0,
    };
    world.items.set(id, item);
    return item;
  }

  function addSale(sellerId: string, sale: NewSale) {
    world.seller(sellerId);
    const created = iso();
    const grouped = sale.pack ?? sale.orders.length > 1;
    const packId = grouped ? world.nextPackId() : null;
    let shipmentId: string | null = null;
    if (sale.shipping !== null) {
      const mode = sale.shipping?.mode ?? "me2";
      shipmentId = world.nextShipmentId();
      world.shipments.set(shipmentId, {
        id: shipmentId,
        sellerId,
        mode,
        logisticType: sale.shipping?.logisticType ?? (mode === "me2" ? "cross_docking" : "default"),
        status: "ready_to_ship",
        substatus: null,
        trackingNumber: null,
        trackingUrl: null,
        sellerNotifications: [],
      });
    }
    const buyer = {
      id: sale.buyer?.id ?? String(500_000_000 + world.next()),
      nickname: sale.buyer?.nickname ?? "COMPRADOR_TEST",
      firstName: sale.buyer?.firstName ?? "Juana",
      lastName: sale.buyer?.lastName ?? "Pérez",
    };
    let billingInfoId: string | null = null;
    if (sale.billingInfo) {
      billingInfoId = String(677_000_000_000_000_000n + BigInt(world.next()));
      const b: EmuBillingInfo = { id: billingInfoId, siteId: "MLC", buyerCustId: buyer.id, info: sale.billingInfo };
      world.billing.set(billingInfoId, b);
    }
    const orderIds: string[] = [];
    for (const [i, o] of sale.orders.entries()) {
      const id = world.nextOrderId();
      orderIds.push(id);
      world.orders.set(id, {
        id,
        sellerId,
        status: o.status ?? "paid",
        packId,
        dateCreated: created,
        lastUpdated: created,
        items: o.items.map((it) => {
          const item = world.items.get(it.itemId);
          const variation = it.variationId ? item?.variations.find((v) => v.id === it.variationId) : undefined;
          return {
            itemId: it.itemId,
            variationId: it.variationId ?? null,
            title: it.title ?? item?.title ?? `Producto ${it.itemId}`,
            sku: it.sku !== undefined ? it.sku : (variation?.sku ?? item?.sku ?? null),
            quantity: it.quantity,
            unitPrice: it.unitPrice ?? item?.price ?? 9990,
          };
        }),
        buyer,
        billingInfoId,
        shipmentId,
        refunded: 0,
        shippingCost: i === 0 ? (sale.shippingCost ?? 0) : 0,
      });
      for (const it of o.items) sell(it.itemId, it.variationId ?? null, it.quantity, false);
    }
    if (packId) world.packs.set(packId, { id: packId, sellerId, orderIds, shipmentId, dateCreated: created });
    return { packId, orderIds, shipmentId };
  }

  function sell(itemId: string, variationId: string | null, quantity: number, countSale = true) {
    const item = world.items.get(itemId);
    if (!item) return;
    const v = variationId ? item.variations.find((x) => x.id === variationId) : undefined;
    const up = world.userProducts.get(v?.userProductId ?? item.userProductId ?? "");
    if (up) {
      const loc =
        up.locations.find((l) => l.type === "selling_address" || l.type === "seller_warehouse") ?? up.locations[0];
      if (loc) loc.quantity = Math.max(0, loc.quantity - quantity);
      up.version++;
    } else if (v) v.availableQuantity = Math.max(0, v.availableQuantity - quantity);
    else item.availableQuantity = Math.max(0, item.availableQuantity - quantity);
    if (v) v.sold += quantity;
    item.sold += quantity;
    void countSale;
  }

  function setOrderStatus(orderId: string, status: OrderStatus, refunded?: number): EmuOrder {
    const o = world.orders.get(orderId);
    if (!o) throw new Error(`no emulated order ${orderId}`);
    o.status = status;
    if (refunded !== undefined) o.refunded = refunded;
    o.lastUpdated = iso();
    return o;
  }

  async function deliver(n: EmuNotification): Promise<number> {
    if (!notificationsUrl) {
      world.missedFeeds.push(n);
      return 0;
    }
    const started = Date.now();
    let status = 0;
    try {
      const res = await fetch(notificationsUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: meliJson(n),
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    world.deliveries.push({ notification: n, status, ms: Date.now() - started });
    if (status !== 200) world.missedFeeds.push(n);
    return status;
  }

  async function notify(sellerId: string, topic: string, resource: string) {
    world.seller(sellerId);
    const t = iso();
    const notification: EmuNotification = {
      _id: randomUUID(),
      resource,
      user_id: sellerId,
      topic,
      application_id: appId,
      attempts: 1,
      sent: t,
      received: t,
    };
    return { status: await deliver(notification), notification };
  }

  // ---- HTTP ----------------------------------------------------------------------------------
  type Ctx = { userId: string; url: URL; req: Request; headers: Headers };
  type Handler = (c: Ctx, m: Record<string, string>) => Promise<unknown> | unknown;
  const routes: Array<{ method: string; re: RegExp; h: Handler }> = [];
  const on = (method: string, pattern: string, h: Handler) =>
    routes.push({ method, re: new RegExp(`^${pattern.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`), h });

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new HttpError(404, `${what} not found`, "not_found");
    return v;
  };
  const mine = <T extends { sellerId: string }>(c: Ctx, v: T | undefined, what: string): T => {
    const x = need(v, what);
    if (x.sellerId !== c.userId) throw new HttpError(403, `the ${what} belongs to another seller`, "forbidden");
    return x;
  };
  const jsonBody = async (c: Ctx): Promise<Record<string, unknown>> => {
    try {
      const b = (await c.req.json()) as unknown;
      if (!b || typeof b !== "object" || Array.isArray(b)) throw new Error("not an object");
      return b as Record<string, unknown>;
    } catch {
      throw new HttpError(400, "body must be a JSON object");
    }
  };
  const wholeQty = (v: unknown, what: string): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw new HttpError(400, `${what} must be a whole number ≥ 0`, "validation_error");
    return v;
  };

  on("GET", "/users/me", (c) => sellerJson(world.seller(c.userId)));
  on("GET", "/users/{id}", (c, m) => {
    const s = need(world.sellers.get(m.id!), "user");
    return s.userId === c.userId ? sellerJson(s) : { id: s.userId, nickname: s.nickname, site_id: s.siteId };
  });
  const sellerJson = (s: EmuSeller) => ({
    id: s.userId,
    nickname: s.nickname,
    site_id: s.siteId,
    country_id: "CL",
    user_type: "normal",
    tags: s.tags,
    seller_reputation: { level_id: null },
  });
  on("GET", "/users/{id}/stores/search", (c, m) => {
    if (m.id !== c.userId) throw new HttpError(403, "forbidden", "forbidden");
    const s = world.seller(c.userId);
    return {
      paging: { limit: 50, total: s.depots.length },
      results: s.depots.map((d) => ({
        id: d.id,
        user_id: s.userId,
        description: d.description,
        status: "active",
        tags: ["stock_location"],
        network_node_id: d.networkNodeId,
      })),
    };
  });

  // Orders, packs, billing
  on("GET", "/orders/search", (c) => {
    const q = c.url.searchParams;
    const seller = q.get("seller");
    if (seller !== c.userId) throw new HttpError(403, "seller must be the caller", "forbidden");
    const from = q.get("order.date_last_updated.from");
    const to = q.get("order.date_last_updated.to");
    const status = q.get("order.status");
    const offset = Math.max(0, Number(q.get("offset") ?? 0) || 0);
    const limit = Math.min(51, Math.max(1, Number(q.get("limit") ?? 50) || 50));
    let list = [...world.orders.values()].filter((o) => o.sellerId === c.userId);
    if (from) list = list.filter((o) => Date.parse(o.lastUpdated) >= Date.parse(from));
    if (to) list = list.filter((o) => Date.parse(o.lastUpdated) <= Date.parse(to));
    if (status) list = list.filter((o) => o.status === status);
    const sort = q.get("sort") ?? "date_asc";
    list.sort((a, b) => Date.parse(a.dateCreated) - Date.parse(b.dateCreated) || a.id.localeCompare(b.id));
    if (sort === "date_desc") list.reverse();
    return {
      query: "",
      results: list.slice(offset, offset + limit).map(orderJson),
      paging: { total: list.length, offset, limit },
    };
  });
  on("GET", "/orders/billing-info/{site}/{id}", (c, m) => {
    const b = need(world.billing.get(m.id!), "billing info");
    const order = [...world.orders.values()].find((o) => o.billingInfoId === b.id);
    if (!order || order.sellerId !== c.userId) throw new HttpError(403, "forbidden", "forbidden");
    if (m.site !== b.siteId) throw new HttpError(404, "billing info not found for site", "not_found");
    return {
      site_id: b.siteId,
      buyer: { cust_id: b.buyerCustId, billing_info: b.info },
      seller: { cust_id: c.userId },
    };
  });
  on("GET", "/orders/{id}/billing_info", (c, m) => {
    const o = mine(c, world.orders.get(m.id!), "order");
    const b = o.billingInfoId ? world.billing.get(o.billingInfoId) : undefined;
    if (c.headers.get("x-version") === "2") {
      if (!b) throw new HttpError(404, "billing info not found", "not_found");
      return {
        site_id: b.siteId,
        buyer: { cust_id: b.buyerCustId, billing_info: b.info },
        seller: { cust_id: c.userId },
      };
    }
    // The first version: a flat list of additional_info.
    const info = (b?.info ?? {}) as { identification?: { type?: string; number?: string } };
    return {
      billing_info: {
        doc_type: info.identification?.type ?? null,
        doc_number: info.identification?.number ?? null,
        additional_info: [],
      },
    };
  });
  on("GET", "/orders/{id}", (c, m) => orderJson(mine(c, world.orders.get(m.id!), "order")));
  on("GET", "/packs/{id}", (c, m) => {
    const p = mine(c, world.packs.get(m.id!), "pack");
    const orders = p.orderIds.map((id) => world.orders.get(id)!);
    return {
      id: p.id,
      status: orders.every((o) => o.status === "cancelled") ? "cancelled" : "released",
      status_detail: null,
      date_created: p.dateCreated,
      last_updated: orders
        .map((o) => o.lastUpdated)
        .sort()
        .at(-1),
      family_pack_id: null,
      buyer: { id: orders[0]?.buyer.id },
      shipment: p.shipmentId ? { id: p.shipmentId } : null,
      orders: p.orderIds.map((id) => ({ id })),
    };
  });

  // Fiscal documents: the pack id, or the order id of an order without pack.
  const saleOf = (c: Ctx, id: string): { shipmentId: string | null } => {
    const pack = world.packs.get(id);
    if (pack) return mine(c, pack, "pack");
    const order = world.orders.get(id);
    if (order && order.packId === null) return mine(c, order, "order");
    throw new HttpError(404, `pack ${id} not found`, "not_found");
  };
  on("POST", "/packs/{id}/fiscal_documents", async (c, m) => {
    const packId = m.id!;
    const sale = saleOf(c, packId);
    const shipment = sale.shipmentId ? world.shipments.get(sale.shipmentId) : undefined;
    const record = (status: number, fields: string[], files: FormFile[]) =>
      world.uploads.push({
        packId,
        status,
        fields,
        sizes: files.map((f) => f.size),
        contentTypes: files.map((f) => f.type),
      });
    if (!(c.req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
      record(400, [], []);
      throw new HttpError(400, "the request must be multipart/form-data", "invalid_content_type");
    }
    const form = await c.req.formData();
    const fields = [...form.keys()];
    const files = form.getAll("fiscal_document").filter((f): f is FormFile => typeof f !== "string");
    const fail = (status: number, message: string, code: string): never => {
      record(status, fields, files);
      throw new HttpError(status, message, code);
    };
    if (shipment?.logisticType === "fulfillment")
      fail(400, "packs with fulfillment shipping cannot upload fiscal documents in MLC", "fulfillment_not_allowed");
    if (files.length === 0) fail(400, "fiscal_document is required", "missing_fiscal_document");
    if (fields.some((f) => f !== "fiscal_document")) fail(400, "unknown field", "invalid_field");
    const allowed = ["application/pdf", "application/xml", "text/xml"];
    if (files.some((f) => !allowed.includes(f.type.split(";")[0]!.trim())))
      fail(400, "file type must be application/pdf, application/xml or text/xml", "invalid_file_type");
    const pdfs = files.filter((f) => f.type.startsWith("application/pdf"));
    if (pdfs.length !== 1) fail(400, "one PDF fiscal_document is required", "invalid_fiscal_document");
    if (files.some((f) => f.size > MAX_FILE_BYTES)) fail(400, "file size exceeds 1 MB", "file_too_large");
    const bytes = await Promise.all(files.map(async (f) => Buffer.from(await f.arrayBuffer())));
    if (bytes[files.indexOf(pdfs[0]!)]!.subarray(0, 5).toString() !== "%PDF-")
      fail(400, "the PDF is not a PDF", "invalid_fiscal_document");
    const existing = world.fiscalDocuments.get(packId) ?? [];
    if (existing.length > 0) fail(400, "the pack already has a fiscal document", "fiscal_document_already_exists");
    const doc = {
      packId,
      uploadedAt: iso(),
      files: files.map((f, i) => ({
        id: `${c.userId}_${randomUUID()}`,
        filename: f.name,
        contentType: f.type,
        size: f.size,
        bytes: bytes[i]!,
      })),
    };
    world.fiscalDocuments.set(packId, [...existing, doc]);
    record(201, fields, files);
    return { __status: 201, ids: doc.files.map((f) => f.id) };
  });
  on("GET", "/packs/{id}/fiscal_documents", (c, m) => {
    saleOf(c, m.id!);
    return {
      fiscal_documents: (world.fiscalDocuments.get(m.id!) ?? []).flatMap((d) =>
        d.files.map((f) => ({
          id: f.id,
          date_created: d.uploadedAt,
          file_type: f.contentType,
          filename: f.filename,
          size: f.size,
        })),
      ),
    };
  });
  on("GET", "/packs/{id}/fiscal_documents/{doc}", (c, m) => {
    saleOf(c, m.id!);
    const file = (world.fiscalDocuments.get(m.id!) ?? []).flatMap((d) => d.files).find((f) => f.id === m.doc);
    if (!file) throw new HttpError(404, "fiscal document not found", "not_found");
    return new Response(new Uint8Array(file.bytes), { headers: { "content-type": file.contentType } });
  });
  on("DELETE", "/packs/{id}/fiscal_documents/{doc}", (c, m) => {
    saleOf(c, m.id!);
    const docs = world.fiscalDocuments.get(m.id!) ?? [];
    const d = docs.find((x) => x.files.some((f) => f.id === m.doc));
    if (!d) throw new HttpError(404, "fiscal document not found", "not_found");
    world.fiscalDocuments.set(
      m.id!,
      docs.filter((x) => x !== d),
    );
    return { message: "deleted" };
  });

  // Shipments
  on("GET", "/shipments/{id}", (c, m) => shipmentJson(mine(c, world.shipments.get(m.id!), "shipment")));
  on("GET", "/orders/{id}/shipments", (c, m) => {
    const o = mine(c, world.orders.get(m.id!), "order");
    return shipmentJson(need(o.shipmentId ? world.shipments.get(o.shipmentId) : undefined, "shipment"));
  });
  const ME1_NEXT: Record<string, string[]> = {
    ready_to_ship: ["shipped", "not_delivered"],
    handling: ["shipped", "not_delivered"],
    shipped: ["delivered", "not_delivered"],
  };
  on("POST", "/shipments/{id}/seller_notifications", async (c, m) => {
    const s = mine(c, world.shipments.get(m.id!), "shipment");
    const b = await jsonBody(c);
    if (s.mode !== "me1" && s.mode !== "custom")
      throw new HttpError(400, "seller notifications are only for ME1 and custom shipments", "invalid_shipping_mode");
    const status = String(b.status ?? "");
    if (!(ME1_NEXT[s.status] ?? []).includes(status))
      throw new HttpError(400, `cannot go from ${s.status} to ${status}`, "invalid_status_transition");
    s.sellerNotifications.push(b);
    s.status = status;
    if (typeof b.tracking_number === "string") s.trackingNumber = b.tracking_number;
    if (typeof b.tracking_url === "string") s.trackingUrl = b.tracking_url;
    return { status: "OK" };
  });

  // Items and stock
  on("GET", "/users/{id}/items/search", (c, m) => {
    if (m.id !== c.userId) throw new HttpError(403, "forbidden", "forbidden");
    const q = c.url.searchParams;
    const ids = [...world.items.values()].filter((i) => i.sellerId === c.userId).map((i) => i.id);
    const limit = Math.min(100, Math.max(1, Number(q.get("limit") ?? 50) || 50));
    if (q.get("search_type") === "scan") {
      const start = Number(q.get("scroll_id")?.split(":")[1] ?? 0);
      const page = ids.slice(start, start + limit);
      return {
        seller_id: c.userId,
        results: page,
        paging: { total: ids.length, limit },
        scroll_id: page.length ? `scan:${start + page.length}` : null,
      };
    }
    const offset = Math.max(0, Number(q.get("offset") ?? 0) || 0);
    if (offset + limit > 1000 && offset > 0)
      throw new HttpError(400, "offset + limit may not exceed 1000: use search_type=scan", "invalid_offset");
    return {
      seller_id: c.userId,
      results: ids.slice(offset, offset + limit),
      paging: { total: ids.length, offset, limit },
    };
  });
  on("GET", "/items", (c) => {
    const ids = (c.url.searchParams.get("ids") ?? "").split(",").filter(Boolean);
    if (ids.length > 20) throw new HttpError(400, "at most 20 ids", "validation_error");
    return ids.map((id) => {
      const i = world.items.get(id);
      return i && i.sellerId === c.userId
        ? { code: 200, body: itemJson(i) }
        : { code: 404, body: { message: `Item with id ${id} not found`, error: "not_found", status: 404, cause: [] } };
    });
  });
  on("GET", "/items/{id}", (c, m) => itemJson(mine(c, world.items.get(m.id!), "item")));
  on("PUT", "/items/{id}", async (c, m) => {
    const item = mine(c, world.items.get(m.id!), "item");
    const b = await jsonBody(c);
    const log = (status: number) => world.itemWrites.push({ itemId: item.id, body: b, status });
    const owner = world.seller(c.userId);
    if ("available_quantity" in b) {
      if (owner.tags.includes("warehouse_management")) {
        log(400);
        throw new HttpError(400, "the fields [available_quantity] are invalid for requested call", "validation_error");
      }
      if (item.variations.length > 0) {
        log(400);
        throw new HttpError(400, "items with variations take their quantity per variation", "validation_error");
      }
      item.availableQuantity = wholeQty(b.available_quantity, "available_quantity");
    }
    if ("variations" in b) {
      if (!Array.isArray(b.variations)) throw new HttpError(400, "variations must be an array", "validation_error");
      const sent = b.variations as Array<Record<string, unknown>>;
      const kept = [];
      for (const v of sent) {
        const existing = item.variations.find((x) => x.id === String(v.id ?? ""));
        if (!existing) {
          // ML creates a new variation for an entry without a known id: it starts with no sales.
          kept.push({
            id: String(180_000_000_000 + world.next()),
            availableQuantity: wholeQty(v.available_quantity, "available_quantity"),
            sku: null,
            attributes: [],
            userProductId: null,
            sold: 0,
          });
          continue;
        }
        if ("available_quantity" in v)
          existing.availableQuantity = wholeQty(v.available_quantity, "available_quantity");
        kept.push(existing);
      }
      // Variations left out of the array are deleted, with their sales.
      item.variations = kept;
    }
    log(200);
    return itemJson(item);
  });
  on("GET", "/user-products/{id}/stock", (c, m) => {
    const up = mine(c, world.userProducts.get(m.id!), "user product");
    return { __headers: { "x-version": String(up.version) }, ...upJson(up) };
  });
  on("PUT", "/user-products/{id}/stock/type/{type}", async (c, m) => {
    const up = mine(c, world.userProducts.get(m.id!), "user product");
    const b = await jsonBody(c);
    const version = c.headers.get("x-version");
    const log = (status: number) => world.stockWrites.push({ path: c.url.pathname, body: b, status, version });
    if (!version) {
      log(400);
      throw new HttpError(400, "Missing X-Version header", "bad_request");
    }
    const racing = world.raceNextStockWrite.get(up.id);
    if (racing !== undefined) {
      // A buyer's purchase lands between the seller's read and this write: the version moves.
      world.raceNextStockWrite.delete(up.id);
      const own = up.locations.find((l) => l.type === "selling_address" || l.type === "seller_warehouse");
      if (own) own.quantity = Math.max(0, own.quantity - racing);
      up.version++;
    }
    if (version !== String(up.version)) {
      log(409);
      throw new HttpError(409, "Version mismatch", "version_mismatch");
    }
    if (m.type === "selling_address") {
      const loc = up.locations.find((l) => l.type === "selling_address");
      if (!loc) {
        log(400);
        throw new HttpError(400, "the user product has no selling_address location", "bad_request");
      }
      loc.quantity = wholeQty(b.quantity, "quantity");
    } else if (m.type === "seller_warehouse") {
      if (!Array.isArray(b.locations) || b.locations.length === 0) {
        log(400);
        throw new HttpError(400, "store cannot be null or empty", "bad_request");
      }
      for (const l of b.locations as Array<Record<string, unknown>>) {
        const loc = up.locations.find((x) => x.type === "seller_warehouse" && x.storeId === String(l.store_id ?? ""));
        if (!loc) {
          log(400);
          throw new HttpError(400, `store not found: ${String(l.store_id)}`, "bad_request");
        }
        loc.quantity = wholeQty(l.quantity, "quantity");
      }
    } else {
      log(400);
      throw new HttpError(400, `${m.type} stock cannot be edited through the API`, "bad_request");
    }
    up.version++;
    log(200);
    return { __headers: { "x-version": String(up.version) }, ...upJson(up) };
  });

  on("GET", "/missed_feeds", (c) => {
    const q = c.url.searchParams;
    if (q.get("app_id") !== appId)
      throw new HttpError(403, "app_id does not match the token's application", "forbidden");
    const topic = q.get("topic");
    const list = world.missedFeeds.filter((n) => (!topic || n.topic === topic) && n.user_id === c.userId);
    const offset = Math.max(0, Number(q.get("offset") ?? 0) || 0);
    const limit = Math.min(50, Math.max(1, Number(q.get("limit") ?? 10) || 10));
    return { messages: list.slice(offset, offset + limit), total: list.length, offset, limit };
  });

  // ---- OAuth -------------------------------------------------------------------------------
  function authorization(url: URL): Response {
    const q = url.searchParams;
    if (q.get("response_type") !== "code") return text(400, "response_type must be code");
    if (q.get("client_id") !== appId) return text(400, "unknown client_id");
    const redirect = q.get("redirect_uri");
    if (!redirect || !/^https?:\/\//.test(redirect)) return text(400, "redirect_uri is required");
    // The emulated seller logs in and approves at once (`user_id` picks one in tests).
    const userId = q.get("user_id") ?? world.sellers.keys().next().value;
    if (!userId || !world.sellers.has(userId)) return text(400, "no such seller");
    const code = `TG-${randomBytes(12).toString("hex")}-${userId}`;
    codes.set(code, { userId, redirectUri: redirect, expiresAt: now() + 10 * 60_000, used: false });
    const to = new URL(redirect);
    to.searchParams.set("code", code);
    const state = q.get("state");
    if (state !== null) to.searchParams.set("state", state);
    return new Response(null, { status: 302, headers: { location: to.toString() } });
  }

  async function token(req: Request, url: URL): Promise<Response> {
    if ([...url.searchParams.keys()].length > 0)
      return json(400, {
        error: "invalid_request",
        message: "parameters must go in the body, not the query string",
        status: 400,
      });
    if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded"))
      return json(400, { error: "invalid_request", message: "use application/x-www-form-urlencoded", status: 400 });
    const f = new URLSearchParams(await req.text());
    if (f.get("client_id") !== appId || f.get("client_secret") !== appSecret)
      return json(401, { error: "invalid_client", message: "invalid client_id or client_secret", status: 401 });
    const grant = f.get("grant_type");
    const invalidGrant = (presented: string, why: string) => {
      world.tokenUses.push({ grant: grant as "refresh_token", presented, ok: false, at: now(), error: why });
      return json(400, {
        error: "invalid_grant",
        message:
          "Error validating grant. Your authorization code or refresh token may be expired or it was already used",
        status: 400,
        cause: [],
      });
    };
    if (grant === "authorization_code") {
      const code = f.get("code") ?? "";
      const c = codes.get(code);
      if (!c || c.used || c.expiresAt < now())
        return invalidGrant(code, c?.used ? "code already used" : "unknown or expired code");
      if (f.get("redirect_uri") !== c.redirectUri) return invalidGrant(code, "redirect_uri does not match");
      c.used = true;
      world.tokenUses.push({ grant: "authorization_code", presented: code, ok: true, at: now() });
      return json(200, issueTokens(c.userId));
    }
    if (grant === "refresh_token") {
      const presented = f.get("refresh_token") ?? "";
      const r = refreshTokens.get(presented);
      if (!r || r.used || r.revoked)
        return invalidGrant(presented, r?.used ? "refresh token already used" : "unknown or revoked refresh token");
      r.used = true;
      world.tokenUses.push({ grant: "refresh_token", presented, ok: true, at: now() });
      return json(200, issueTokens(r.userId));
    }
    return json(400, { error: "unsupported_grant_type", message: "unsupported grant_type", status: 400 });
  }

  // ---- control (not part of Mercado Libre) --------------------------------------------------
  async function control(req: Request, url: URL): Promise<Response> {
    const parts = url.pathname.split("/").filter(Boolean).slice(1);
    const body = req.method === "POST" ? ((await req.json().catch(() => ({}))) as Record<string, unknown>) : {};
    const [what, id, sub] = parts;
    if (req.method === "GET" && what === "state") return json(200, snapshot());
    if (req.method === "POST" && what === "notifications-url") {
      notificationsUrl = String(body.url ?? "");
      return json(200, { notificationsUrl });
    }
    if (req.method === "POST" && what === "sellers" && !id) return json(201, addSeller(body as never));
    if (req.method === "POST" && what === "sellers" && id && sub === "items")
      return json(201, itemJson(addItem(id, body as unknown as NewItem)));
    if (req.method === "POST" && what === "sellers" && id && sub === "sales") {
      const sale = addSale(id, body as unknown as NewSale);
      if (body.notify !== false) {
        for (const orderId of sale.orderIds) await notify(id, "orders_v2", `/orders/${orderId}`);
      }
      return json(201, sale);
    }
    if (req.method === "POST" && what === "sellers" && id && sub === "revoke") {
      revoke(id);
      return json(200, { revoked: id });
    }
    if (req.method === "POST" && what === "orders" && id && sub === "status") {
      const o = setOrderStatus(
        id,
        body.status as OrderStatus,
        typeof body.refunded === "number" ? body.refunded : undefined,
      );
      if (body.notify !== false) await notify(o.sellerId, "orders_v2", `/orders/${o.id}`);
      return json(200, orderJson(o));
    }
    if (req.method === "POST" && what === "notify") {
      const r = await notify(String(body.user_id), String(body.topic), String(body.resource));
      return json(200, r);
    }
    if (req.method === "POST" && what === "sell") {
      sell(String(body.itemId), body.variationId ? String(body.variationId) : null, Number(body.quantity ?? 1));
      return json(200, { ok: true });
    }
    if (req.method === "POST" && what === "race-stock-write") {
      world.raceNextStockWrite.set(String(body.userProductId), Number(body.quantity ?? 1));
      return json(200, { userProductId: body.userProductId });
    }
    if (req.method === "POST" && what === "throttle") {
      throttleNext(Number(body.count ?? 1), typeof body.pathPrefix === "string" ? body.pathPrefix : undefined);
      return json(200, world.throttle);
    }
    if (req.method === "POST" && what === "expire-tokens") {
      expireTokens(typeof body.user_id === "string" ? body.user_id : undefined);
      return json(200, { ok: true });
    }
    return json(404, { message: "unknown control" });
  }

  function snapshot() {
    return {
      sellers: [...world.sellers.values()],
      items: [...world.items.values()].map(itemJson),
      userProducts: [...world.userProducts.values()].map((u) => ({ ...upJson(u), version: u.version })),
      orders: [...world.orders.values()].map(orderJson),
      packs: [...world.packs.values()],
      shipments: [...world.shipments.values()],
      fiscalDocuments: [...world.fiscalDocuments.entries()].map(([packId, docs]) => ({
        packId,
        documents: docs.map((d) => ({
          uploadedAt: d.uploadedAt,
          files: d.files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size })),
        })),
      })),
      uploads: world.uploads,
      stockWrites: world.stockWrites,
      itemWrites: world.itemWrites,
      deliveries: world.deliveries.map((d) => ({ ...d.notification, status: d.status, ms: d.ms })),
      missedFeeds: world.missedFeeds,
      tokenUses: world.tokenUses,
      throttled: world.throttled,
      requests: world.requests,
    };
  }

  function expireTokens(sellerId?: string) {
    for (const t of accessTokens.values()) if (!sellerId || t.userId === sellerId) t.expiresAt = now() - 1;
  }
  function revoke(sellerId: string) {
    for (const t of accessTokens.values()) if (t.userId === sellerId) t.revoked = true;
    for (const t of refreshTokens.values()) if (t.userId === sellerId) t.revoked = true;
  }
  function throttleNext(count: number, pathPrefix?: string) {
    world.throttle = { remaining: count, pathPrefix: pathPrefix ?? null };
  }

  const text = (status: number, body: string) =>
    new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(meliJson(body), {
      status,
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
    });
  const errorJson = (status: number, message: string, code: string) =>
    json(status, { message, error: code, status, cause: [] });

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path.startsWith("/_emulator/")) return control(req, url);
    if (path === "/authorization" && req.method === "GET") return authorization(url);
    if (path === "/oauth/token" && req.method === "POST") return token(req, url);
    const auth = req.headers.get("authorization") ?? "";
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const t = bearer ? accessTokens.get(bearer) : undefined;
    if (!t || t.revoked || t.expiresAt <= now()) return errorJson(401, "invalid access token", "unauthorized");
    const th = world.throttle;
    if (th.remaining > 0 && (!th.pathPrefix || path.startsWith(th.pathPrefix))) {
      th.remaining--;
      world.throttled++;
      return json(
        429,
        { message: "Too Many Requests", error: "too_many_requests", status: 429, cause: [] },
        { "retry-after": "1" },
      );
    }
    for (const r of routes) {
      if (r.method !== req.method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      try {
        const out = await r.h(
          { userId: t.userId, url, req, headers: req.headers },
          (m.groups ?? {}) as Record<string, string>,
        );
        if (out instanceof Response) return out;
        const { __status, __headers, ...rest } = (
          Array.isArray(out) ? { __body: out } : (out as Record<string, unknown>)
        ) as Record<string, unknown>;
        return json(
          typeof __status === "number" ? __status : 200,
          "__body" in rest ? rest.__body : rest,
          (__headers as Record<string, string>) ?? {},
        );
      } catch (e) {
        if (e instanceof HttpError) return errorJson(e.status, e.message, e.code);
        throw e;
      }
    }
    return errorJson(404, `resource ${path} not found`, "not_found");
  }

  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse) {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const host = req.headers.host ?? "127.0.0.1";
      const request = new Request(`http://${host}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          v === undefined
            ? []
            : Array.isArray(v)
              ? v.map((x) => [k, x] as [string, string])
              : [[k, v] as [string, string]],
        ),
        ...(body.length && req.method !== "GET" && req.method !== "HEAD" ? { body } : {}),
      });
      const response = await handle(request);
      const out = Buffer.from(await response.arrayBuffer());
      const u = new URL(request.url);
      if (!u.pathname.startsWith("/_emulator/"))
        world.requests.push({ method: request.method, path: u.pathname, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(out);
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String((e as Error)?.message ?? e), error: "internal_error", status: 500 }));
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;

  return {
    url,
    apiUrl: url,
    authUrl: url,
    appId,
    appSecret,
    world,
    setNotificationsUrl: (u) => {
      notificationsUrl = u;
    },
    addSeller,
    addItem,
    addSale,
    setOrderStatus,
    sell: (itemId, variationId, quantity) => sell(itemId, variationId, quantity),
    notify,
    expireTokens,
    revoke,
    throttleNext,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
