import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentNotice } from "@timbre/core/platform-parts";
import { createJumpsellerClient, type JumpsellerClient } from "../src/client/jumpseller-client.js";
import { jumpsellerDocumentWriteBack } from "../src/adapter/document-writeback.js";
import { jumpsellerFulfillmentPort } from "../src/adapter/fulfillment-adapter.js";
import { ensureCheckoutFields } from "../src/install/checkout-fields.js";
import { verifyHookSignature } from "../src/hooks/verify-signature.js";
import { startJumpsellerEmulator, type JumpsellerEmulator } from "../src/testing/emulator.js";

let emu: JumpsellerEmulator;
let api: JumpsellerClient;
const STORE = "tienda-demo";

beforeAll(async () => {
  emu = await startJumpsellerEmulator({ rateLimits: false });
  const redirect = "http://hub.test/jumpseller/oauth/callback";
  const auth = await fetch(
    `${emu.authUrl}/oauth/authorize?client_id=${emu.clientId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=x`,
    { redirect: "manual" },
  );
  const code = new URL(auth.headers.get("location")!).searchParams.get("code")!;
  const t = (await (
    await fetch(`${emu.authUrl}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirect,
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
      }),
    })
  ).json()) as { access_token: string };
  api = createJumpsellerClient({ apiUrl: emu.apiUrl, accessToken: async () => t.access_token });
});
afterAll(() => emu?.close());

const notice = (over: Partial<DocumentNotice> = {}): DocumentNotice => ({
  orderExternalId: "0",
  documentId: "doc-1",
  kind: "sale",
  type: 39,
  typeName: "BOLETA ELECTRÓNICA",
  folio: 7,
  state: "issued",
  total: 11990,
  pdfUrl: "https://hub.example/api/v1/documents/doc-1.pdf?t=abc",
  xmlUrl: "https://hub.example/api/v1/documents/doc-1.xml?t=abc",
  pdf: async () => Buffer.from("%PDF-"),
  ...over,
});

describe("document write-back", () => {
  it("attaches the document once, updates it when the link changes, and takes a rejected one off", async () => {
    const order = emu.addOrder(STORE, { status_enum: "paid" });
    const port = jumpsellerDocumentWriteBack(api);
    const n = notice({ orderExternalId: String(order.id) });
    await port.documentChanged(n);
    await port.documentChanged({ ...n, state: "accepted" });
    const docs = () => emu.store(STORE).documents.get(order.id) ?? [];
    expect(docs()).toEqual([
      {
        document_type: 1,
        external_id: "doc-1",
        public_id: "BOLETA ELECTRÓNICA N° 7",
        url: n.pdfUrl,
        order_id: order.id,
        app_code: "timbre",
      },
    ]);
    expect(emu.store(STORE).history.get(order.id)).toHaveLength(1);
    await port.documentChanged({ ...n, pdfUrl: "https://hub.example/new.pdf" });
    expect(docs().map((d) => d.url)).toEqual(["https://hub.example/new.pdf"]);
    await port.documentChanged({
      ...n,
      documentId: "nc-1",
      kind: "credit_note",
      type: 61,
      typeName: "NOTA DE CRÉDITO ELECTRÓNICA",
      folio: 1,
    });
    expect(docs().map((d) => [d.document_type, d.public_id])).toEqual([
      [1, "BOLETA ELECTRÓNICA N° 7"],
      [0, "NOTA DE CRÉDITO ELECTRÓNICA N° 1"],
    ]);
    await port.documentChanged({ ...n, state: "rejected" });
    expect(docs().map((d) => d.external_id)).toEqual(["nc-1"]);
  });
});

describe("fulfillments", () => {
  it("creates one fulfillment with the tracking, then moves it to delivered, never a second one", async () => {
    const order = emu.addOrder(STORE, { status_enum: "paid" });
    const port = jumpsellerFulfillmentPort(api);
    const tracking = { number: "TRK-1", carrier: "Mi courier", url: "https://courier.example/TRK-1" };
    await port.markFulfilled(String(order.id), { status: "shipped", tracking });
    await port.markFulfilled(String(order.id), { status: "shipped", tracking });
    let list = [...emu.store(STORE).fulfillments.values()].filter((f) => f.order_id === order.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      type: "manual",
      tracking_company: "other",
      tracking_number: "TRK-1",
      tracking_url: tracking.url,
      location_id: "269115",
      shipment_status: "in_transit",
    });
    await port.markFulfilled(String(order.id), { status: "completed", tracking });
    list = [...emu.store(STORE).fulfillments.values()].filter((f) => f.order_id === order.id);
    expect(list.map((f) => f.shipment_status)).toEqual(["delivered"]);
  });

  it("uses Jumpseller's own type for known Chilean carriers", async () => {
    const order = emu.addOrder(STORE, { status_enum: "paid" });
    await jumpsellerFulfillmentPort(api).markFulfilled(String(order.id), {
      status: "shipped",
      tracking: { number: "99", carrier: "Starken" },
    });
    expect([...emu.store(STORE).fulfillments.values()].find((f) => f.order_id === order.id)).toMatchObject({
      type: "starken",
      tracking_company: "starken",
      tracking_url: null,
    });
  });
});

describe("checkout fields", () => {
  it("adopts our labelled fields only when no id is known, and never recreates deleted ones outside install", async () => {
    const emu2 = await startJumpsellerEmulator({ rateLimits: false, stores: [{ code: "otra" }] });
    try {
      const redirect = "http://hub.test/cb";
      const auth = await fetch(
        `${emu2.authUrl}/oauth/authorize?client_id=${emu2.clientId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code`,
        { redirect: "manual" },
      );
      const code = new URL(auth.headers.get("location")!).searchParams.get("code")!;
      const t = (await (
        await fetch(`${emu2.authUrl}/oauth/token`, {
          method: "POST",
          body: new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: redirect,
            client_id: emu2.clientId,
            client_secret: emu2.clientSecret,
          }),
        })
      ).json()) as { access_token: string };
      const c = createJumpsellerClient({ apiUrl: emu2.apiUrl, accessToken: async () => t.access_token });
      const first = await ensureCheckoutFields(c, {}, { recreate: true });
      expect(first.created).toHaveLength(4);
      // Lost ids (e.g. a database restore): the same four are adopted, not duplicated.
      const again = await ensureCheckoutFields(c, {}, { recreate: true });
      expect(again.created).toEqual([]);
      expect(again.fieldIds).toEqual(first.fieldIds);
      emu2.store("otra").customFields.delete(first.fieldIds.rut!);
      const sweep = await ensureCheckoutFields(c, first.fieldIds, { recreate: false });
      expect(sweep.missing).toEqual(["rut"]);
      expect(emu2.store("otra").customFields.size).toBe(3);
    } finally {
      await emu2.close();
    }
  });
});

describe("emulator hook delivery", () => {
  it("signs like Jumpseller (base64 HMAC with the hooks token) and pauses a hook after 8 failures", async () => {
    const seen: Array<{ ok: boolean; event: string | undefined }> = [];
    let fail = false;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        seen.push({
          ok: verifyHookSignature(raw, emu.store(STORE).hooksToken, String(req.headers["jumpseller-hmac-sha256"])),
          event: req.headers["jumpseller-event"] as string | undefined,
        });
        res.writeHead(fail ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      await api.post("/hooks", { hook: { event: "order_paid", url } });
      await emu.deliver(STORE, "order_paid", { order: { id: 1 } });
      await emu.deliver(STORE, "order_paid", { order: { id: 1 } }, { forge: true });
      expect(seen).toEqual([
        { ok: true, event: "order_paid" },
        { ok: false, event: "order_paid" },
      ]);
      fail = true;
      for (let i = 0; i < 8; i++) await emu.deliver(STORE, "order_paid", { order: { id: 2 } });
      expect((await emu.deliver(STORE, "order_paid", { order: { id: 3 } })).length).toBe(0);
      expect([...emu.store(STORE).hooks.values()].find((h) => h.url === url)?.paused).toBe(true);
    } finally {
      server.close();
    }
  });
});
