import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunk, minimumDurationMs, minimumRequests, waitBeforeNext } from "../../../src/rules/stock/pacing.js";
import { RateLimiter } from "../../../src/hub/platform/rate-limiter.js";
import { virtualClock } from "../../../src/hub/platform/clock.js";

describe("pacing under platform limits", () => {
  it("waits for the oldest request of a full window to age out", () => {
    expect(waitBeforeNext([0, 100, 200], { perSecond: 3 }, 300)).toBe(700);
    expect(waitBeforeNext([0, 100], { perSecond: 3 }, 300)).toBe(0);
    expect(waitBeforeNext([], {}, 0)).toBe(0);
  });

  it("knows the least a 10,000-SKU push can cost on each platform", () => {
    expect(minimumRequests(10_000, 250)).toBe(40);
    expect(minimumRequests(10_000, 100)).toBe(100);
    expect(minimumRequests(10_000, 1)).toBe(10_000);
    // Jumpseller: twelve full minutes of 800, then the last 400 at 20 a second.
    expect(minimumDurationMs(10_000, { perSecond: 20, perMinute: 800 })).toBe(739_000);
    expect(minimumDurationMs(40, { perSecond: 4 })).toBe(9_000);
    expect(minimumDurationMs(1, { perSecond: 4 })).toBe(0);
  });

  it("splits into batches of the platform's size", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 100)).toEqual([]);
  });

  it("the limiter never lets more than the limit into any window, and is as fast as the limits allow", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        fc.integer({ min: 1, max: 150 }),
        async (perSecond, perMinute, n) => {
          const clock = virtualClock();
          const limiter = new RateLimiter({ perSecond, perMinute }, clock);
          const starts: number[] = [];
          await Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => starts.push(clock.now()))));
          for (let i = 0; i < starts.length; i++) {
            expect(starts.filter((t) => t >= starts[i]! && t < starts[i]! + 1000).length).toBeLessThanOrEqual(
              perSecond,
            );
            if (perMinute)
              expect(starts.filter((t) => t >= starts[i]! && t < starts[i]! + 60_000).length).toBeLessThanOrEqual(
                perMinute,
              );
          }
          expect(starts[starts.length - 1]).toBe(minimumDurationMs(n, { perSecond, perMinute }));
        },
      ),
      { numRuns: 60 },
    );
  });
});
