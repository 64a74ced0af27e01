import { describe, expect, it } from "vitest";
import {
  attributesFromFiscalFields,
  documentFromMetafields,
  expectedCheckDigit,
  FISCAL_ATTRIBUTE,
  fiscalFieldsFromAttributes,
  formatRutInput,
  validateFiscalFields,
} from "../src/index.js";

describe("fiscal attributes", () => {
  it("round-trips a factura through cart attributes and back from webhook note_attributes", () => {
    const attrs = attributesFromFiscalFields({
      documentType: "factura",
      rut: " 76.192.083-9 ",
      businessName: "Comercial Ñandú SpA ",
      activity: "Venta al por menor",
    });
    expect(attrs).toEqual({
      timbre_documento: "factura",
      timbre_rut: "76.192.083-9",
      timbre_razon_social: "Comercial Ñandú SpA",
      timbre_giro: "Venta al por menor",
    });
    const noteAttributes = Object.entries(attrs).map(([name, value]) => ({ name, value }));
    noteAttributes.push({ name: "gift_note", value: "hola" });
    expect(fiscalFieldsFromAttributes(noteAttributes)).toEqual({
      documentType: "factura",
      rut: "76.192.083-9",
      businessName: "Comercial Ñandú SpA",
      activity: "Venta al por menor",
    });
  });

  it("clears the factura fields when the buyer switches back to boleta", () => {
    const attrs = attributesFromFiscalFields({
      documentType: "boleta",
      rut: "76192083-9",
      businessName: "X",
      activity: "Y",
    });
    expect(attrs[FISCAL_ATTRIBUTE.rut]).toBe("");
    expect(attrs[FISCAL_ATTRIBUTE.businessName]).toBe("");
    expect(attrs[FISCAL_ATTRIBUTE.documentType]).toBe("boleta");
  });

  it("reads GraphQL {key,value} attributes and defaults to boleta", () => {
    expect(fiscalFieldsFromAttributes([{ key: "timbre_documento", value: "FACTURA" }]).documentType).toBe("factura");
    expect(fiscalFieldsFromAttributes([{ key: "timbre_documento", value: "otra cosa" }]).documentType).toBe("boleta");
    expect(fiscalFieldsFromAttributes(null)).toEqual({
      documentType: "boleta",
      rut: "",
      businessName: "",
      activity: "",
    });
  });
});

describe("validateFiscalFields", () => {
  const factura = {
    documentType: "factura" as const,
    rut: "76.192.083-9",
    businessName: "Demo SpA",
    activity: "Comercio",
  };

  it("accepts a complete factura and asks nothing of a boleta", () => {
    expect(validateFiscalFields(factura)).toEqual([]);
    expect(validateFiscalFields({ documentType: "boleta", rut: "", businessName: "", activity: "" })).toEqual([]);
  });

  it("names the right check digit when it is wrong", () => {
    const errors = validateFiscalFields({ ...factura, rut: "76.192.083-1" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe("rut");
    expect(errors[0]!.es).toContain("es 9, no 1");
  });

  it("requires RUT, razón social and giro, and refuses the anonymous RUT", () => {
    const errors = validateFiscalFields({ documentType: "factura", rut: "", businessName: " ", activity: "" });
    expect(errors.map((e) => e.field)).toEqual(["rut", "businessName", "activity"]);
    expect(validateFiscalFields({ ...factura, rut: "66.666.666-6" })[0]!.es).toContain("66.666.666-6");
    expect(validateFiscalFields({ ...factura, activity: "x".repeat(41) })[0]!.field).toBe("activity");
  });
});

describe("live RUT input", () => {
  it("formats as the buyer types", () => {
    expect(formatRutInput("7")).toBe("7");
    expect(formatRutInput("76")).toBe("7-6");
    expect(formatRutInput("761920839")).toBe("76.192.083-9");
    expect(formatRutInput("76.192.083-9")).toBe("76.192.083-9");
    expect(formatRutInput("1k2k")).toBe("12-K");
    expect(formatRutInput("00123456785")).toBe("12.345.678-5");
  });

  it("says which check digit the body needs", () => {
    expect(expectedCheckDigit("76.192-")).toBeNull();
    expect(expectedCheckDigit("76192083-1")).toBe("9");
    expect(expectedCheckDigit("123")).toBeNull();
  });
});

describe("documentFromMetafields", () => {
  it("reads the document the hub wrote back", () => {
    const doc = documentFromMetafields([
      { namespace: "$app", key: "tipo_dte", value: "39" },
      { namespace: "$app", key: "folio", value: "1042" },
      { namespace: "$app", key: "estado_sii", value: "accepted" },
      { namespace: "$app", key: "pdf_url", value: "https://hub.example/d/abc.pdf" },
    ]);
    expect(doc).toMatchObject({
      type: 39,
      folio: 1042,
      state: "accepted",
      tone: "success",
      pdfUrl: "https://hub.example/d/abc.pdf",
    });
    expect(doc!.typeName.es).toBe("Boleta electrónica");
  });

  it("is null before issuing and ignores other namespaces and unsafe links", () => {
    expect(documentFromMetafields([])).toBeNull();
    expect(
      documentFromMetafields([
        { namespace: "custom", key: "folio", value: "5" },
        { namespace: "custom", key: "tipo_dte", value: "39" },
      ]),
    ).toBeNull();
    const doc = documentFromMetafields([
      { key: "tipo_dte", value: "33" },
      { key: "folio", value: "7" },
      { key: "estado_sii", value: "weird" },
      { key: "pdf_url", value: "javascript:alert(1)" },
    ]);
    expect(doc).toMatchObject({ type: 33, state: "unknown", pdfUrl: null });
  });
});
