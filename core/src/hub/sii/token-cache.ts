/**
 * One token per channel and SII host, reused until its TTL passes or the SII says it is gone.
 * Concurrent callers share one in-flight authentication instead of each fetching a seed.
 */
export class TokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, fetchToken: () => Promise<string>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.token;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const p = fetchToken()
      .then((token) => {
        this.tokens.set(key, { token, expiresAt: this.now() + this.ttlMs });
        return token;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  /** Forget `token` (only if it is still the cached one: a concurrent refresh may have replaced it). */
  invalidate(key: string, token: string): void {
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }
}
