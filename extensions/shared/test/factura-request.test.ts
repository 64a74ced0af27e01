import { describe, expect, it } from "vitest";
import { FACTURA_REQUEST_PATH, sendFacturaRequest } from "../src/index.js";

function fakeFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; init: { method: string; headers: Record<string, string>; body: string } }> = [];
  const impl = async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
    calls.push({ url, init });
    return { ok: status < 400, status, json: async () => body };
  };
  return { impl, calls };
}

const fields = { rut: "76.192.083-9", businessName: " Demo SpA ", activity: "Comercio" };

describe("sendFacturaRequest", () => {
  it("posts the normalized data with the session token", async () => {
    const f = fakeFetch(202, { message: { es: "Listo", en: "Done" } });
    const r = await sendFacturaRequest(
      f.impl,
      "https://hub.example/",
      "tok",
      "gid://shopify/Order/820982911946154508",
      fields,
    );
    expect(r).toEqual({ ok: true, message: { es: "Listo", en: "Done" } });
    expect(f.calls[0]!.url).toBe(`https://hub.example${FACTURA_REQUEST_PATH}`);
    expect(f.calls[0]!.init.headers.authorization).toBe("Bearer tok");
    expect(JSON.parse(f.calls[0]!.init.body)).toEqual({
      orderId: "gid://shopify/Order/820982911946154508",
      rut: "76192083-9",
      businessName: "Demo SpA",
      activity: "Comercio",
    });
  });

  it("does not call the hub with an invalid RUT", async () => {
    const f = fakeFetch(202, {});
    const r = await sendFacturaRequest(f.impl, "https://hub.example", "tok", "1", { ...fields, rut: "76.192.083-0" });
    expect(r.ok).toBe(false);
    expect(f.calls).toHaveLength(0);
    if (!r.ok) expect(r.errors[0]!.field).toBe("rut");
  });

  it("turns hub errors and network failures into buyer messages", async () => {
    const f = fakeFetch(409, { error: { message: "El pedido ya tiene factura." } });
    const r = await sendFacturaRequest(f.impl, "https://hub.example", "tok", "1", fields);
    expect(r).toMatchObject({ ok: false, message: { es: "El pedido ya tiene factura." } });
    const down = await sendFacturaRequest(
      async () => Promise.reject(new Error("offline")),
      "https://hub.example",
      "tok",
      "1",
      fields,
    );
    expect(down).toMatchObject({ ok: false, message: { es: "Sin conexión con Timbre. Intente más tarde." } });
  });
});

describe("fetchOrderDocument", () => {
  it("parses the hub's answer with the write-back parser", async () => {
    const { fetchOrderDocument, facturaStillPossible } = await import("../src/index.js");
    const urls: string[] = [];
    const answer = await fetchOrderDocument(
      async (url) => {
        urls.push(url);
        return {
          ok: true,
          json: async () => ({
            metafields: [
              { key: "tipo_dte", value: "39" },
              { key: "folio", value: "12" },
              { key: "estado_sii", value: "sent" },
            ],
            canRequestFactura: true,
          }),
        };
      },
      "https://hub.example",
      "tok",
      "gid://shopify/Order/1",
    );
    expect(urls[0]).toBe("https://hub.example/extensions/order-document?order=gid%3A%2F%2Fshopify%2FOrder%2F1");
    expect(answer).toMatchObject({ canRequestFactura: true, document: { type: 39, folio: 12, state: "sent" } });
    expect(facturaStillPossible(answer!.document)).toBe(true);
    expect(facturaStillPossible({ ...answer!.document!, type: 33 })).toBe(false);
    expect(
      await fetchOrderDocument(async () => ({ ok: false, json: async () => ({}) }), "https://hub.example", "t", "1"),
    ).toBeNull();
  });
});
