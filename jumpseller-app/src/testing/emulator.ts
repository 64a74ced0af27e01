import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  jsTime,
  newStore,
  STATUS_TEXT,
  type EmuCheckoutField,
  type EmuFulfillment,
  type EmuHook,
  type EmuOrder,
  type EmuProduct,
  type EmuStore,
  type StatusEnum,
} from "./emulator-state.js";

/**
 * A Jumpseller emulator for tests, the demo and acceptance checks: the OAuth server
 * (accounts.jumpseller.com), the REST API under /v1 (api.jumpseller.com/v1) and hook delivery,
 * answering the way research/platforms.md §3 and the OpenAPI document say the real one does —
 * `.json` paths, wrapped resources, Bearer tokens that expire after an hour, 20 requests/s and 800/min
 * per store with the Jumpseller-*RateLimit-* headers and a 429 beyond them, base64 HMAC-SHA256 hook
 * signatures with the store's hooks token, and hooks paused after 8 failed deliveries.
 *
 * Test control lives under /_emulator (never on the real platform).
 */
export interface JumpsellerEmulatorOptions {
  port?: number;
  host?: string;
  /** The app registered in the emulated App Store. */
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime (Jumpseller: 3600 s). */
  tokenTtlSeconds?: number;
  /** Per-store limits (Jumpseller: 20/s and 800/min); false turns them off. */
  rateLimits?: { perSecond: number; perMinute: number } | false;
  /** Stores that exist from the start; the first is the one OAuth installs into unless `store` is given. */
  stores?: Array<{ code: string; name?: string }>;
  now?: () => number;
}

export interface HookDelivery {
  hookId: number;
  url: string;
  status: number;
  paused: boolean;
}

export interface JumpsellerEmulator {
  /** Base URL: OAuth lives at `${url}/oauth/*` (the accounts server), the API at `${url}/v1`. */
  url: string;
  apiUrl: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  store(code?: string): EmuStore;
  addStore(code: string, name?: string): EmuStore;
  /** Seeds a product (with variants when given); returns it. */
  addProduct(code: string, p: Partial<EmuProduct> & { name: string }): EmuProduct;
  /** Creates an order as checkout would; returns it (hooks are not sent: call deliver). */
  addOrder(code: string, o: Partial<EmuOrder> & { status_enum?: StatusEnum }): EmuOrder;
  setOrderStatus(code: string, orderId: number, status: StatusEnum): EmuOrder;
  /** Sends `event` with `body` to every active hook of that event, signed like Jumpseller. */
  deliver(code: string, event: string, body: unknown, opts?: { forge?: boolean }): Promise<HookDelivery[]>;
  /** Signs a raw body with the store's hooks token (base64 HMAC-SHA256). */
  sign(code: string, rawBody: string): string;
  /** Makes every access token of the store expire now (to test refresh). */
  expireTokens(code?: string): void;
  close(): Promise<void>;
}

interface Grant {
  store: string;
  redirectUri: string;
  scope: string;
  expiresAt: number;
}
interface Token {
  store: string;
  expiresAt: number;
  scope: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ORDER_EVENTS: Record<StatusEnum, string> = {
  paid: "order_paid",
  pending_payment: "order_pending_payment",
  canceled: "order_canceled",
  abandoned: "order_abandoned",
};

const HOOK_EVENTS = new Set([
  "order_updated",
  "order_pending_payment",
  "order_paid",
  "order_shipped",
  "order_canceled",
  "order_abandoned",
  "product_created",
  "product_updated",
  "product_deleted",
  "product_stock_updated",
  "customer_created",
  "customer_updated",
  "customer_deleted",
]);

const FULFILLMENT_TYPES = new Set([
  "manual",
  "shipit",
  "chilexpress",
  "ctt",
  "dpd",
  "mrw",
  "correos_chile",
  "dhl",
  "servientrega",
  "starken",
  "bluexpress",
  "correos_express",
]);

export async function startJumpsellerEmulator(options: JumpsellerEmulatorOptions = {}): Promise<JumpsellerEmulator> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? "timbre-dev";
  const clientSecret = options.clientSecret ?? "timbre-dev-secret";
  const ttl = options.tokenTtlSeconds ?? 3600;
  const limits = options.rateLimits === false ? undefined : (options.rateLimits ?? { perSecond: 20, perMinute: 800 });
  const stores = new Map<string, EmuStore>();
  for (const s of options.stores ?? [{ code: "tienda-demo", name: "Tienda Demo" }])
    stores.set(s.code, newStore(s.code, s.name));
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, Token>();
  const refreshTokens = new Map<string, string>(); // refresh token → store
  let nextId = 10_000;
  const id = () => ++nextId;

  const storeOf = (code?: string): EmuStore => {
    const s = code ? stores.get(code) : stores.values().next().value;
    if (!s) throw new Error(`no emulated store ${code ?? "(none)"}`);
    return s;
  };

  function issueToken(store: string, scope: string) {
    const access = randomBytes(24).toString("hex");
    const refresh = randomBytes(24).toString("hex");
    tokens.set(access, { store, expiresAt: now() + ttl * 1000, scope });
    refreshTokens.set(refresh, store);
    return {
      access_token: access,
      token_type: "bearer",
      expires_in: ttl,
      refresh_token: refresh,
      scope,
      created_at: Math.floor(now() / 1000),
    };
  }

  // ---- resources as the API shows them -------------------------------------------------------
  const productJson = (p: EmuProduct) => ({
    ...p,
    variants: p.variants.map((v) => ({ ...v })),
    images: p.images.map((i) => ({ ...i })),
  });

  function orderJson(o: EmuOrder): EmuOrder {
    return { ...o, status: STATUS_TEXT[o.status_enum], status_name: STATUS_TEXT[o.status_enum] };
  }

  // ---- rate limit ------------------------------------------------------------------------------
  function rateHeaders(s: EmuStore, t: number): Record<string, string> {
    if (!limits) return {};
    const sec = s.accepted.filter((x) => x > t - 1000).length;
    const min = s.accepted.filter((x) => x > t - 60_000).length;
    return {
      "Jumpseller-PerMinuteRateLimit-Limit": String(limits.perMinute),
      "Jumpseller-PerMinuteRateLimit-Remaining": String(Math.max(0, limits.perMinute - min)),
      "Jumpseller-PerSecondRateLimit-Limit": String(limits.perSecond),
      "Jumpseller-PerSecondRateLimit-Remaining": String(Math.max(0, limits.perSecond - sec)),
    };
  }
  function admit(s: EmuStore, t: number): boolean {
    if (!limits) {
      s.accepted.push(t);
      return true;
    }
    s.accepted = s.accepted.filter((x) => x > t - 60_000);
    const sec = s.accepted.filter((x) => x > t - 1000).length;
    if (sec >= limits.perSecond || s.accepted.length >= limits.perMinute) {
      s.throttled++;
      return false;
    }
    s.accepted.push(t);
    return true;
  }

  // ---- API routes ------------------------------------------------------------------------------
  type Handler = (s: EmuStore, m: RegExpMatchArray, body: Record<string, unknown>, q: URLSearchParams) => unknown;
  const routes: Array<[string, RegExp, Handler]> = [];
  const on = (method: string, pattern: string, h: Handler) =>
    routes.push([method, new RegExp(`^/v1${pattern.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}\\.json$`), h]);
  const num = (v: string | undefined) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new HttpError(404, "Not Found");
    return n;
  };
  const page = <T>(items: T[], q: URLSearchParams): T[] => {
    const limit = Math.min(100, Math.max(1, Number(q.get("limit") ?? 50) || 50));
    const p = Math.max(1, Number(q.get("page") ?? 1) || 1);
    return items.slice((p - 1) * limit, p * limit);
  };
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new HttpError(404, `${what} not found`);
    return v;
  };
  const obj = (v: unknown, key: string): Record<string, unknown> => {
    if (!v || typeof v !== "object" || Array.isArray(v)) throw new HttpError(422, `${key} is missing`);
    return v as Record<string, unknown>;
  };

  on("GET", "/store/info", (s) => ({
    name: s.name,
    code: s.code,
    currency: "CLP",
    country: "CL",
    timezone: "America/Santiago",
    email: s.email,
    hooks_token: s.hooksToken,
    url: `https://${s.code}.jumpseller.com`,
  }));

  on("GET", "/checkout_custom_fields", (s) =>
    [...s.customFields.values()].map((f) => ({ checkout_custom_field: { ...f } })),
  );
  on("GET", "/checkout_custom_fields/{id}", (s, m) => ({
    checkout_custom_field: { ...need(s.customFields.get(num(m.groups?.id)), "CheckoutCustomField") },
  }));
  on("POST", "/checkout_custom_fields", (s, _m, b) => {
    const f = obj(b.checkout_custom_field, "checkout_custom_field");
    if (typeof f.label !== "string" || !f.label.trim()) throw new HttpError(422, "label can't be blank");
    const type = String(f.type ?? "input");
    if (!["text", "select", "input", "checkbox"].includes(type)) throw new HttpError(422, "type is invalid");
    const area = String(f.area ?? "other");
    if (!["contact", "billing_shipping", "other"].includes(area)) throw new HttpError(422, "area is invalid");
    const options = Array.isArray(f.custom_field_select_options) ? f.custom_field_select_options.map(String) : [];
    if (type === "select" && options.length === 0) throw new HttpError(422, "select needs options");
    const field: EmuCheckoutField = {
      id: id(),
      label: f.label,
      type: type as EmuCheckoutField["type"],
      area: area as EmuCheckoutField["area"],
      required: f.required === true,
      position: typeof f.position === "number" ? f.position : s.customFields.size + 1,
      deletable: f.deletable !== false,
      custom_field_select_options: options,
    };
    s.customFields.set(field.id, field);
    return { checkout_custom_field: { ...field } };
  });
  on("PUT", "/checkout_custom_fields/{id}", (s, m, b) => {
    const field = need(s.customFields.get(num(m.groups?.id)), "CheckoutCustomField");
    Object.assign(field, obj(b.checkout_custom_field, "checkout_custom_field"), { id: field.id });
    return { checkout_custom_field: { ...field } };
  });
  on("DELETE", "/checkout_custom_fields/{id}", (s, m) => {
    need(s.customFields.get(num(m.groups?.id)), "CheckoutCustomField");
    s.customFields.delete(num(m.groups?.id));
    return "OK";
  });

  const hookJson = (h: EmuHook) => ({
    hook: { id: h.id, name: h.name, event: h.event, url: h.url, created_at: h.created_at },
  });
  on("GET", "/hooks", (s) => [...s.hooks.values()].map(hookJson));
  on("POST", "/hooks", (s, _m, b) => {
    const h = obj(b.hook, "hook");
    if (typeof h.event !== "string" || !HOOK_EVENTS.has(h.event)) throw new HttpError(422, "event is invalid");
    if (typeof h.url !== "string" || !/^https?:\/\//.test(h.url)) throw new HttpError(422, "url is invalid");
    const hook: EmuHook = {
      id: id(),
      name: null,
      event: h.event,
      url: h.url,
      created_at: jsTime(new Date(now())),
      failures: 0,
      paused: false,
    };
    s.hooks.set(hook.id, hook);
    return hookJson(hook);
  });
  on("DELETE", "/hooks/{id}", (s, m) => {
    need(s.hooks.get(num(m.groups?.id)), "Hook");
    s.hooks.delete(num(m.groups?.id));
    return "OK";
  });

  const sortedOrders = (s: EmuStore) => [...s.orders.values()].sort((a, b) => a.id - b.id);
  on("GET", "/orders", (s, _m, _b, q) => {
    const filters = q.getAll("status_filters[]");
    return page(
      sortedOrders(s).filter((o) => filters.length === 0 || filters.includes(o.status_enum)),
      q,
    ).map((o) => ({ order: orderJson(o) }));
  });
  on("GET", "/orders/count", (s) => ({ count: s.orders.size }));
  on("GET", "/orders/after/{id}", (s, m, _b, q) => {
    const after = num(m.groups?.id);
    return page(
      sortedOrders(s).filter((o) => o.id > after),
      q,
    ).map((o) => ({ order: orderJson(o) }));
  });
  on("GET", "/orders/status/{status}", (s, m, _b, q) =>
    page(
      sortedOrders(s).filter((o) => o.status_enum === m.groups?.status),
      q,
    ).map((o) => ({ order: orderJson(o) })),
  );
  on("GET", "/orders/{id}", (s, m) => ({ order: orderJson(need(s.orders.get(num(m.groups?.id)), "Order")) }));
  on("PUT", "/orders/{id}", (s, m, b) => {
    const o = need(s.orders.get(num(m.groups?.id)), "Order");
    const edit = obj(b.order, "order");
    for (const k of ["shipment_status", "additional_information", "additional_fields"]) if (k in edit) o[k] = edit[k];
    return { order: orderJson(o) };
  });

  const documentsOf = (s: EmuStore, orderId: number) => {
    need(s.orders.get(orderId), "Order");
    let list = s.documents.get(orderId);
    if (!list) s.documents.set(orderId, (list = []));
    return list;
  };
  const docFields = (b: Record<string, unknown>) => {
    const d = obj(b.document, "document");
    const type = Number(d.document_type);
    if (type !== 0 && type !== 1) throw new HttpError(422, "document_type must be 0 (credit note) or 1 (invoice)");
    if (typeof d.url !== "string" || !/^https?:\/\//.test(d.url)) throw new HttpError(422, "url is invalid");
    if (typeof d.public_id !== "string" || !d.public_id) throw new HttpError(422, "public_id can't be blank");
    return {
      document_type: type as 0 | 1,
      external_id: String(d.external_id ?? ""),
      public_id: d.public_id,
      url: d.url,
    };
  };
  on("GET", "/orders/{id}/documents", (s, m) => documentsOf(s, num(m.groups?.id)).map((d) => ({ document: { ...d } })));
  on("POST", "/orders/{id}/documents", (s, m, b) => {
    const orderId = num(m.groups?.id);
    const list = documentsOf(s, orderId);
    const fields = docFields(b);
    if (list.some((d) => d.public_id === fields.public_id))
      throw new HttpError(422, "public_id has already been taken");
    const doc = { ...fields, order_id: orderId, app_code: "timbre" };
    list.push(doc);
    return { document: { ...doc } };
  });
  on("PUT", "/orders/{id}/documents/{public_id}", (s, m, b) => {
    const list = documentsOf(s, num(m.groups?.id));
    const doc = need(
      list.find((d) => d.public_id === decodeURIComponent(m.groups?.public_id ?? "")),
      "Document",
    );
    Object.assign(doc, docFields(b));
    return { document: { ...doc } };
  });
  on("DELETE", "/orders/{id}/documents/{public_id}", (s, m) => {
    const list = documentsOf(s, num(m.groups?.id));
    const i = list.findIndex((d) => d.public_id === decodeURIComponent(m.groups?.public_id ?? ""));
    if (i < 0) throw new HttpError(404, "Document not found");
    list.splice(i, 1);
    return "OK";
  });
  on("POST", "/orders/{id}/history", (s, m, b) => {
    const orderId = num(m.groups?.id);
    need(s.orders.get(orderId), "Order");
    const h = obj(b.order_history, "order_history");
    const entry = { message: String(h.message ?? ""), log: h.log === true, created_at: jsTime(new Date(now())) };
    s.history.set(orderId, [...(s.history.get(orderId) ?? []), entry]);
    return { order_history: entry };
  });

  const sortedProducts = (s: EmuStore) => [...s.products.values()].sort((a, b) => a.id - b.id);
  on("GET", "/products", (s, _m, _b, q) => page(sortedProducts(s), q).map((p) => ({ product: productJson(p) })));
  on("GET", "/products/count", (s) => ({ count: s.products.size }));
  on("GET", "/products/after/{id}", (s, m, _b, q) => {
    const after = num(m.groups?.id);
    return page(
      sortedProducts(s).filter((p) => p.id > after),
      q,
    ).map((p) => ({ product: productJson(p) }));
  });
  on("GET", "/products/{id}", (s, m) => ({ product: productJson(need(s.products.get(num(m.groups?.id)), "Product")) }));
  const stockOf = (v: unknown): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw new HttpError(422, "stock must be a whole number ≥ 0");
    return v;
  };
  on("PUT", "/products/{id}", (s, m, b) => {
    const p = need(s.products.get(num(m.groups?.id)), "Product");
    const edit = obj(b.product, "product");
    if ("stock" in edit) {
      p.stock = stockOf(edit.stock);
      s.stockWrites.push({ at: now(), productId: p.id, variantId: null, stock: p.stock });
    }
    if (typeof edit.stock_unlimited === "boolean") p.stock_unlimited = edit.stock_unlimited;
    if (typeof edit.name === "string") p.name = edit.name;
    p.updated_at = jsTime(new Date(now()));
    return { product: productJson(p) };
  });
  on("GET", "/products/{id}/variants", (s, m) =>
    need(s.products.get(num(m.groups?.id)), "Product").variants.map((v) => ({ variant: { ...v } })),
  );
  on("PUT", "/products/{id}/variants/{variant_id}", (s, m, b) => {
    const p = need(s.products.get(num(m.groups?.id)), "Product");
    const v = need(
      p.variants.find((x) => x.id === num(m.groups?.variant_id)),
      "Variant",
    );
    const edit = obj(b.variant, "variant");
    if ("stock" in edit) {
      v.stock = stockOf(edit.stock);
      s.stockWrites.push({ at: now(), productId: p.id, variantId: v.id, stock: v.stock });
    }
    if (typeof edit.stock_unlimited === "boolean") v.stock_unlimited = edit.stock_unlimited;
    return { variant: { ...v } };
  });

  on("GET", "/locations", (s) => s.locations.map((l) => ({ location: { ...l } })));

  const fulfillmentJson = (f: EmuFulfillment) => ({ ...f });
  on("POST", "/fulfillments", (s, _m, b) => {
    const f = obj(b.fulfillment, "fulfillment");
    const orderId = num(String(f.order_id));
    const order = need(s.orders.get(orderId), "Order");
    if (typeof f.type !== "string" || !FULFILLMENT_TYPES.has(f.type)) throw new HttpError(422, "type is invalid");
    if (f.location_id === undefined || !s.locations.some((l) => String(l.id) === String(f.location_id)))
      throw new HttpError(422, "location_id is invalid");
    const t = jsTime(new Date(now()));
    const ff: EmuFulfillment = {
      id: id(),
      order_id: orderId,
      type: f.type,
      location_id: String(f.location_id),
      tracking_number: typeof f.tracking_number === "string" ? f.tracking_number : null,
      tracking_company: typeof f.tracking_company === "string" ? f.tracking_company : null,
      // Only honoured for a manual fulfillment with tracking_company "other" (platforms.md §3.3).
      tracking_url:
        f.type === "manual" && f.tracking_company === "other" && typeof f.tracking_url === "string"
          ? f.tracking_url
          : null,
      shipment_status: "requested",
      created_at: t,
      updated_at: t,
    };
    s.fulfillments.set(ff.id, ff);
    Object.assign(order, {
      fulfillment_status: "fulfilled",
      tracking_number: ff.tracking_number,
      tracking_company: ff.tracking_company,
      tracking_url: ff.tracking_url,
    });
    // The real API answers with "order_fulfillment" (fixtures/jumpseller/fulfillment-create-response-trimmed-example.json).
    return { order_fulfillment: { ...fulfillmentJson(ff), order: orderJson(order) } };
  });
  on("PUT", "/fulfillments/{id}", (s, m, b) => {
    const ff = need(s.fulfillments.get(num(m.groups?.id)), "Fulfillment");
    const edit = obj(b.fulfillment, "fulfillment");
    if ("shipment_status" in edit) {
      if (!["requested", "in_transit", "delivered", "failed"].includes(String(edit.shipment_status)))
        throw new HttpError(422, "shipment_status is invalid");
      ff.shipment_status = edit.shipment_status as EmuFulfillment["shipment_status"];
    }
    for (const k of ["tracking_number", "tracking_company", "tracking_url"] as const)
      if (typeof edit[k] === "string") ff[k] = edit[k] as string;
    ff.updated_at = jsTime(new Date(now()));
    const order = s.orders.get(ff.order_id);
    if (order) order.shipment_status_enum = ff.shipment_status;
    return { fulfillment: fulfillmentJson(ff) };
  });
  routes.push([
    "GET",
    /^\/v1\/order\/(?<id>[^/]+)\/fulfillments\.json$/,
    (s, m) => {
      need(s.orders.get(num(m.groups?.id)), "Order");
      return [...s.fulfillments.values()]
        .filter((f) => f.order_id === num(m.groups?.id))
        .map((f) => ({ fulfillment: fulfillmentJson(f) }));
    },
  ]);

  // ---- HTTP ------------------------------------------------------------------------------------
  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = typeof body === "string" && headers["content-type"] ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(text);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  function oauth(req: IncomingMessage, url: URL, raw: string, res: ServerResponse) {
    if (req.method === "GET" && url.pathname === "/oauth/authorize") {
      const q = url.searchParams;
      if (q.get("client_id") !== clientId) return send(res, 401, { error: "invalid_client" });
      if (q.get("response_type") !== "code") return send(res, 400, { error: "unsupported_response_type" });
      const redirect = q.get("redirect_uri");
      if (!redirect) return send(res, 400, { error: "invalid_request", error_description: "redirect_uri missing" });
      const store = storeOf(q.get("store") ?? undefined);
      const code = randomBytes(16).toString("hex");
      grants.set(code, {
        store: store.code,
        redirectUri: redirect,
        scope: q.get("scope") ?? "",
        expiresAt: now() + 10 * 60_000,
      });
      // The merchant approves at once: the emulator has no consent screen.
      const to = new URL(redirect);
      to.searchParams.set("code", code);
      if (q.get("state")) to.searchParams.set("state", q.get("state")!);
      res.writeHead(302, { location: to.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      const f = new URLSearchParams(raw);
      if (f.get("client_id") !== clientId || f.get("client_secret") !== clientSecret)
        return send(res, 401, { error: "invalid_client" });
      if (f.get("grant_type") === "authorization_code") {
        const g = grants.get(f.get("code") ?? "");
        grants.delete(f.get("code") ?? "");
        if (!g || g.expiresAt < now() || g.redirectUri !== f.get("redirect_uri"))
          return send(res, 400, { error: "invalid_grant" });
        return send(res, 200, issueToken(g.store, g.scope));
      }
      if (f.get("grant_type") === "refresh_token") {
        const store = refreshTokens.get(f.get("refresh_token") ?? "");
        if (!store) return send(res, 400, { error: "invalid_grant" });
        refreshTokens.delete(f.get("refresh_token") ?? ""); // refresh tokens rotate
        return send(res, 200, issueToken(store, ""));
      }
      return send(res, 400, { error: "unsupported_grant_type" });
    }
    if (req.method === "POST" && url.pathname === "/oauth/revoke") {
      const token = new URLSearchParams(raw).get("token") ?? "";
      tokens.delete(token);
      refreshTokens.delete(token);
      return send(res, 200, {});
    }
    if (req.method === "GET" && url.pathname === "/oauth/token/info") {
      const t = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /i, ""));
      if (!t || t.expiresAt < now()) return send(res, 401, { error: "invalid_token" });
      return send(res, 200, {
        resource_owner_id: t.store,
        scope: t.scope.split(" "),
        expires_in: Math.round((t.expiresAt - now()) / 1000),
      });
    }
    return send(res, 404, { message: "Not Found" });
  }

  async function control(req: IncomingMessage, url: URL, raw: string, res: ServerResponse) {
    const m = url.pathname.match(/^\/_emulator\/stores\/([^/]+)(\/.*)?$/);
    if (!m) return send(res, 200, { stores: [...stores.keys()], clientId });
    const s = stores.get(decodeURIComponent(m[1]!)) ?? emulator.addStore(decodeURIComponent(m[1]!));
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const rest = m[2] ?? "";
    if (req.method === "GET" && rest === "") {
      return send(res, 200, {
        code: s.code,
        hooksToken: s.hooksToken,
        checkoutCustomFields: [...s.customFields.values()],
        hooks: [...s.hooks.values()],
        products: sortedProducts(s),
        orders: sortedOrders(s).map((o) => ({
          ...orderJson(o),
          documents: s.documents.get(o.id) ?? [],
          history: s.history.get(o.id) ?? [],
        })),
        fulfillments: [...s.fulfillments.values()],
        stockWrites: s.stockWrites,
        throttled: s.throttled,
        maxRequestsInAnySecond: maxInWindow(s.accepted, 1000),
      });
    }
    if (req.method === "POST" && rest === "/products")
      return send(res, 200, { product: emulator.addProduct(s.code, body as unknown as EmuProduct) });
    if (req.method === "POST" && rest === "/orders") {
      const o = emulator.addOrder(s.code, body as unknown as EmuOrder);
      const deliveries =
        body.deliver === false
          ? []
          : await emulator.deliver(s.code, ORDER_EVENTS[o.status_enum], { order: orderJson(o) });
      return send(res, 200, { order: orderJson(o), deliveries });
    }
    if (req.method === "POST" && rest === "/hooks/deliver") {
      // Re-sends an order's (or product's) current state as `event`; `forge` signs with a wrong key.
      const event = String(body.event ?? "order_paid");
      const resource =
        body.orderId !== undefined
          ? { order: orderJson(need(s.orders.get(Number(body.orderId)), "Order")) }
          : { product: productJson(need(s.products.get(Number(body.productId)), "Product")) };
      return send(res, 200, {
        deliveries: await emulator.deliver(s.code, event, resource, { forge: body.forge === true }),
      });
    }
    const st = rest.match(/^\/orders\/(\d+)\/status$/);
    if (req.method === "POST" && st) {
      const o = emulator.setOrderStatus(s.code, Number(st[1]), body.status as StatusEnum);
      const deliveries = await emulator.deliver(s.code, ORDER_EVENTS[o.status_enum], { order: orderJson(o) });
      return send(res, 200, { order: orderJson(o), deliveries });
    }
    return send(res, 404, { message: "Not Found" });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://emulator");
      const raw = await readBody(req);
      try {
        if (url.pathname.startsWith("/oauth/")) return oauth(req, url, raw, res);
        if (url.pathname.startsWith("/_emulator")) return await control(req, url, raw, res);
        const route = routes.find(([method, re]) => method === req.method && re.test(url.pathname));
        if (!route) return send(res, 404, { message: "Not Found" });
        const t = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /i, ""));
        if (!t || t.expiresAt < now())
          return send(res, 401, { message: "Unauthorized: invalid or expired access token" });
        const s = storeOf(t.store);
        const time = now();
        const admitted = admit(s, time);
        s.requestLog.push({ at: time, method: req.method ?? "GET", path: url.pathname, status: admitted ? 200 : 429 });
        if (!admitted) return send(res, 429, { message: "Too Many Requests" }, rateHeaders(s, time));
        let body: Record<string, unknown> = {};
        if (raw) {
          if (!String(req.headers["content-type"] ?? "").includes("application/json"))
            throw new HttpError(415, "Content-Type must be application/json");
          body = JSON.parse(raw) as Record<string, unknown>;
        }
        const out = route[2](s, url.pathname.match(route[1])!, body, url.searchParams);
        return send(res, 200, out, rateHeaders(s, time));
      } catch (e) {
        if (e instanceof HttpError) return send(res, e.status, { message: e.message });
        if (e instanceof SyntaxError) return send(res, 400, { message: "Bad JSON" });
        return send(res, 500, { message: String((e as Error)?.message ?? e) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://${options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1"}:${port}`;

  const sign = (code: string, raw: string) =>
    createHmac("sha256", storeOf(code).hooksToken).update(raw, "utf8").digest("base64");

  const emulator: JumpsellerEmulator = {
    url: base,
    apiUrl: `${base}/v1`,
    authUrl: base,
    clientId,
    clientSecret,
    store: storeOf,
    addStore(code, name) {
      const s = newStore(code, name);
      stores.set(code, s);
      return s;
    },
    addProduct(code, p) {
      const s = storeOf(code);
      const t = jsTime(new Date(now()));
      const product: EmuProduct = {
        id: p.id || id(),
        name: p.name,
        sku: p.sku ?? null,
        price: p.price ?? 9990,
        stock: p.stock ?? 0,
        stock_unlimited: p.stock_unlimited ?? false,
        status: p.status ?? "available",
        images: (p.images ?? []).map((i, n) => ({ id: i.id || id(), position: i.position ?? n + 1, url: i.url })),
        variants: (p.variants ?? []).map((v) => ({
          id: v.id || id(),
          sku: v.sku ?? null,
          price: v.price ?? p.price ?? 9990,
          stock: v.stock ?? 0,
          stock_unlimited: v.stock_unlimited ?? false,
          options: v.options ?? [],
        })),
        created_at: t,
        updated_at: t,
      };
      s.products.set(product.id, product);
      return product;
    },
    addOrder(code, o) {
      const s = storeOf(code);
      const t = jsTime(new Date(now()));
      const order: EmuOrder = {
        created_at: t,
        completed_at: o.status_enum === "paid" || o.status_enum === undefined ? t : null,
        currency: "CLP",
        subtotal: 0,
        tax: 0,
        shipping_tax: 0,
        shipping: 0,
        total: 0,
        discount: 0,
        shipping_discount: 0,
        fulfillment_status: "unfulfilled",
        shipment_status: "No Procesado",
        shipment_status_enum: "unfulfilled",
        products: [],
        additional_fields: [],
        billing_address: {},
        ...o,
        id: o.id ?? id(),
        status_enum: o.status_enum ?? "paid",
      };
      s.orders.set(order.id, order);
      return orderJson(order);
    },
    setOrderStatus(code, orderId, status) {
      const o = need(storeOf(code).orders.get(orderId), "Order");
      o.status_enum = status;
      return orderJson(o);
    },
    async deliver(code, event, body, opts = {}) {
      const s = storeOf(code);
      const raw = JSON.stringify(body);
      const out: HookDelivery[] = [];
      for (const h of s.hooks.values()) {
        if (h.event !== event || h.paused) continue;
        let status = 0;
        try {
          const r = await fetch(h.url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              "Jumpseller-Event": event,
              "Jumpseller-Store-Code": s.code,
              "Jumpseller-Hmac-Sha256": opts.forge
                ? createHmac("sha256", "not-the-token").update(raw).digest("base64")
                : sign(code, raw),
              "Jumpseller-Triggered-At": `${new Date(now()).toISOString().replace("T", " ").replace("Z", "")} UTC`,
            },
            body: raw,
            signal: AbortSignal.timeout(15_000),
          });
          status = r.status;
          await r.arrayBuffer();
        } catch {
          status = 0;
        }
        if (status >= 200 && status < 300) h.failures = 0;
        else if (++h.failures >= 8) h.paused = true;
        out.push({ hookId: h.id, url: h.url, status, paused: h.paused });
      }
      return out;
    },
    sign,
    expireTokens(code) {
      for (const t of tokens.values()) if (!code || t.store === code) t.expiresAt = now() - 1;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return emulator;
}

/** Most requests started in any window of `ms` (tests assert the pace with it). */
export function maxInWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
