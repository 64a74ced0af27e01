import { describe, expect, it } from "vitest";
import { createEncryptor, generateSecretKey, parseSecretKey, type Db } from "@timbre/core/hub";
import { createJumpsellerApp } from "../src/app.js";

const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
/** Just the queries these routes make before any install exists. */
const fakeDb = (companies: Array<{ id: string }>) =>
  ({
    company: { findMany: async () => companies },
    store: { findFirst: async () => null, findUnique: async () => null },
  }) as unknown as Db;

const app = (env: Record<string, string | undefined>, companies = [{ id: "c1" }]) =>
  createJumpsellerApp({
    hub: { db: fakeDb(companies), encryptor },
    env: { JUMPSELLER_AUTH_URL: "https://accounts.example", ...env },
  });

describe("Jumpseller routes", () => {
  it("sends the merchant to Jumpseller's authorize page with our redirect URI, scopes and a signed state", async () => {
    const r = await app({ TIMBRE_PUBLIC_URL: "https://hub.example" }).handle(
      new Request("https://hub.example/jumpseller/oauth/start"),
    );
    expect(r.status).toBe(302);
    const to = new URL(r.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe("https://accounts.example/oauth/authorize");
    expect(to.searchParams.get("redirect_uri")).toBe("https://hub.example/jumpseller/oauth/callback");
    expect(to.searchParams.get("response_type")).toBe("code");
    expect(to.searchParams.get("scope")!.split(" ")).toEqual(
      expect.arrayContaining([
        "read_orders",
        "write_orders",
        "write_products",
        "write_hooks",
        "write_settings",
        "write_checkout_custom_fields",
      ]),
    );
    expect(to.searchParams.get("state")).toMatch(/^c1\.\d+\.[0-9a-f]+\..+/);
  });

  it("refuses to install with the emulator's keys in production", async () => {
    const r = await app({ NODE_ENV: "production" }).handle(new Request("https://hub.example/jumpseller/oauth/start"));
    expect(r.status).toBe(503);
    expect(await r.text()).toContain("JUMPSELLER_APP_ID");
  });

  it("does not guess the company from a forged state when the hub has several", async () => {
    const r = await app({}, [{ id: "a" }, { id: "b" }]).handle(
      new Request("https://hub.example/jumpseller/oauth/callback?code=x&state=a.9999999999999.00.forged"),
    );
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Inicie la instalación desde Timbre");
  });

  it("answers 401 to hooks from an unknown store or without a signature, and 404 elsewhere", async () => {
    const a = app({});
    const hook = (headers: Record<string, string>) =>
      a.handle(new Request("https://hub.example/jumpseller/hooks", { method: "POST", headers, body: "{}" }));
    expect((await hook({})).status).toBe(401);
    expect(
      (await hook({ "jumpseller-store-code": "x", "jumpseller-event": "order_paid", "jumpseller-hmac-sha256": "AAAA" }))
        .status,
    ).toBe(401);
    expect((await a.handle(new Request("https://hub.example/jumpseller/nope"))).status).toBe(404);
  });
});
