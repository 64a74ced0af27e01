import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, timbre, type RunningServer } from "./start-server.js";

/**
 * Mercado Libre end to end, as a merchant and Mercado Libre see it: the hub running as a process
 * (`npm start`'s server, on PGlite) against the emulator started with `npx timbre-mercadolibre
 * emulator --port N`. The store is made by the CLI, installed through /mercadolibre/oauth/start →
 * Chile's authorization page → /mercadolibre/oauth/callback; a paid two-order pack notified twice
 * (orders_v2) is one boleta whose PDF reaches /packs/{pack_id}/fiscal_documents once; refresh tokens
 * are spent once each; a stock move in the hub reaches PUT /items/{id}; a sale landing between our
 * read and our versioned user-products write (409) is re-read and kept.
 */
const SELLER = "98765432101";
const repo = join(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface EmuInfo {
  url: string;
  appId: string;
  appSecret: string;
}

async function startEmulator(port: number): Promise<{ info: EmuInfo; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      join(repo, "mercadolibre-app/bin/timbre-mercadolibre.mjs"),
      "emulator",
      "--port",
      String(port),
      "--seller",
      SELLER,
      "--json",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  const info = await new Promise<EmuInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as EmuInfo);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  return { info, child };
}

interface EmuState {
  items: Array<{ id: string; available_quantity: number }>;
  userProducts: Array<{ id: string; version: number; locations: Array<{ type: string; quantity: number }> }>;
  fiscalDocuments: Array<{
    packId: string;
    documents: Array<{ files: Array<{ filename: string; contentType: string; size: number }> }>;
  }>;
  uploads: Array<{ packId: string; status: number; fields: string[]; contentTypes: string[] }>;
  stockWrites: Array<{ path: string; body: unknown; status: number; version?: string | null }>;
  itemWrites: Array<{ itemId: string; body: unknown; status: number }>;
  tokenUses: Array<{ grant: string; presented: string; ok: boolean; error?: string }>;
  requests: Array<{ method: string; path: string; status: number }>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("Mercado Libre through the running hub", () => {
  let hub: RunningServer;
  let emu: { info: EmuInfo; child: ChildProcess };
  let storeId: string;
  let itemA: string;
  let itemB: string;
  let upB: string;
  let pack: { packId: string; orderIds: string[] };
  const control = async (path: string, body?: unknown) => {
    const r = await fetch(`${emu.info.url}/_emulator/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<unknown>;
  };
  const state = () => control("state") as Promise<EmuState>;
  const cli = (args: string[]) => timbre(args, hub);

  beforeAll(async () => {
    emu = await startEmulator(await freePort());
    const port = await freePort();
    hub = await startServer({
      env: {
        PORT: String(port),
        TIMBRE_PUBLIC_URL: `http://127.0.0.1:${port}`,
        MERCADOLIBRE_API_URL: emu.info.url,
        MERCADOLIBRE_AUTH_URL: emu.info.url,
        MERCADOLIBRE_APP_ID: emu.info.appId,
        MERCADOLIBRE_APP_SECRET: emu.info.appSecret,
      },
    });
    await control("notifications-url", { url: `${hub.url}/mercadolibre/notifications` });

    // The seller's listings on Mercado Libre: a plain item, and a Full item whose seller stock
    // (Flex, selling_address) goes through user-products with x-version.
    itemA = (
      (await control(`sellers/${SELLER}/items`, {
        title: "Taza de greda",
        price: 5990,
        quantity: 1,
        sku: "MELI-TAZA",
      })) as { id: string }
    ).id;
    const b = (await control(`sellers/${SELLER}/items`, {
      title: "Manta de lana",
      price: 24990,
      quantity: 0,
      sku: "MELI-MANTA",
      logisticType: "fulfillment",
      userProduct: {
        locations: [
          { type: "selling_address", quantity: 1 },
          { type: "meli_facility", quantity: 4 },
        ],
      },
    })) as { id: string; user_product_id: string };
    itemB = b.id;
    upB = b.user_product_id;

    // The same SKUs in the hub, with stock.
    cli(["warehouse", "create", "--code", "BOD", "--name", "Bodega central", "--default"]);
    for (const [sku, name, price] of [
      ["MELI-TAZA", "Taza de greda", "5990"],
      ["MELI-MANTA", "Manta de lana", "24990"],
    ] as const) {
      cli(["product", "upsert", "--sku", sku, "--name", name, "--price", price]);
      cli(["stock", "move", "--sku", sku, "--kind", "in", "--quantity", "20"]);
    }
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    emu?.child.kill("SIGTERM");
  });

  it("creates the store with the CLI and installs it through /mercadolibre/oauth/start and the callback", async () => {
    const created = JSON.parse(
      cli(["store", "create", "--platform", "mercadolibre", "--name", "Tienda ML", "--json"]),
    ) as {
      id: string;
    };
    storeId = created.id;

    const start = await fetch(`${hub.url}/mercadolibre/oauth/start?store=${storeId}`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.origin + authorize.pathname).toBe(`${emu.info.url}/authorization`);
    expect(authorize.searchParams.get("client_id")).toBe(emu.info.appId);
    expect(authorize.searchParams.get("state")).toBeTruthy();

    // A forged state is refused before any code is spent.
    const forged = await fetch(
      `${hub.url}/mercadolibre/oauth/callback?code=TG-x&state=${encodeURIComponent(`${storeId}.9999999999999.00.bad`)}`,
    );
    expect(forged.status).toBe(400);

    const approved = await fetch(authorize, { redirect: "manual" });
    const callback = new URL(approved.headers.get("location")!);
    expect(callback.pathname).toBe("/mercadolibre/oauth/callback");
    const done = await fetch(callback);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Mercado Libre conectado");

    const s = await state();
    const exchange = s.tokenUses.find((t) => t.grant === "authorization_code");
    expect(exchange?.ok).toBe(true);
  });

  it("a paid two-order pack notified twice is one boleta, uploaded once to /packs/{pack_id}/fiscal_documents", async () => {
    const sale = (await control(`sellers/${SELLER}/sales`, {
      orders: [
        { items: [{ itemId: itemA, quantity: 1, unitPrice: 5990 }], status: "paid" },
        { items: [{ itemId: itemA, quantity: 2, unitPrice: 5990 }], status: "paid" },
      ],
      shipping: { mode: "me2" },
      notify: false,
    })) as { packId: string; orderIds: string[] };
    expect(sale.packId).toBeTruthy();
    pack = sale;

    const notification = (orderId: string, id: string) =>
      JSON.stringify({
        _id: id,
        resource: `/orders/${orderId}`,
        user_id: Number(SELLER),
        topic: "orders_v2",
        application_id: Number(emu.info.appId),
        attempts: 1,
        sent: new Date().toISOString(),
        received: new Date().toISOString(),
      });
    const post = async (body: string) => {
      const r = await fetch(`${hub.url}/mercadolibre/notifications`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return r.status;
    };
    const first = notification(sale.orderIds[0]!, "a1b2c3-1");
    // ML posts each order of the pack, and repeats a notification it thinks we missed.
    expect([await post(first), await post(first), await post(notification(sale.orderIds[1]!, "a1b2c3-2"))]).toEqual([
      200, 200, 200,
    ]);
    // A seller nobody connected here: answered (ML would retry for an hour), ignored.
    expect(await post(notification("2000000000001", "zz-1").replace(`${Number(SELLER)}`, "11111111111"))).toBe(200);
    // Not a notification at all.
    expect(await post("{}")).toBe(400);

    const uploaded = await until("the boleta on the pack", async () => {
      const s = await state();
      const pack = s.fiscalDocuments.find((f) => f.packId === sale.packId);
      return pack && pack.documents.length > 0 ? s : undefined;
    });
    const docs = uploaded.fiscalDocuments.find((f) => f.packId === sale.packId)!.documents;
    expect(docs).toHaveLength(1);
    const types = docs[0]!.files.map((f) => f.contentType.split(";")[0]);
    expect(types).toContain("application/pdf");
    expect(docs[0]!.files.every((f) => f.size <= 1_000_000)).toBe(true);

    const shown = JSON.parse(cli(["orders", "show", sale.packId, "--store", storeId, "--json"])) as {
      documents?: Array<{ type: number }>;
      lines?: unknown[];
    };
    expect(shown.documents?.map((d) => d.type)).toEqual([39]);
    expect(shown.lines).toHaveLength(2);

    // Later notifications of the same pack change nothing: still one upload.
    await post(notification(sale.orderIds[0]!, "a1b2c3-3"));
    await new Promise((r) => setTimeout(r, 3_000));
    const after = await state();
    expect(after.uploads.filter((u) => u.packId === sale.packId && u.status < 300)).toHaveLength(1);
    expect(after.fiscalDocuments.find((f) => f.packId === sale.packId)!.documents).toHaveLength(1);
  }, 150_000);

  it("an order of the paid pack cancelled after its boleta is one nota de crédito 61 referencing it, sent to the pack once", async () => {
    type Shown = { documents: Array<{ id: string; type: number; total: number; referencesId: string | null }> };
    const show = () => JSON.parse(cli(["orders", "show", pack.packId, "--store", storeId, "--json"])) as Shown;
    const boleta = show().documents.find((d) => d.type === 39)!;
    const uploadsBefore = (await state()).uploads.filter((u) => u.packId === pack.packId).length;

    // The buyer cancels the first order (1 × $5.990); ML notifies it (orders_v2), twice.
    await control(`orders/${pack.orderIds[0]}/status`, { status: "cancelled" });
    await control("notify", { user_id: SELLER, topic: "orders_v2", resource: `/orders/${pack.orderIds[0]}` });

    const credited = await until("the nota de crédito", async () => {
      const notes = show().documents.filter((d) => d.type === 61);
      return notes.length > 0 ? notes : undefined;
    });
    expect(credited).toHaveLength(1);
    expect(credited[0]).toMatchObject({ type: 61, total: 5990, referencesId: boleta.id });

    // ML takes one fiscal document per pack (research A4): the nota de crédito is offered to the
    // pack once, refused, and the boleta the buyer already has stays there.
    const tried = await until("the nota de crédito's upload", async () => {
      const ups = (await state()).uploads.filter((u) => u.packId === pack.packId).slice(uploadsBefore);
      return ups.length > 0 ? ups : undefined;
    });
    await control("notify", { user_id: SELLER, topic: "orders_v2", resource: `/orders/${pack.orderIds[0]}` });
    await new Promise((r) => setTimeout(r, 3_000));
    const after = await state();
    expect(after.uploads.filter((u) => u.packId === pack.packId).slice(uploadsBefore)).toHaveLength(tried.length);
    expect(tried).toHaveLength(1);
    expect(tried[0]!.status).toBe(400);
    expect(after.fiscalDocuments.find((f) => f.packId === pack.packId)!.documents).toHaveLength(1);
    expect(show().documents.filter((d) => d.type === 61)).toHaveLength(1);
  }, 150_000);

  it("a stock move in the hub reaches PUT /items/{id}", async () => {
    // The install's catalog sync matched MELI-TAZA and published the hub's quantity.
    await until("the first publish", async () =>
      (await state()).itemWrites.some((w) => w.itemId === itemA && w.status === 200),
    );
    const before = (await state()).itemWrites.length;
    cli(["stock", "move", "--sku", "MELI-TAZA", "--kind", "out", "--quantity", "4"]);
    // 20 in, 3 sold in the pack, 4 out: 13, written as PUT /items/{id} {available_quantity}.
    const s = await until("the stock move on Mercado Libre", async () => {
      const st = await state();
      const written = st.itemWrites
        .slice(before)
        .some((w) => w.itemId === itemA && w.status === 200 && JSON.stringify(w.body) === '{"available_quantity":13}');
      return written ? st : undefined;
    });
    expect(s.items.find((i) => i.id === itemA)!.available_quantity).toBe(13);
    expect(s.requests.some((r) => r.method === "PUT" && r.path === `/items/${itemA}` && r.status === 200)).toBe(true);
  }, 120_000);

  it("a 409 on the versioned user-products stock write is re-read and retried, keeping the concurrent sale", async () => {
    await until("the user product's first write", async () =>
      (await state()).stockWrites.some((w) => w.path.includes(upB) && w.status === 200),
    );
    const before = (await state()).stockWrites.length;
    await control("race-stock-write", { userProductId: upB, quantity: 1 });
    cli(["stock", "move", "--sku", "MELI-MANTA", "--kind", "out", "--quantity", "5"]);
    const s = await until("the retried write", async () => {
      const st = await state();
      return st.stockWrites.slice(before).some((w) => w.path.includes(upB) && w.status === 200) ? st : undefined;
    });
    const writes = s.stockWrites.slice(before).filter((w) => w.path.includes(upB));
    expect(writes.map((w) => w.status)).toEqual([409, 200]);
    expect(writes[1]!.version).not.toBe(writes[0]!.version);
    const up = s.userProducts.find((u) => u.id === upB)!;
    // The hub says 15; the buyer who bought one on Mercado Libre meanwhile is not overwritten.
    expect(up.locations.find((l) => l.type === "selling_address")!.quantity).toBe(14);
    expect(up.locations.find((l) => l.type === "meli_facility")!.quantity).toBe(4);
    // A Full item's seller stock is its user product's: never a PUT /items/{id} for it.
    expect(s.itemWrites.some((w) => w.itemId === itemB)).toBe(false);
  }, 120_000);

  it("spends every refresh token once, even when Mercado Libre ends the tokens early", async () => {
    for (let i = 0; i < 2; i++) {
      const uses = (await state()).tokenUses.length;
      await control("expire-tokens", { user_id: SELLER });
      cli(["stock", "move", "--sku", "MELI-TAZA", "--kind", "in", "--quantity", "1"]);
      await until("a refresh", async () =>
        (await state()).tokenUses.slice(uses).some((t) => t.grant === "refresh_token"),
      );
    }
    const refreshes = (await state()).tokenUses.filter((t) => t.grant === "refresh_token");
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(refreshes.every((t) => t.ok)).toBe(true);
    expect(new Set(refreshes.map((t) => t.presented)).size).toBe(refreshes.length);
  }, 120_000);
});
