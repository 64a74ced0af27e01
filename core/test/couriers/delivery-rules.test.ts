import { describe, expect, it } from "vitest";
import { planDelivery } from "../../src/rules/couriers/delivery-plan.js";
import { storeFulfillmentStatus, transition } from "../../src/rules/couriers/delivery-state.js";
import { normalizeChileanPhone } from "../../src/rules/couriers/phone.js";
import { missingProof } from "../../src/rules/couriers/proof.js";
import { eventTime, sniffImageType } from "../../src/rules/couriers/proof-media.js";
import { serviceDay } from "../../src/rules/couriers/service-day.js";
import { settlementCsv, summarizeSettlement, type SettlementLine } from "../../src/rules/couriers/settlement.js";
import { deliveryModeFor } from "../../src/rules/couriers/shipping-methods.js";

describe("shipping methods → delivery modes", () => {
  const mappings = [
    { method: "Despacho a domicilio", mode: "own_courier" as const },
    { method: "Starken", mode: "carrier" as const, carrier: "starken" },
    { method: "Retiro en tienda", mode: "pickup" as const },
  ];
  it("matches the store's method name without case or accents", () => {
    expect(deliveryModeFor(mappings, "despacho a DOMICILIO")?.mode).toBe("own_courier");
    expect(deliveryModeFor(mappings, "Starken")).toMatchObject({ mode: "carrier", carrier: "starken" });
    expect(deliveryModeFor(mappings, "Retiro en tienda")?.mode).toBe("pickup");
  });
  it("leaves an unknown method unmapped unless the store has a fallback", () => {
    expect(deliveryModeFor(mappings, "Chilexpress")).toBeUndefined();
    expect(deliveryModeFor(mappings, undefined)).toBeUndefined();
    expect(deliveryModeFor([...mappings, { method: "*", mode: "own_courier" }], "Chilexpress")?.mode).toBe(
      "own_courier",
    );
  });
});

describe("delivery plan", () => {
  const zones = [{ id: "z", regions: [], comunas: ["13123"], postalPrefixes: [] }];
  const own = [{ method: "*", mode: "own_courier" as const }];
  it("routes an own-courier order to its zone", () => {
    expect(planDelivery({ shippingMethod: "Envío", mappings: own, comuna: "Providencia", zones })).toMatchObject({
      ok: true,
      mode: "own_courier",
      zoneId: "z",
    });
  });
  it("needs no zone for a carrier or a pickup", () => {
    const m = [
      { method: "Retiro", mode: "pickup" as const },
      { method: "Starken", mode: "carrier" as const, carrier: "starken" },
    ];
    expect(planDelivery({ shippingMethod: "Retiro", mappings: m, comuna: "Gotham", zones })).toMatchObject({
      ok: true,
      mode: "pickup",
      zoneId: null,
    });
    expect(planDelivery({ shippingMethod: "Starken", mappings: m, comuna: "Arica", zones })).toMatchObject({
      ok: true,
      mode: "carrier",
      carrier: "starken",
    });
  });
  it("leaves it pending with a reason the merchant can act on", () => {
    expect(planDelivery({ shippingMethod: "X", mappings: [], comuna: "Providencia", zones })).toMatchObject({
      ok: false,
      reason: { code: "unmapped_method" },
    });
    expect(planDelivery({ shippingMethod: "X", mappings: own, comuna: "Gotham", zones })).toMatchObject({
      ok: false,
      reason: { code: "unknown_comuna" },
    });
    const r = planDelivery({ shippingMethod: "X", mappings: own, comuna: "Arica", zones });
    expect(r).toMatchObject({ ok: false, reason: { code: "no_zone" } });
    expect(r.ok ? "" : r.reason.message).toContain("Arica");
  });
});

describe("delivery states", () => {
  it("own courier: assigned → picked up → delivered, or failed and assigned again", () => {
    expect(transition("own_courier", "pending", "assign")).toEqual({ ok: true, to: "assigned" });
    expect(transition("own_courier", "assigned", "pick_up")).toEqual({ ok: true, to: "picked_up" });
    expect(transition("own_courier", "picked_up", "deliver")).toEqual({ ok: true, to: "delivered" });
    expect(transition("own_courier", "assigned", "deliver")).toEqual({ ok: true, to: "delivered" });
    expect(transition("own_courier", "picked_up", "fail")).toEqual({ ok: true, to: "failed" });
    expect(transition("own_courier", "failed", "assign")).toEqual({ ok: true, to: "assigned" });
  });
  it("never leaves delivered, and never delivers what nobody was given", () => {
    for (const e of ["assign", "pick_up", "deliver", "fail", "unassign"] as const)
      expect(transition("own_courier", "delivered", e).ok).toBe(false);
    expect(transition("own_courier", "pending", "deliver").ok).toBe(false);
    expect(transition("own_courier", "pending", "pick_up").ok).toBe(false);
  });
  it("carrier: shipped with tracking, then delivered; pickup: delivered when collected", () => {
    expect(transition("carrier", "pending", "pick_up")).toEqual({ ok: true, to: "picked_up" });
    expect(transition("carrier", "pending", "assign").ok).toBe(false);
    expect(transition("carrier", "picked_up", "deliver")).toEqual({ ok: true, to: "delivered" });
    expect(transition("pickup", "pending", "deliver")).toEqual({ ok: true, to: "delivered" });
    expect(transition("pickup", "pending", "pick_up").ok).toBe(false);
  });
  it("tells the store shipped once it left and completed once it arrived", () => {
    expect(storeFulfillmentStatus("assigned")).toBeUndefined();
    expect(storeFulfillmentStatus("picked_up")).toBe("shipped");
    expect(storeFulfillmentStatus("delivered")).toBe("completed");
    expect(storeFulfillmentStatus("failed")).toBeUndefined();
  });
});

describe("proof of delivery", () => {
  it("lists what the requirements ask for and the courier did not give", () => {
    const req = { photo: true, receiverName: true, signature: true, notes: false };
    expect(missingProof(req, { hasPhoto: false, receiverName: "  ", hasSignature: false }).map((m) => m.field)).toEqual(
      ["photo", "receiverName", "signature"],
    );
    expect(missingProof(req, { hasPhoto: true, receiverName: "Ana", hasSignature: true })).toEqual([]);
    expect(
      missingProof({ ...req, notes: true }, { hasPhoto: true, receiverName: "Ana", hasSignature: true }).map(
        (m) => m.label,
      ),
    ).toEqual(["notas"]);
  });
  it("recognises images by their bytes", () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniffImageType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("<svg></svg>"))).toBeUndefined();
  });
  it("keeps the phone's time for an action queued offline, unless it is in the future or absurdly old", () => {
    const now = new Date("2026-11-23T15:00:00Z");
    expect(eventTime(new Date("2026-11-23T13:00:00Z"), now).toISOString()).toBe("2026-11-23T13:00:00.000Z");
    expect(eventTime(new Date("2026-11-23T16:00:00Z"), now)).toBe(now);
    expect(eventTime(new Date("2026-10-01T00:00:00Z"), now)).toBe(now);
    expect(eventTime(undefined, now)).toBe(now);
  });
});

describe("service day and phones", () => {
  it("counts days in Chile, not UTC", () => {
    expect(serviceDay(new Date("2026-11-24T02:30:00Z"))).toBe("2026-11-23"); // 23:30 in Santiago (UTC−3)
    expect(serviceDay(new Date("2026-07-01T03:30:00Z"))).toBe("2026-06-30"); // winter, UTC−4
  });
  it("normalises Chilean phones to E.164", () => {
    expect(normalizeChileanPhone("9 1234 5678")).toBe("+56912345678");
    expect(normalizeChileanPhone("+56 9 1234 5678")).toBe("+56912345678");
    expect(normalizeChileanPhone("56912345678")).toBe("+56912345678");
    expect(normalizeChileanPhone("1234")).toBeUndefined();
  });
});

describe("settlement", () => {
  const line = (over: Partial<SettlementLine>): SettlementLine => ({
    courierId: "c1",
    courierName: "Pedro",
    deliveryCode: "TMB-AAAAAA",
    orderNumber: "#1",
    deliveredAt: new Date("2026-11-23T15:00:00Z"),
    comuna: "Providencia",
    zone: "Centro",
    fee: 3990,
    commission: 1596,
    ...over,
  });
  it("totals deliveries, fees and commissions per courier, flagging unpriced ones", () => {
    const s = summarizeSettlement([
      line({}),
      line({ deliveryCode: "TMB-B", fee: 0, commission: 1596 }),
      line({ courierId: "c2", courierName: "Ana", fee: null, commission: null }),
    ]);
    expect(s).toEqual([
      { courierId: "c2", courierName: "Ana", deliveries: 1, fees: 0, commissions: 0, unpriced: 1 },
      { courierId: "c1", courierName: "Pedro", deliveries: 2, fees: 3990, commissions: 3192, unpriced: 0 },
    ]);
  });
  it("writes CSV with Chilean times, quoting what needs it and defusing spreadsheet formulas", () => {
    const csv = settlementCsv([
      line({ courierName: "Pérez, Juan" }),
      line({ courierId: "c9", courierName: "=cmd()", orderNumber: "#2" }),
    ]);
    const rows = csv.trimEnd().split("\r\n");
    expect(rows[0]).toBe("repartidor,entrega,pedido,entregada,comuna,zona,tarifa_clp,comision_clp");
    expect(rows).toContain('"Pérez, Juan",TMB-AAAAAA,#1,2026-11-23 12:00,Providencia,Centro,3990,1596');
    expect(rows).toContain(`"'=cmd()",TMB-AAAAAA,#2,2026-11-23 12:00,Providencia,Centro,3990,1596`);
    expect(rows.at(-1)).toBe('"TOTAL Pérez, Juan",1 entregas,,,,,3990,1596');
    expect(settlementCsv([line({})], { separator: ";" }).split("\r\n")[1]).toBe(
      "Pedro;TMB-AAAAAA;#1;2026-11-23 12:00;Providencia;Centro;3990;1596",
    );
  });
});
