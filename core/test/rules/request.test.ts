import { describe, expect, it } from "vitest";
import { TimbreError } from "../../src/errors.js";
import { parseDteRequest } from "../../src/rules/dte/request.js";
import { FACTURA_RECEIVER, ISSUE_DATE, ISSUER, requestFor } from "../support/sii-fixtures.js";

function fieldsOf(input: unknown): string[] {
  try {
    parseDteRequest(input);
  } catch (e) {
    expect(e).toBeInstanceOf(TimbreError);
    return (e as TimbreError).fields.map((f) => f.field);
  }
  return [];
}

describe("document request", () => {
  it("accepts the issue's example shape and normalizes RUTs", () => {
    const r = parseDteRequest({
      type: 39,
      issueDate: "2026-11-20",
      issuer: { ...ISSUER, rut: "76.192.083-9" },
      receiver: { rut: "66.666.666-6", name: "Juan", email: "juan@example.cl" },
      lines: [
        {
          name: "Café",
          quantity: 2,
          unitPrice: 1500,
          exempt: false,
          discount: { amount: 100 },
          unit: "Kg",
          code: "SKU-1",
        },
      ],
      globalDiscount: { percent: 5 },
      references: [{ code: "SET", reason: "CASO-1" }],
      pricesIncludeTax: true,
    });
    expect(r.issuer.rut).toBe("76192083-9");
    expect(r.receiver!.rut).toBe("66666666-6");
    expect(r.lines[0]!.quantity).toBe(2);
  });

  it("names the offending field", () => {
    const req = requestFor(39) as { lines: Array<Record<string, unknown>> };
    expect(fieldsOf({ ...req, lines: [{ ...req.lines[0], unitPrice: "1500" }] })).toEqual(["lines.0.unitPrice"]);
    expect(fieldsOf({ ...req, lines: [{ ...req.lines[0], unitprice: 1 }] })).toContain("lines.0.unitprice");
    expect(fieldsOf({ ...req, issueDate: "2026-02-30" })).toEqual(["issueDate"]);
    expect(fieldsOf({ ...req, issuer: { ...ISSUER, rut: "76192083-0" } })).toEqual(["issuer.rut"]);
    expect(fieldsOf({ ...req, type: 35 })).toEqual(["type"]);
    expect(fieldsOf({ ...req, lines: [] })).toEqual(["lines"]);
    expect(fieldsOf({ ...req, lines: [{ name: "x", unitPrice: 1.1234567 }] })).toEqual(["lines.0.unitPrice"]);
    expect(fieldsOf({ ...req, lines: [{ name: "x", unitPrice: 1, discount: { percent: 120 } }] })).toEqual([
      "lines.0.discount.percent",
    ]);
    expect(fieldsOf({ ...req, globalDiscount: { amount: 10.5 } })).toEqual(["globalDiscount"]);
  });

  it("messages are Spanish first", () => {
    try {
      parseDteRequest({ ...requestFor(39), issueDate: "20-11-2026" });
      expect.unreachable();
    } catch (e) {
      const err = e as TimbreError;
      expect(err.user.es).toContain("issueDate");
      expect(err.fields[0]!.message).toBe("Use una fecha AAAA-MM-DD.");
    }
  });

  it("a factura needs the receiver's business data", () => {
    expect(fieldsOf({ ...requestFor(33), receiver: undefined })).toEqual(["receiver"]);
    expect(fieldsOf({ ...requestFor(33), receiver: { rut: FACTURA_RECEIVER.rut, name: "X" } })).toEqual([
      "receiver.activity",
      "receiver.address",
      "receiver.commune",
    ]);
    expect(fieldsOf({ ...requestFor(33), issuer: { ...ISSUER, acteco: [] } })).toEqual(["issuer.acteco"]);
  });

  it("a boleta needs no receiver", () => {
    expect(
      parseDteRequest({ type: 39, issueDate: ISSUE_DATE, issuer: ISSUER, lines: [{ name: "x", unitPrice: 1 }] })
        .receiver,
    ).toBeUndefined();
  });

  it("a credit or debit note must reference the document it corrects, with CodRef", () => {
    expect(fieldsOf({ ...requestFor(61), references: [] })).toEqual(["references"]);
    expect(
      fieldsOf({ ...requestFor(61), references: [{ type: 33, folio: 1, date: ISSUE_DATE, reason: "x" }] }),
    ).toEqual(["references"]);
    expect(fieldsOf({ ...requestFor(61), references: [{ type: 33, date: ISSUE_DATE, code: "SET" }] })).toEqual([
      "references.0.folio",
      "references.0.code",
      "references",
    ]);
    expect(fieldsOf({ ...requestFor(61), receiver: { rut: "66666666-6", name: "Sin RUT" } })).toEqual([]);
  });

  it("keeps line counts within the XSD: 60 in a factura, 1,000 in a boleta", () => {
    const line = { name: "x", unitPrice: 1 };
    expect(fieldsOf({ ...requestFor(33), lines: Array(60).fill(line) })).toEqual([]);
    expect(fieldsOf({ ...requestFor(33), lines: Array(61).fill(line) })).toEqual(["lines"]);
    expect(fieldsOf({ ...requestFor(39), lines: Array(1000).fill(line) })).toEqual([]);
    expect(fieldsOf({ ...requestFor(39), lines: Array(1001).fill(line) })).toEqual(["lines"]);
  });

  it("exempt documents have only exempt lines; all-exempt 33/39 should be 34/41", () => {
    expect(fieldsOf({ ...requestFor(41), lines: [{ name: "x", unitPrice: 1, exempt: false }] })).toEqual([
      "lines.0.exempt",
    ]);
    expect(fieldsOf({ ...requestFor(39), lines: [{ name: "x", unitPrice: 1, exempt: true }] })).toEqual(["lines"]);
  });

  it("transport data only on a guía", () => {
    expect(fieldsOf({ ...requestFor(33), transport: { transferType: 1 } })).toEqual(["transport"]);
  });
});
