import { historyNeeded, waitBeforeNext, type RateLimits } from "../../rules/stock/pacing.js";
import { systemClock, type Clock } from "./clock.js";

/**
 * Paces the requests to one store. Callers queue on a promise chain, so concurrent publishers in
 * this process share the budget instead of each spending all of it.
 */
export class RateLimiter {
  private starts: number[] = [];
  private blockedUntil = 0;
  private tail: Promise<void> = Promise.resolve();

  /**
   * Requests leave in order but arrive with jitter: one started later can reach the platform
   * sooner than the one before it and squeeze the platform's window. Over real networks each
   * window gets this much slack; virtual time has no transit.
   */
  private readonly slackMs: number;

  constructor(
    readonly limits: RateLimits,
    readonly clock: Clock = systemClock,
    options: { slackMs?: number } = {},
  ) {
    this.slackMs = options.slackMs ?? (clock === systemClock ? 50 : 0);
  }

  /** Resolves when the next request may start, and counts it as started. */
  acquire(): Promise<void> {
    const turn = this.tail.then(async () => {
      // Timers may wake a millisecond early: look again until the window really has room.
      for (let wait = this.waitFor(this.clock.now()); wait > 0; wait = this.waitFor(this.clock.now()))
        await this.clock.sleep(wait);
      this.starts.push(this.clock.now());
      const keep = historyNeeded(this.limits);
      if (this.starts.length > keep) this.starts.splice(0, this.starts.length - keep);
    });
    this.tail = turn.catch(() => {});
    return turn;
  }

  private waitFor(now: number): number {
    return Math.max(this.blockedUntil - now, waitBeforeNext(this.starts, this.limits, now - this.slackMs));
  }

  /** The platform throttled us anyway (another app shares its bucket): nobody starts before `ms`. */
  pause(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }
}

const perStore = new Map<string, RateLimiter>();

/** One limiter per store and process, so every publisher of that store shares it. */
export function storeRateLimiter(storeId: string, limits: RateLimits, clock: Clock = systemClock): RateLimiter {
  const existing = perStore.get(storeId);
  if (
    existing &&
    existing.clock === clock &&
    existing.limits.perSecond === limits.perSecond &&
    existing.limits.perMinute === limits.perMinute
  )
    return existing;
  const limiter = new RateLimiter({ perSecond: limits.perSecond, perMinute: limits.perMinute }, clock);
  perStore.set(storeId, limiter);
  return limiter;
}
