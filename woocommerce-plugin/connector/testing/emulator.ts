/**
 * A small WooCommerce REST v3 emulator as a `fetch` function, for the connector's fast unit tests
 * (the real WordPress + WooCommerce suite in test/platforms covers what merchants rely on). It keeps
 * products, variations and orders in memory and answers the way WooCommerce 10.2 does for the calls
 * the connector makes: pagination headers (X-WP-Total, X-WP-TotalPages, per_page ≤ 100), batch
 * endpoints (≤ 100, one answer per item, per-item errors), order meta merge by key, order notes.
 */
export interface EmuProduct {
  id: number;
  name: string;
  type: "simple" | "variable";
  sku: string;
  price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  variations: EmuVariation[];
}

export interface EmuVariation {
  id: number;
  sku: string;
  price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  attributes: Array<{ name: string; option: string }>;
}

export interface EmuOrder {
  id: number;
  status: string;
  meta_data: Array<{ id: number; key: string; value: unknown }>;
  notes: string[];
  [k: string]: unknown;
}

export interface WooEmulator {
  url: string;
  fetch: typeof fetch;
  products: EmuProduct[];
  orders: Map<number, EmuOrder>;
  requests: Array<{ method: string; path: string }>;
  addProduct(p: Partial<EmuProduct> & { name: string }): EmuProduct;
  addVariation(product: EmuProduct, v: Partial<EmuVariation>): EmuVariation;
  /** Answer the next requests with this status (429, 500…). */
  failNext(status: number, times?: number): void;
}

export function createWooEmulator(url = "https://tienda.example"): WooEmulator {
  let nextId = 100;
  const products: EmuProduct[] = [];
  const orders = new Map<number, EmuOrder>();
  const requests: WooEmulator["requests"] = [];
  let failures: number[] = [];
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  const error = (status: number, code: string, message: string) => json({ code, message, data: { status } }, status);

  function page<T>(items: T[], q: URLSearchParams): Response {
    const perPage = Number(q.get("per_page") ?? 10);
    if (perPage > 100) return error(400, "rest_invalid_param", "Invalid parameter(s): per_page");
    const p = Number(q.get("page") ?? 1);
    const total = items.length;
    return json(items.slice((p - 1) * perPage, p * perPage), 200, {
      "x-wp-total": String(total),
      "x-wp-totalpages": String(Math.max(1, Math.ceil(total / perPage))),
    });
  }

  function batch(items: Array<{ id: number; stock_quantity: number | null; manage_stock: boolean }>, body: unknown) {
    const update =
      (body as { update?: Array<{ id: number; manage_stock?: boolean; stock_quantity?: number }> }).update ?? [];
    if (update.length > 100)
      return error(
        413,
        "woocommerce_rest_request_entity_too_large",
        "Unable to accept more than 100 items for this request.",
      );
    return json({
      update: update.map((u) => {
        const item = items.find((i) => i.id === u.id);
        if (!item)
          return {
            id: u.id,
            error: { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 400 } },
          };
        if (u.manage_stock !== undefined) item.manage_stock = u.manage_stock;
        if (u.stock_quantity !== undefined && item.manage_stock) item.stock_quantity = u.stock_quantity;
        return { ...item };
      }),
    });
  }

  const emuFetch: typeof fetch = async (input, init) => {
    const u = new URL(typeof input === "string" || input instanceof URL ? input.toString() : input.url);
    const method = init?.method ?? "GET";
    const path = u.pathname.replace(/^\/wp-json\/wc\/v3/, "");
    requests.push({ method, path });
    const fail = failures.shift();
    if (fail !== undefined)
      return fail === 429
        ? new Response("", { status: 429, headers: { "retry-after": "2" } })
        : error(fail, "x", "fail");
    const auth = new Headers(init?.headers).get("authorization") ?? "";
    if (!auth.startsWith("Basic ") && !u.searchParams.get("consumer_key"))
      return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    let m: RegExpExecArray | null;
    if (method === "GET" && path === "/products")
      return page(
        [...products].sort((a, b) => a.id - b.id).map((p) => ({ ...p, variations: p.variations.map((v) => v.id) })),
        u.searchParams,
      );
    if (method === "POST" && path === "/products/batch")
      return batch(
        products.filter((p) => p.type === "simple"),
        body,
      );
    if ((m = /^\/products\/(\d+)\/variations$/.exec(path)) && method === "GET") {
      const p = products.find((x) => x.id === Number(m![1]));
      return p ? page(p.variations, u.searchParams) : error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
    }
    if ((m = /^\/products\/(\d+)\/variations\/batch$/.exec(path)) && method === "POST") {
      const p = products.find((x) => x.id === Number(m![1]));
      return p ? batch(p.variations, body) : error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
    }
    if ((m = /^\/orders\/(\d+)$/.exec(path))) {
      const o = orders.get(Number(m[1]));
      if (!o) return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      if (method === "PUT") {
        const patch = body as { status?: string; meta_data?: Array<{ key: string; value: unknown }> };
        if (patch.status) o.status = patch.status;
        for (const md of patch.meta_data ?? []) {
          const existing = o.meta_data.find((x) => x.key === md.key);
          if (existing) existing.value = md.value;
          else o.meta_data.push({ id: nextId++, key: md.key, value: md.value });
        }
      }
      return json(Object.fromEntries(Object.entries(o).filter(([k]) => k !== "notes")));
    }
    if ((m = /^\/orders\/(\d+)\/notes$/.exec(path)) && method === "POST") {
      const o = orders.get(Number(m[1]));
      if (!o) return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      o.notes.push((body as { note: string }).note);
      return json({ id: nextId++, note: (body as { note: string }).note }, 201);
    }
    return error(404, "rest_no_route", "No route was found matching the URL and request method.");
  };

  return {
    url,
    fetch: emuFetch,
    products,
    orders,
    requests,
    addProduct(p) {
      const product: EmuProduct = {
        id: nextId++,
        type: "simple",
        sku: "",
        price: "1000",
        manage_stock: true,
        stock_quantity: 0,
        variations: [],
        ...p,
      };
      products.push(product);
      return product;
    },
    addVariation(product, v) {
      const variation: EmuVariation = {
        id: nextId++,
        sku: "",
        price: product.price,
        manage_stock: true,
        stock_quantity: 0,
        attributes: [],
        ...v,
      };
      product.type = "variable";
      product.variations.push(variation);
      return variation;
    },
    failNext(status, times = 1) {
      failures = [...failures, ...Array<number>(times).fill(status)];
    },
  };
}
