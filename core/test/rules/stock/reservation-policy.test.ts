import { describe, expect, it } from "vitest";
import { reservationAction, type ReservationFacts } from "../../../src/rules/stock/reservation-policy.js";

const placedAt = new Date("2026-12-01T10:00:00Z");
const facts = (f: Partial<ReservationFacts>): ReservationFacts => ({
  status: "pending",
  hold: null,
  hasSaleDocument: false,
  placedAt,
  now: new Date("2026-12-01T11:00:00Z"),
  unpaidHoldHours: 48,
  ...f,
});

describe("reservation policy: placed orders hold stock, for every platform", () => {
  it("an unpaid order reserves until its hold expires, then gives the units back", () => {
    expect(reservationAction(facts({}))).toEqual({
      action: "reserve",
      expiresAt: new Date("2026-12-03T10:00:00Z"),
    });
    expect(reservationAction(facts({ now: new Date("2026-12-03T10:00:00Z") }))).toEqual({
      action: "release",
      why: "expired",
    });
  });

  it("a paid order, or one the platform holds for review, reserves with no expiry", () => {
    expect(reservationAction(facts({ status: "paid", now: new Date("2027-01-01T00:00:00Z") }))).toEqual({
      action: "reserve",
      expiresAt: null,
    });
    for (const hold of ["payment_review", "suspected_fraud", "on_hold"] as const) {
      expect(reservationAction(facts({ hold, now: new Date("2027-01-01T00:00:00Z") }))).toEqual({
        action: "reserve",
        expiresAt: null,
      });
    }
  });

  it("a cancelled or refunded order releases; a store that reserves only on payment releases unpaid ones", () => {
    expect(reservationAction(facts({ status: "cancelled" }))).toEqual({ action: "release", why: "cancelled" });
    expect(reservationAction(facts({ status: "refunded", hold: "on_hold" }))).toEqual({
      action: "release",
      why: "cancelled",
    });
    expect(reservationAction(facts({ unpaidHoldHours: 0 }))).toEqual({ action: "release", why: "not_reserving" });
  });

  it("after the sale document nothing changes here: the stock was consumed with it", () => {
    expect(reservationAction(facts({ status: "cancelled", hasSaleDocument: true }))).toEqual({ action: "none" });
  });
});
