import { describe, expect, it } from "vitest";
import { errorMessages, langOf, readFields, saveCartAttributes } from "../src/cart-fields.js";

describe("cart theme block", () => {
  it("reads and formats the inputs", () => {
    const values: Record<string, string> = {
      documentType: "factura",
      rut: "761920839",
      businessName: "Demo SpA",
      activity: "Comercio",
    };
    expect(readFields((n) => values[n] ?? null)).toEqual({
      documentType: "factura",
      rut: "76.192.083-9",
      businessName: "Demo SpA",
      activity: "Comercio",
    });
    expect(readFields(() => null).documentType).toBe("boleta");
  });

  it("explains a wrong check digit in the page's language", () => {
    const f = { documentType: "factura" as const, rut: "76.192.083-1", businessName: "Demo SpA", activity: "Comercio" };
    expect(errorMessages(f, "es").get("rut")).toContain("es 9, no 1");
    expect(errorMessages(f, "en").get("rut")).toContain("is 9, not 1");
    expect(errorMessages({ ...f, rut: "76.192.083-9" }, "es").size).toBe(0);
    expect(langOf("en-US")).toBe("en");
    expect(langOf(undefined)).toBe("es");
  });

  it("saves the fields as cart attributes through /cart/update.js", async () => {
    const calls: Array<{ url: string; body: string }> = [];
    const ok = await saveCartAttributes(
      async (url, init) => {
        calls.push({ url, body: init.body });
        return { ok: true };
      },
      "/es/cart/update",
      { documentType: "factura", rut: "76.192.083-9", businessName: "Demo SpA", activity: "Comercio" },
    );
    expect(ok).toBe(true);
    expect(calls[0]!.url).toBe("/es/cart/update.js");
    expect(JSON.parse(calls[0]!.body)).toEqual({
      attributes: {
        timbre_documento: "factura",
        timbre_rut: "76.192.083-9",
        timbre_razon_social: "Demo SpA",
        timbre_giro: "Comercio",
      },
    });
    expect(
      await saveCartAttributes(async () => Promise.reject(new Error("offline")), "/cart/update", {
        documentType: "boleta",
        rut: "",
        businessName: "",
        activity: "",
      }),
    ).toBe(false);
  });

  it("keeps the Liquid block's attribute names in step with the shared names", async () => {
    const { readFileSync } = await import("node:fs");
    const { FISCAL_ATTRIBUTE } = await import("@timbre/ext-shared");
    const liquid = readFileSync(new URL("../blocks/fiscal-fields.liquid", import.meta.url), "utf8");
    for (const key of Object.values(FISCAL_ATTRIBUTE)) expect(liquid).toContain(`attributes[${key}]`);
    const schema = JSON.parse(/{% schema %}([\s\S]*){% endschema %}/.exec(liquid)![1]!) as {
      javascript: string;
      target: string;
    };
    expect(schema.javascript).toBe("timbre-fiscal-fields.js");
    expect(schema.target).toBe("section");
  });
});
