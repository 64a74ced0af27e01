import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, timbre, type RunningServer } from "./start-server.js";

// What a WooCommerce plugin or PrestaShop module does against `npm start`: a store created with the
// CLI posts orders and refunds to the sync API, and the demo's SII sandbox answers.

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

interface StoreKeys {
  id: string;
  apiKey: string;
  secret: string;
}

interface DocumentJson {
  id: string;
  kind: "sale" | "credit_note";
  type: number;
  folio: number;
  state: string;
  referencesId: string | null;
  pdfUrl: string;
  xmlUrl: string;
}

const paidOrder = (updatedAt: string) => ({
  externalId: "1001",
  number: "#1001",
  status: "paid",
  updatedAt,
  pricesIncludeTax: true,
  buyer: { email: "ana.perez@example.cl", name: "Ana Pérez", document: "boleta" },
  lines: [
    { externalId: "l1", sku: "CAFE-1K", name: "Café en grano 1 kg", quantity: 2, unitPrice: 12990 },
    { externalId: "l2", sku: "TAZA", name: "Taza de gres", quantity: 1, unitPrice: 8490 },
  ],
  shipping: { name: "Despacho", price: 3990 },
});

function client(hub: RunningServer, store: StoreKeys) {
  const send = (
    method: string,
    path: string,
    body?: unknown,
    sign: (raw: string) => string = (raw) => signature(store.secret, raw),
  ) => {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    return fetch(`${hub.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${store.apiKey}`,
        "content-type": "application/json",
        ...(raw !== undefined ? { "x-timbre-signature": sign(raw) } : {}),
      },
      ...(raw !== undefined ? { body: raw } : {}),
    });
  };
  return {
    send,
    async documents(externalId: string): Promise<DocumentJson[]> {
      const res = await send("GET", `/api/v1/orders/${externalId}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { order: { documents: DocumentJson[] } }).order.documents;
    },
  };
}

const signature = (secret: string, raw: string) => createHmac("sha256", secret).update(raw).digest("base64");

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Each step waits for the SII's verdict (up to 45 s in `until`), so a test may take longer than the default.
describe(
  "a paid order becomes exactly one document at the running hub (sync API v1, SII sandbox)",
  { timeout: 120_000 },
  () => {
    let hub: RunningServer;
    let store: StoreKeys;
    let other: StoreKeys;

    beforeAll(async () => {
      hub = await startServer();
      // Stores that push through the sync API with no platform behind them (the demo platform): the
      // WooCommerce and PrestaShop connectors now need their shop's address and keys to be created.
      store = JSON.parse(
        timbre(["store", "create", "--platform", "demo", "--name", "Tienda Café", "--json"], hub),
      ) as StoreKeys;
      other = JSON.parse(
        timbre(["store", "create", "--platform", "demo", "--name", "Otra tienda", "--json"], hub),
      ) as StoreKeys;
    });
    afterAll(() => hub?.stop());

    it("issues one boleta for the same paid order posted 20 times at once, and again after a restart; it reaches accepted", async () => {
      const api = client(hub, store);
      const order = paidOrder("2026-11-20T12:00:00Z");
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => api.send("POST", "/api/v1/orders", order).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 202)).toBe(true);
      const [boleta] = await until("the boleta to be accepted", async () => {
        const docs = await api.documents("1001");
        return docs.length > 0 && docs[0]!.state === "accepted" && docs;
      });
      expect(boleta).toMatchObject({ kind: "sale", type: 39 });

      await hub.stop({ keepData: true });
      hub = await startServer({ reuse: hub });
      const again = client(hub, store);
      await Promise.all(Array.from({ length: 20 }, () => again.send("POST", "/api/v1/orders", order)));
      await new Promise((r) => setTimeout(r, 1500));
      expect(await again.documents("1001")).toEqual([
        expect.objectContaining({ id: boleta!.id, folio: boleta!.folio }),
      ]);

      // The PDF and the XML, for the store that owns them.
      const pdf = await again.send("GET", boleta!.pdfUrl);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
      const xml = await again.send("GET", boleta!.xmlUrl);
      expect(xml.status).toBe(200);
      expect(Buffer.from(await xml.arrayBuffer()).toString("latin1")).toContain(`<Folio>${boleta!.folio}</Folio>`);
      // Another store's key does not open it (without the link's signed token, which opens it for whoever holds it).
      expect((await client(hub, other).send("GET", boleta!.pdfUrl.split("?")[0]!)).status).toBe(404);
    });

    it("turns a full refund, reported twice, into one nota de crédito that references the boleta", async () => {
      const api = client(hub, store);
      const refund = {
        externalId: "r-1",
        reason: "Cliente devolvió el pedido",
        lines: [
          { externalId: "l1", quantity: 2 },
          { externalId: "l2", quantity: 1 },
        ],
        shipping: true,
      };
      const [first, second] = await Promise.all([
        api.send("POST", "/api/v1/orders/1001/refunds", refund),
        api.send("POST", "/api/v1/orders/1001/refunds", refund),
      ]);
      expect([first!.status, second!.status]).toEqual([202, 202]);
      const docs = await until("the nota de crédito", async () => {
        const d = await api.documents("1001");
        return d.some((x) => x.kind === "credit_note") && d;
      });
      const sale = docs.filter((d) => d.kind === "sale");
      const notes = docs.filter((d) => d.kind === "credit_note");
      expect(sale).toHaveLength(1);
      expect(notes).toEqual([expect.objectContaining({ type: 61, referencesId: sale[0]!.id })]);
    });

    it("answers 401 for a bad key or signature, 404 for another store's order, 400 naming each bad field", async () => {
      const api = client(hub, store);
      const badKey = await fetch(`${hub.url}/api/v1/orders/1001`, { headers: { authorization: "Bearer nope" } });
      expect(badKey.status).toBe(401);
      const forged = await api.send("POST", "/api/v1/orders", paidOrder("2026-11-21T00:00:00Z"), () =>
        signature("not-the-secret", "x"),
      );
      expect(forged.status).toBe(401);
      expect((await client(hub, other).send("GET", "/api/v1/orders/1001")).status).toBe(404);

      const bad = await api.send("POST", "/api/v1/orders", {
        ...paidOrder("2026-11-21T00:00:00Z"),
        status: "shipped",
        lines: [{ externalId: "l1", quantity: -1 }],
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: { fields: Array<{ field: string }> } };
      const paths = body.error.fields.map((f) => f.field);
      expect(paths).toEqual(expect.arrayContaining(["status", "lines.0.quantity", "lines.0.name"]));
    });

    it("lets a visitor simulate a paid order on the landing page and follow it to accepted, then open its PDF", async () => {
      const posted = await fetch(`${hub.url}/?index`, {
        method: "POST",
        headers: { "user-agent": BROWSER_UA, "content-type": "application/x-www-form-urlencoded" },
        body: "document=boleta",
        redirect: "manual",
      });
      expect(posted.status).toBe(302);
      const location = posted.headers.get("location")!;
      expect(location).toMatch(/^\/\?pedido=DEMO-/);
      const page = await until("the simulated order to be accepted", async () => {
        const html = await (await fetch(`${hub.url}${location}`, { headers: { "user-agent": BROWSER_UA } })).text();
        return html.includes("Aceptado por el SII") && html;
      });
      const link = /href="(\/api\/v1\/documents\/[^"]+\.pdf\?t=[^"]+)"/.exec(page)?.[1]?.replaceAll("&amp;", "&");
      expect(link).toBeDefined();
      // The signed link opens without an API key; a tampered one does not.
      const pdf = await fetch(`${hub.url}${link}`);
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
      expect((await fetch(`${hub.url}${link!.replace(/t=./, "t=x")}`)).status).toBe(401);
    });
  },
);
