import { describe, expect, it } from "vitest";
import { progressLine, progressStats } from "../../../src/rules/stock/progress.js";

describe("sync progress", () => {
  it("gives rate and time left", () => {
    expect(progressStats({ done: 500, total: 2000, startedAt: 0, now: 10_000 })).toEqual({
      rate: 50,
      etaSeconds: 30,
      fraction: 0.25,
    });
    expect(progressStats({ done: 0, total: 10, startedAt: 0, now: 0 }).etaSeconds).toBeNull();
    expect(progressStats({ done: 10, total: 10, startedAt: 0, now: 1 }).etaSeconds).toBe(0);
  });

  it("draws one line for the terminal", () => {
    const line = progressLine("publicando", { done: 1500, total: 3000, startedAt: 0, now: 30_000 }, 10);
    expect(line).toBe("publicando [#####-----] 1.500/3.000  50/s  ETA 30 s");
  });
});
