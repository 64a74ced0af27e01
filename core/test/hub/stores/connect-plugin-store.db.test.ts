import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPluginStore } from "../../../src/hub/stores/connect-plugin-store.js";
import { hashApiKey } from "../../../src/hub/stores/store-keys.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

/** "Conectar con Timbre" from a plugin: the shop becomes a store once; connecting again re-keys it. */
describe("connectPluginStore", () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipelineHarness();
  });
  afterAll(() => h?.close());

  const input = (consumerKey: string) => ({
    platform: "woocommerce",
    shopDomain: "tienda-sur.cl",
    name: "Tienda Sur",
    credentials: { consumerKey, consumerSecret: "cs_1" },
    platformSettings: { url: "https://tienda-sur.cl" },
    actor: "woocommerce.connect",
  });

  it("creates the store with the platform keys, and a second connection keeps it but replaces both sets of keys", async () => {
    const first = await connectPluginStore(h.hub.db, h.hub.encryptor, h.companyId, input("ck_first"));
    expect(first.created).toBe(true);
    expect(first.apiKey).toMatch(/^tmb_/);
    // The key works on the sync API the plugin calls.
    const who = await h.call("GET", "/api/v1/orders", undefined, {
      id: first.storeId,
      apiKey: first.apiKey,
      secret: first.secret,
      platform: "woocommerce",
      name: "Tienda Sur",
      shopDomain: "tienda-sur.cl",
    });
    expect(who.status).toBe(200);

    const again = await connectPluginStore(h.hub.db, h.hub.encryptor, h.companyId, input("ck_second"));
    expect(again).toMatchObject({ storeId: first.storeId, created: false });
    expect(again.apiKey).not.toBe(first.apiKey);
    const row = await h.hub.db.store.findUniqueOrThrow({ where: { id: first.storeId } });
    expect(row.apiKeyHash).toBe(hashApiKey(again.apiKey));
    expect(h.hub.encryptor.decryptText(row.credentials!, "store.credentials")).toContain("ck_second");
    expect(row.settings).toMatchObject({ woocommerce: { url: "https://tienda-sur.cl" } });
    expect(await h.hub.db.auditEvent.count({ where: { action: "store.reconnected", storeId: first.storeId } })).toBe(1);
  });

  it("refuses a shop already connected to another company", async () => {
    const other = await h.hub.db.company.create({
      data: {
        rut: "76354771-K",
        businessName: "Otra SpA",
        activity: "Comercio",
        actecos: [479100],
        address: "Calle 1",
        commune: "Santiago",
      },
    });
    await expect(connectPluginStore(h.hub.db, h.hub.encryptor, other.id, input("ck_third"))).rejects.toMatchObject({
      code: "store.other_company",
    });
  });
});
