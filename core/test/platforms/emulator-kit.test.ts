import { afterEach, describe, expect, it } from "vitest";
import {
  createEmulator,
  HookSender,
  hmacBase64,
  json,
  OAuthTokens,
  RateWindow,
  serveFetch,
  type Emulator,
} from "../../src/testing/emulator-kit.js";
import { verifyHmac } from "../../src/hub/platforms/hmac.js";

/** The pieces every platform emulator is built from behave like the platforms they stand for. */
describe("emulator kit", () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it("OAuth: access tokens expire, a refresh token works once, and revoked tokens stop working", () => {
    let now = 1_000_000;
    const tokens = new OAuthTokens({ ttlMs: 60_000, now: () => now });
    const t = tokens.issue("shop-1", "read_orders");
    expect(tokens.check(t.accessToken)).toMatchObject({ ok: true });
    now += 60_001;
    expect(tokens.check(t.accessToken)).toEqual({ ok: false, reason: "expired" });
    const next = tokens.refreshWith(t.refreshToken)!;
    expect(next.accessToken).not.toBe(t.accessToken);
    expect(tokens.check(next.accessToken)).toMatchObject({ ok: true });
    // Single use: the same refresh token a second time is refused (two replicas racing lose one).
    expect(tokens.refreshWith(t.refreshToken)).toBeUndefined();
    expect(tokens.state()).toMatchObject({ refreshes: 1, refusedRefreshes: 1 });
    tokens.revoke("shop-1");
    expect(tokens.check(next.accessToken)).toEqual({ ok: false, reason: "revoked" });
  });

  it("rate windows refuse over the per-second limit with a Retry-After, per key", () => {
    let now = 0;
    const w = new RateWindow({ perSecond: 2, perMinute: 3 }, () => now);
    expect(w.take("a")).toBeUndefined();
    expect(w.take("a")).toBeUndefined();
    expect(w.take("a")).toBe(1);
    expect(w.take("b")).toBeUndefined();
    now = 1_500;
    expect(w.take("a")).toBeUndefined();
    now = 2_600;
    // Three in the minute already: wait until the first leaves the window.
    expect(w.take("a")).toBe(58);
    expect(w.throttled).toBe(2);
  });

  it("an emulator checks bearer tokens, answers 429 + Retry-After, arms faults and shows /_state", async () => {
    const tokens = new OAuthTokens({ ttlMs: 3_600_000 });
    const orders = new Map([["1", { id: "1" }]]);
    const emu: Emulator = await createEmulator({
      tokens,
      requireToken: (u) => u.pathname.startsWith("/v1/"),
      rateLimits: { perMinute: 3 },
      state: () => ({ orders: [...orders.values()] }),
      resources: (_req, url) => {
        const m = /^\/v1\/orders\/(\w+)$/.exec(url.pathname);
        if (!m) return undefined;
        const o = orders.get(m[1]!);
        return o ? json(o) : json({ error: "not found" }, 404);
      },
    });
    closers.push(() => emu.close());
    const t = tokens.issue("shop");
    const get = (path: string, token = t.accessToken) =>
      fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get("/v1/orders/1", "nope")).status).toBe(401);
    expect(await (await get("/v1/orders/1")).json()).toEqual({ id: "1" });
    await fetch(`${emu.url}/_faults`, {
      method: "POST",
      body: JSON.stringify({ status: 503, times: 1, path: "/v1/orders" }),
    });
    expect((await get("/v1/orders/1")).status).toBe(503);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await get("/v1/orders/1");
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const state = (await (await fetch(`${emu.url}/_state`)).json()) as { state: unknown; throttled: number };
    expect(state.state).toEqual({ orders: [{ id: "1" }] });
    expect(state.throttled).toBeGreaterThan(0);
  });

  it("hook delivery signs the raw body and retries with backoff until the receiver answers 2xx", async () => {
    const received: Array<{ ok: boolean; body: string }> = [];
    let fails = 2;
    const receiver = await serveFetch(async (req) => {
      const body = await req.text();
      received.push({ ok: verifyHmac("s3cret", body, req.headers.get("x-signature")), body });
      return fails-- > 0 ? new Response("busy", { status: 500 }) : new Response("ok");
    });
    closers.push(() => receiver.close());
    const sender = new HookSender({
      headers: (body, topic) => ({ "x-signature": hmacBase64("s3cret", body), "x-topic": topic }),
      retries: 3,
      backoffMs: () => 5,
    });
    expect(await sender.deliver(`${receiver.url}/hooks`, "order.created", { id: 7, name: "ñandú" })).toBe(200);
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.ok && r.body === JSON.stringify({ id: 7, name: "ñandú" }))).toBe(true);
    expect(sender.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    // A receiver that never accepts: given up after the retries.
    fails = 100;
    expect(await sender.deliver(`${receiver.url}/hooks`, "order.created", {})).toBe(500);
    expect(sender.attempts).toHaveLength(7);
  });
});
