import { describe, expect, it } from "vitest";
import { rankCouriers, type CourierCandidate } from "../../src/rules/couriers/assignment.js";

const c = (id: string, over: Partial<CourierCandidate> = {}): CourierCandidate => ({
  id,
  active: true,
  zoneIds: ["z1"],
  capacityPerDay: 10,
  load: 0,
  priority: 100,
  lastAssignedAt: null,
  ...over,
});
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 12, minutes));

describe("courier assignment", () => {
  it("considers only active couriers of the zone with room left", () => {
    const r = rankCouriers(
      [c("inactive", { active: false }), c("other-zone", { zoneIds: ["z2"] }), c("full", { load: 10 }), c("ok")],
      "z1",
      "round_robin",
    );
    expect(r).toEqual({ ok: true, courierIds: ["ok"] });
  });

  it("round-robin: whoever was assigned longest ago goes first; never-assigned first of all", () => {
    const r = rankCouriers(
      [c("b", { lastAssignedAt: at(5) }), c("a", { lastAssignedAt: at(1) }), c("new")],
      "z1",
      "round_robin",
    );
    expect(r).toEqual({ ok: true, courierIds: ["new", "a", "b"] });
  });

  it("least-loaded: fewest deliveries that day first, then rotation", () => {
    const r = rankCouriers(
      [
        c("busy", { load: 5 }),
        c("idle-late", { load: 1, lastAssignedAt: at(9) }),
        c("idle-early", { load: 1, lastAssignedAt: at(2) }),
      ],
      "z1",
      "least_loaded",
    );
    expect(r).toEqual({ ok: true, courierIds: ["idle-early", "idle-late", "busy"] });
  });

  it("priority: lowest number first until full, then the next", () => {
    const candidates = [
      c("backup", { priority: 200 }),
      c("main", { priority: 1, load: 3 }),
      c("second", { priority: 50 }),
    ];
    expect(rankCouriers(candidates, "z1", "priority")).toEqual({ ok: true, courierIds: ["main", "second", "backup"] });
    const mainFull = [
      c("backup", { priority: 200 }),
      c("main", { priority: 1, load: 10 }),
      c("second", { priority: 50 }),
    ];
    expect(rankCouriers(mainFull, "z1", "priority")).toEqual({ ok: true, courierIds: ["second", "backup"] });
  });

  it("is deterministic on equal footing (by id)", () => {
    expect(rankCouriers([c("b"), c("a")], "z1", "least_loaded")).toEqual({ ok: true, courierIds: ["a", "b"] });
  });

  it("says why no courier fits: nobody covers the zone, or everyone is full", () => {
    expect(rankCouriers([c("x", { zoneIds: ["z2"] }), c("y", { active: false })], "z1", "round_robin")).toMatchObject({
      ok: false,
      code: "no_courier",
    });
    expect(rankCouriers([], "z1", "priority")).toMatchObject({ ok: false, code: "no_courier" });
    expect(
      rankCouriers([c("x", { load: 10 }), c("y", { capacityPerDay: 2, load: 2 })], "z1", "least_loaded"),
    ).toMatchObject({ ok: false, code: "capacity_full" });
  });
});
