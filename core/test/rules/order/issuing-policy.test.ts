import { describe, expect, it } from "vitest";
import { decideDocument, type PolicyInput } from "../../../src/rules/order/issuing-policy.js";

const line = (over: Partial<PolicyInput["lines"][number]> = {}) => ({
  externalId: "l1",
  sku: "SKU-1",
  name: "Café",
  quantity: 1,
  unitPrice: 1000,
  discount: 0,
  exempt: false,
  ...over,
});

const base = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  status: "paid",
  buyer: { document: "boleta" },
  lines: [line()],
  shippingExempt: undefined,
  trigger: "payment",
  delivered: false,
  override: undefined,
  hasSaleDocument: false,
  skuProblems: { unknown: [], duplicated: [] },
  usableTypes: new Set([33, 34, 39, 41]),
  hasCertificate: true,
  ...over,
});

const facturaBuyer = {
  document: "factura" as const,
  rut: "76.354.771-k",
  businessName: "Importadora Sur Ltda.",
  activity: "Importación de repuestos",
  address: "Av. Matta 123",
  commune: "Santiago",
  email: "compras@sur.cl",
};

describe("which document an order gets", () => {
  it("uses the store's default document only when the buyer chose none", () => {
    const unchosen = { ...facturaBuyer, document: undefined };
    expect(decideDocument(base({ buyer: unchosen, defaultDocument: "factura" }))).toMatchObject({
      action: "issue",
      type: 33,
    });
    expect(decideDocument(base({ buyer: unchosen }))).toMatchObject({ action: "issue", type: 39 });
    expect(
      decideDocument(base({ buyer: { ...facturaBuyer, document: "boleta" }, defaultDocument: "factura" })),
    ).toMatchObject({ action: "issue", type: 39 });
  });

  it("gives a paid order without fiscal data a boleta to the generic RUT", () => {
    expect(decideDocument(base())).toEqual({ action: "issue", type: 39, receiver: { rut: "66666666-6" }, notes: [] });
  });

  it("makes a boleta nominative when the buyer gave a valid RUT", () => {
    const d = decideDocument(
      base({ buyer: { document: "boleta", rut: "12.345.678-5", name: "Ana Pérez", email: "ana@x.cl" } }),
    );
    expect(d).toMatchObject({
      action: "issue",
      type: 39,
      receiver: { rut: "12345678-5", name: "Ana Pérez", email: "ana@x.cl" },
    });
  });

  it("ignores an invalid RUT on a boleta (generic receiver)", () => {
    const d = decideDocument(base({ buyer: { document: "boleta", rut: "12.345.678-9", name: "Ana" } }));
    expect(d).toMatchObject({ action: "issue", type: 39, receiver: { rut: "66666666-6" } });
  });

  it("issues a factura only with a valid RUT, razón social, giro, address and comuna", () => {
    expect(decideDocument(base({ buyer: facturaBuyer }))).toEqual({
      action: "issue",
      type: 33,
      receiver: {
        rut: "76354771-K",
        name: "Importadora Sur Ltda.",
        activity: "Importación de repuestos",
        address: "Av. Matta 123",
        commune: "Santiago",
        email: "compras@sur.cl",
      },
      notes: [],
    });
    const noGiro = decideDocument(base({ buyer: { ...facturaBuyer, activity: " " } }));
    expect(noGiro).toMatchObject({ action: "issue", type: 39, receiver: { rut: "76354771-K" } });
    expect((noGiro as { notes: string[] }).notes[0]).toContain("giro");
    const badRut = decideDocument(base({ buyer: { ...facturaBuyer, rut: "76354771-1" } }));
    expect(badRut).toMatchObject({ action: "issue", type: 39, receiver: { rut: "66666666-6" } });
  });

  it("picks the exempt types when every line, shipping included, is exempt", () => {
    expect(decideDocument(base({ lines: [line({ exempt: true })] }))).toMatchObject({ type: 41 });
    expect(decideDocument(base({ lines: [line({ exempt: true })], shippingExempt: false }))).toMatchObject({
      type: 39,
    });
    expect(
      decideDocument(base({ buyer: facturaBuyer, lines: [line({ exempt: true })], shippingExempt: true })),
    ).toMatchObject({ type: 34 });
    expect(decideDocument(base({ lines: [line({ exempt: true }), line({ externalId: "l2" })] }))).toMatchObject({
      type: 39,
    });
  });

  it("waits for payment, or for delivery when the store issues on delivery", () => {
    expect(decideDocument(base({ status: "pending" }))).toMatchObject({ action: "wait" });
    expect(decideDocument(base({ trigger: "delivery" }))).toMatchObject({
      action: "wait",
      why: expect.stringContaining("delivery"),
    });
    expect(decideDocument(base({ trigger: "delivery", delivered: true }))).toMatchObject({ action: "issue" });
  });

  it("issues nothing twice, and nothing for an order cancelled before issuing", () => {
    expect(decideDocument(base({ hasSaleDocument: true }))).toMatchObject({ action: "none" });
    expect(decideDocument(base({ status: "cancelled" }))).toMatchObject({ action: "none" });
    expect(decideDocument(base({ status: "refunded" }))).toMatchObject({ action: "none" });
  });

  it("keeps the order pending, saying why, when a SKU is unknown, duplicated or missing", () => {
    const d = decideDocument(
      base({
        lines: [line(), line({ externalId: "l2", sku: undefined, name: "Regalo" })],
        skuProblems: { unknown: ["SKU-9"], duplicated: ["SKU-1"] },
      }),
    );
    expect(d.action).toBe("pending");
    expect((d as { reasons: Array<{ code: string; message: string }> }).reasons.map((r) => r.code)).toEqual([
      "missing_sku",
      "unknown_sku",
      "duplicate_sku",
    ]);
  });

  it("keeps it pending when the company has no usable CAF for the type, or no certificate", () => {
    const d = decideDocument(base({ usableTypes: new Set([33]), hasCertificate: false }));
    expect(d).toMatchObject({
      action: "pending",
      reasons: [{ code: "no_caf", message: expect.stringContaining("39") }, { code: "no_certificate" }],
    });
  });

  it("lets the merchant change the type before issuing", () => {
    expect(decideDocument(base({ buyer: facturaBuyer, override: "boleta" }))).toMatchObject({
      type: 39,
      receiver: { rut: "76354771-K" },
    });
    // Forcing a factura without the data is a problem to fix, not a silent boleta.
    expect(decideDocument(base({ override: "factura" }))).toMatchObject({
      action: "pending",
      reasons: [{ code: "factura_data" }],
    });
  });
});

describe("an order the platform holds for review", () => {
  it("waits visibly, paid or not, with what the merchant must do in the store", () => {
    for (const status of ["paid", "pending"] as const) {
      const d = decideDocument(base({ status, hold: "suspected_fraud" }));
      expect(d).toMatchObject({ action: "pending", reasons: [{ code: "platform_hold" }] });
      if (d.action === "pending") expect(d.reasons[0]!.message).toMatch(/posible fraude/);
    }
    expect(decideDocument(base({ hold: "payment_review" }))).toMatchObject({
      reasons: [{ message: expect.stringMatching(/revisión/) }],
    });
  });

  it("is issued once released, and a cancelled one is simply not issued", () => {
    expect(decideDocument(base({ hold: null }))).toMatchObject({ action: "issue", type: 39 });
    expect(decideDocument(base({ status: "cancelled", hold: "on_hold" }))).toMatchObject({ action: "none" });
  });
});
