import { describe, expect, it } from "vitest";
import { isRetryableSiiError, SiiError } from "../../src/hub/sii/sii-error.js";
import { TokenCache } from "../../src/hub/sii/token-cache.js";
import { backoffDelay, createTransport, DEFAULT_RETRY } from "../../src/hub/sii/transport.js";

type FakeStep = Response | Error | "hang";

function fakeFetch(steps: FakeStep[]) {
  const calls: string[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(String(url));
    const step = steps.shift() ?? new Response("ok");
    if (step instanceof Error) throw step;
    if (step === "hang") {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    }
    return step;
  }) as typeof fetch;
  return { fn, calls };
}

describe("transport", () => {
  it("retries network errors and HTTP 5xx with exponential backoff and jitter, then succeeds", async () => {
    const delays: number[] = [];
    const { fn, calls } = fakeFetch([
      new TypeError("fetch failed"),
      new Response("Error 500", { status: 500 }),
      new Response("<ok/>", { status: 200 }),
    ]);
    const t = createTransport({
      fetch: fn,
      sleep: async (ms) => void delays.push(ms),
      random: () => 1,
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 },
    });
    const answer = await t.request("CrSeed", "http://sii/x", { method: "POST", body: "a" });
    expect(answer.status).toBe(200);
    expect(answer.text()).toBe("<ok/>");
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it("gives up after the configured attempts with a retryable error that names the step", async () => {
    const { fn, calls } = fakeFetch([
      new Response("", { status: 503 }),
      new Response("", { status: 503 }),
      new Response("", { status: 503 }),
    ]);
    const t = createTransport({ fetch: fn, sleep: async () => {}, retry: { attempts: 3 } });
    const err = await t.request("DTEUpload", "http://sii/up", { method: "POST" }).catch((e: unknown) => e);
    expect(calls).toHaveLength(3);
    expect(err).toBeInstanceOf(SiiError);
    expect(isRetryableSiiError(err)).toBe(true);
    expect((err as SiiError).code).toBe("sii_unreachable");
    expect((err as SiiError).user.es).toContain("DTEUpload");
    expect((err as SiiError).detail).toContain("HTTP 503");
  });

  it("times out each attempt", async () => {
    const { fn, calls } = fakeFetch(["hang", "hang"]);
    const t = createTransport({ fetch: fn, sleep: async () => {}, timeoutMs: 20, retry: { attempts: 2 } });
    const err = (await t
      .request("QueryEstUp", "http://sii/q", { method: "POST" })
      .catch((e: unknown) => e)) as SiiError;
    expect(calls).toHaveLength(2);
    expect(err.detail).toContain("timed out after 20 ms");
  });

  it("hands 4xx answers back without retrying (the caller knows what they mean)", async () => {
    const { fn, calls } = fakeFetch([new Response("no", { status: 401 })]);
    const t = createTransport({ fetch: fn, sleep: async () => {} });
    expect((await t.request("x", "http://sii/x", { method: "GET" })).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it("decodes ISO-8859-1 answers", async () => {
    const body = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><A>Ñuñoa</A>', "latin1");
    const { fn } = fakeFetch([new Response(body, { status: 200, headers: { "content-type": "text/xml" } })]);
    const answer = await createTransport({ fetch: fn }).request("x", "http://sii/x", { method: "GET" });
    expect(answer.text()).toContain("Ñuñoa");
  });

  it("caps the backoff and spreads it with jitter", () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 500, maxDelayMs: 2000, jitter: 0.5 };
    expect(backoffDelay(1, p, () => 0)).toBe(250);
    expect(backoffDelay(1, p, () => 1)).toBe(500);
    expect(backoffDelay(10, p, () => 1)).toBe(2000);
  });
});

describe("token cache", () => {
  it("reuses a token until its TTL, shares one in-flight fetch, and forgets a refused token", async () => {
    let clock = 0;
    let fetched = 0;
    const cache = new TokenCache(1000, () => clock);
    const fetchToken = async () => `T${++fetched}`;
    const [a, b] = await Promise.all([cache.get("dte", fetchToken), cache.get("dte", fetchToken)]);
    expect([a, b, fetched]).toEqual(["T1", "T1", 1]);
    clock = 999;
    expect(await cache.get("dte", fetchToken)).toBe("T1");
    clock = 1000;
    expect(await cache.get("dte", fetchToken)).toBe("T2");
    cache.invalidate("dte", "T1");
    expect(await cache.get("dte", fetchToken)).toBe("T2");
    cache.invalidate("dte", "T2");
    expect(await cache.get("dte", fetchToken)).toBe("T3");
  });
});
