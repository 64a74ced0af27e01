/**
 * Request pacing under a platform's rate limits (sliding windows: at most `perSecond` requests in
 * any second and `perMinute` in any minute). A sliding window is never looser than the platform's
 * own fixed or leaky window, so a schedule that obeys it is never throttled.
 */
export interface RateLimits {
  perSecond?: number | undefined;
  perMinute?: number | undefined;
}

function windows(limits: RateLimits): Array<[limit: number, windowMs: number]> {
  const w: Array<[number, number]> = [];
  if (limits.perSecond && limits.perSecond > 0) w.push([limits.perSecond, 1_000]);
  if (limits.perMinute && limits.perMinute > 0) w.push([limits.perMinute, 60_000]);
  return w;
}

/** Milliseconds to wait before the next request may start, given earlier start times (ascending). */
export function waitBeforeNext(starts: readonly number[], limits: RateLimits, now: number): number {
  let until = now;
  for (const [limit, windowMs] of windows(limits)) {
    const nth = starts[starts.length - limit];
    if (nth !== undefined) until = Math.max(until, nth + windowMs);
  }
  return until - now;
}

/** How many start times a pacer must remember to apply `waitBeforeNext`. */
export function historyNeeded(limits: RateLimits): number {
  return Math.max(0, ...windows(limits).map(([limit]) => limit));
}

/** Fewest requests that can carry `items` updates. */
export function minimumRequests(items: number, batchSize: number): number {
  return Math.ceil(items / Math.max(1, batchSize));
}

/**
 * Shortest time from the first request's start to the last one's under the limits: the greedy
 * schedule (each request as early as allowed) is optimal, so simulate it.
 */
export function minimumDurationMs(requests: number, limits: RateLimits): number {
  const starts: number[] = [];
  const keep = historyNeeded(limits);
  let t = 0;
  for (let i = 0; i < requests; i++) {
    t += waitBeforeNext(starts, limits, t);
    starts.push(t);
    if (starts.length > keep) starts.shift();
  }
  return requests === 0 ? 0 : t;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}
