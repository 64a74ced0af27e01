import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createConnectHandler, type ConnectDeps } from "../connector/connect.js";

/**
 * The hub's side of "Conectar con Timbre" without a shop: what the approval page offers, where the
 * merchant may be sent back, and what the one-time code opens. The real round trip through
 * wp-admin is in the platform suite.
 */
const SITE = "https://tienda.cl";
const RETURN = `${SITE}/wp-admin/admin-post.php?action=timbre_connect_return`;
const HUB = "https://hub.timbre.test";

function setup(over: Partial<ConnectDeps> & { shopAnswers?: number } = {}) {
  let now = 1_800_000_000_000;
  const connected: Array<{ companyId: string; shopDomain: string; name: string; consumerKey: string }> = [];
  const mac = (v: string, p: string) => createHmac("sha256", "k").update(`${p}\n${v}`).digest("base64url").slice(0, 32);
  const seen: string[] = [];
  const deps: ConnectDeps = {
    open: true,
    company: async () => ({ id: "c1", businessName: "Comercial Los Andes SpA", rut: "76192083-9" }),
    async connect(companyId, shop) {
      connected.push({ companyId, shopDomain: shop.shopDomain, name: shop.name, consumerKey: shop.consumerKey });
      return { storeId: "s1", apiKey: "tmb_key", secret: "sec" };
    },
    mac,
    verifyMac: (v, p, t) => mac(v, p) === t,
    now: () => now,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(`${String(input)} ${new Headers(init?.headers).get("authorization") ?? ""}`);
      return new Response("[]", { status: over.shopAnswers ?? 200, headers: { "content-type": "application/json" } });
    }) as typeof fetch,
    ...over,
  };
  const handle = createConnectHandler(deps);
  return { handle, connected, seen, advance: (ms: number) => (now += ms) };
}

const startUrl = (returnUrl = RETURN) =>
  `${HUB}/woocommerce/connect?${new URLSearchParams({ site: SITE, name: "Tienda Sur", return_url: returnUrl, state: "s".repeat(32) })}`;

function hidden(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&amp;/g, "&"),
    ]),
  );
}

async function approve(t: ReturnType<typeof setup>): Promise<string> {
  const page = await t.handle(new Request(startUrl()));
  const r = await t.handle(
    new Request(`${HUB}/woocommerce/connect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(hidden(await page.text())).toString(),
    }),
  );
  expect(r.status).toBe(303);
  const back = new URL(r.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe(`${SITE}/wp-admin/admin-post.php`);
  expect(back.searchParams.get("state")).toBe("s".repeat(32));
  return back.searchParams.get("code")!;
}

const complete = (t: ReturnType<typeof setup>, body: Record<string, string>) =>
  t.handle(
    new Request(`${HUB}/woocommerce/connect/complete`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ site: SITE, consumerKey: "ck_1", consumerSecret: "cs_1", ...body }),
    }),
  );

describe("Conectar con Timbre (hub side)", () => {
  it("shows which shop joins which company, in Spanish, and cannot be framed", async () => {
    const t = setup();
    const r = await t.handle(new Request(startUrl()));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain("Tienda Sur");
    expect(html).toContain("Comercial Los Andes SpA");
    expect(html).toContain("76.192.083-9");
    expect(html).toContain("Aprobar conexión");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
  });

  it("never sends the merchant back to a host other than the shop's own admin", async () => {
    const t = setup();
    const r = await t.handle(new Request(startUrl("https://evil.test/wp-admin/admin-post.php")));
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/Enlace de conexión no válido/);
  });

  it("is closed when the hub does not allow one-click connections (production, no hub sign-in)", async () => {
    const t = setup({ open: false });
    expect((await t.handle(new Request(startUrl()))).status).toBe(403);
  });

  it("takes the shop's keys only after checking them against that shop, and answers the sync-API keys", async () => {
    const t = setup();
    const code = await approve(t);
    const r = await complete(t, { code });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ storeId: "s1", apiKey: "tmb_key", secret: "sec" });
    expect(t.connected).toEqual([
      { companyId: "c1", shopDomain: "tienda.cl", name: "Tienda Sur", consumerKey: "ck_1" },
    ]);
    expect(t.seen[0]).toMatch(/^https:\/\/tienda\.cl\/wp-json\/wc\/v3\/orders\?per_page=1 Basic /);
  });

  it("refuses keys the shop does not accept, a code for another shop, a forged or an expired code", async () => {
    const refused = setup({ shopAnswers: 401 });
    const r = await complete(refused, { code: await approve(refused) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/no aceptó las claves/);
    expect(refused.connected).toEqual([]);

    const t = setup();
    const code = await approve(t);
    expect((await complete(t, { code, site: "https://otra.cl" })).status).toBe(400);
    expect((await complete(t, { code: `${code.split(".")[0]}.forged` })).status).toBe(400);
    t.advance(11 * 60_000);
    expect((await complete(t, { code })).status).toBe(400);
    expect(t.connected).toEqual([]);
  });
});
