import { describe, expect, it } from "vitest";
import {
  attributeUpdates,
  changeField,
  initialState,
  languageOf,
  touchField,
  visibleErrors,
} from "../src/fiscal-form.js";

describe("checkout fiscal form", () => {
  it("starts from what the cart already carries, RUT formatted", () => {
    const s = initialState([
      { key: "timbre_documento", value: "factura" },
      { key: "timbre_rut", value: "761920839" },
    ]);
    expect(s.fields).toEqual({ documentType: "factura", rut: "76.192.083-9", businessName: "", activity: "" });
  });

  it("formats the RUT live and shows its error only once the buyer left the field", () => {
    let s = changeField(initialState([]), "documentType", "factura");
    s = changeField(s, "rut", "761920831");
    expect(s.fields.rut).toBe("76.192.083-1");
    expect(visibleErrors(s)).toEqual([]);
    s = touchField(s, "rut");
    const errors = visibleErrors(s);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.es).toContain("es 9, no 1");
    s = changeField(s, "rut", "76.192.083-9");
    expect(visibleErrors(s)).toEqual([]);
  });

  it("writes only the attributes that changed", () => {
    let s = changeField(initialState([]), "documentType", "factura");
    s = changeField(s, "rut", "76192083-9");
    const current = [
      { key: "timbre_documento", value: "factura" },
      { key: "timbre_rut", value: "" },
    ];
    expect(attributeUpdates(s, current)).toEqual([
      { type: "updateAttribute", key: "timbre_rut", value: "76.192.083-9" },
    ]);
    // An absent attribute counts as empty: no write for fields the buyer never filled.
    expect(attributeUpdates(s, [...current.slice(0, 1), { key: "timbre_rut", value: "76.192.083-9" }])).toEqual([]);
    s = changeField(s, "businessName", "Demo SpA");
    expect(attributeUpdates(s, [...current.slice(0, 1), { key: "timbre_rut", value: "76.192.083-9" }])).toEqual([
      { type: "updateAttribute", key: "timbre_razon_social", value: "Demo SpA" },
    ]);
  });

  it("going back to boleta empties the RUT on the cart", () => {
    const s = changeField(
      initialState([
        { key: "timbre_documento", value: "factura" },
        { key: "timbre_rut", value: "76192083-9" },
      ]),
      "documentType",
      "boleta",
    );
    expect(
      attributeUpdates(s, [
        { key: "timbre_documento", value: "factura" },
        { key: "timbre_rut", value: "76192083-9" },
      ]),
    ).toEqual([
      { type: "updateAttribute", key: "timbre_documento", value: "boleta" },
      { type: "updateAttribute", key: "timbre_rut", value: "" },
    ]);
  });

  it("speaks Spanish unless the checkout is in English", () => {
    expect(languageOf("es-CL")).toBe("es");
    expect(languageOf("EN")).toBe("en");
    expect(languageOf(undefined)).toBe("es");
  });
});
