import { describe, expect, it } from "vitest";
import { issueDte } from "../../src/rules/dte/issue.js";
import { renderPdf } from "../../src/rules/dte/pdf.js";
import { LENGTHS, LIMITS } from "../../src/rules/dte/types.js";
import { FACTURA_RECEIVER, ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

/**
 * Mercado Libre takes the document on the sale only up to 1 MB per file (research
 * mercadolibre-magento.md A4), PDF and XML alike. The largest documents an order can make — every
 * line the schema allows, names and codes at their longest (orders carry no line descriptions) —
 * must fit, whatever the layout.
 */
const LIMIT = 1_000_000;
const long = (n: number, seed: string) => `${seed} ${"ÑANDÚ árbol largo ".repeat(20)}`.slice(0, n);

function largest(type: 39 | 33) {
  const lines = Array.from({ length: type === 39 ? LIMITS.linesBoleta : LIMITS.linesDte }, (_, i) => ({
    name: long(LENGTHS.itemName, `Producto ${i}`),
    code: long(LENGTHS.itemCode, `CODIGO-${i}`).replace(/\s/g, "-"),
    quantity: 999,
    unitPrice: 9_999_999,
  }));
  return issueDte({
    request: { ...requestFor(type), lines, ...(type === 33 ? { receiver: FACTURA_RECEIVER } : {}) },
    caf: keys().caf(type),
    certificate: keys().signing,
    folio: 77,
    timestamp: TIMESTAMP,
  });
}

describe("the largest documents fit Mercado Libre's 1 MB upload", () => {
  it.each([39, 33] as const)("type %i at the schema's limits: PDF and XML each under 1 MB", async (type) => {
    const doc = largest(type);
    const pdf = await renderPdf(doc.signedDte, {
      resolution: ISSUER.resolution,
      siiOffice: "S.I.I. - SANTIAGO ORIENTE",
    });
    expect(pdf.length).toBeLessThan(LIMIT);
    expect(Buffer.byteLength(doc.signedDte, "latin1")).toBeLessThan(LIMIT);
  });
});
