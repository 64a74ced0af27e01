import { createHmac } from "node:crypto";
import type { PlatformContext } from "@timbre/core/platforms";
import { describe, expect, it } from "vitest";
import { verifyOrderPing } from "../connector/orders/order-ping.js";

// The module's order-save ping (Model/PingSigner.php: base64 HMAC-SHA256 of the body with the ping secret).
const STORE = "0b0f1f3e-8a4c-4d7b-9d55-0d3c2b1a9e77";
const SECRET = "una-clave-de-aviso-larga";
const body = JSON.stringify({ topic: "order.saved", increment_id: "000000042", updated_at: "2026-12-01 14:05:40" });
const sign = (b: string, s = SECRET) => createHmac("sha256", s).update(b).digest("base64");

function platformWith(credentials: Record<string, string> | undefined, installed = true): PlatformContext {
  const store = { id: STORE, installed, shopDomain: "127.0.0.1:47513", credentials: { read: async () => credentials } };
  return { getStore: async (id: string) => (id === STORE ? store : null) } as unknown as PlatformContext;
}
const request = (headers: Record<string, string>, raw = body) => ({
  method: "POST",
  url: new URL("http://hub/webhooks/magento"),
  headers: new Headers(headers),
  rawBody: Buffer.from(raw),
});

describe("the module's order-save ping", () => {
  const platform = platformWith({ accessToken: "t", pingSecret: SECRET });

  it("a ping signed with the store's ping secret names the order to read again", async () => {
    const v = await verifyOrderPing(request({ "x-timbre-store": STORE, "x-timbre-signature": sign(body) }), platform);
    expect(v).toEqual({
      shop: "127.0.0.1:47513",
      eventId: "000000042@2026-12-01 14:05:40",
      topic: "order.saved",
      payload: { topic: "order.saved", increment_id: "000000042", updated_at: "2026-12-01 14:05:40" },
    });
  });

  it("refuses a wrong signature, a changed body, an unknown store and a store without a ping secret", async () => {
    const good = sign(body);
    expect(
      await verifyOrderPing(
        request({ "x-timbre-store": STORE, "x-timbre-signature": sign(body, "otra-clave-de-aviso-x") }),
        platform,
      ),
    ).toMatchObject({ rejected: 401 });
    expect(
      await verifyOrderPing(
        request({ "x-timbre-store": STORE, "x-timbre-signature": good }, body.replace("42", "43")),
        platform,
      ),
    ).toMatchObject({ rejected: 401 });
    expect(
      await verifyOrderPing(
        request({ "x-timbre-store": STORE.replace("0b", "0c"), "x-timbre-signature": good }),
        platform,
      ),
    ).toMatchObject({ rejected: 404 });
    expect(await verifyOrderPing(request({ "x-timbre-signature": good }), platform)).toMatchObject({ rejected: 400 });
    expect(
      await verifyOrderPing(
        request({ "x-timbre-store": STORE, "x-timbre-signature": good }),
        platformWith({ accessToken: "t" }),
      ),
    ).toMatchObject({ rejected: 403 });
    expect(
      await verifyOrderPing(
        request({ "x-timbre-store": STORE, "x-timbre-signature": good }),
        platformWith({ accessToken: "t", pingSecret: SECRET }, false),
      ),
    ).toMatchObject({ rejected: 404 });
  });
});
