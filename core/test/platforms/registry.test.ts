import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { discoverConnectors, findConnectorModules } from "../../src/hub/platforms/discover.js";
import { getConnector, registerConnector, requireConnector } from "../../src/hub/platforms/registry.js";
import { readStoreSetup, setupFlags } from "../../src/hub/platforms/store-setup.js";
import { signHmac, verifyHmac } from "../../src/hub/platforms/hmac.js";
import type { AnyConnector } from "../../src/hub/platforms/connector.js";

describe("platform registry", () => {
  it("refuses ids that are not lowercase words, job kinds outside the connector's namespace, and settings without defaults", () => {
    expect(() => registerConnector({ id: "Mercado-Libre", name: "x" })).toThrow(/must match/);
    expect(() => registerConnector({ id: "acme", name: "Acme", jobs: { "sync.all": async () => {} } })).toThrow(
      /must start with "acme\."/,
    );
    expect(() => registerConnector({ id: "acme", name: "Acme", settings: z.object({ url: z.string() }) })).toThrow(
      /accept \{\}/,
    );
  });

  it("refuses a second connector with an id already taken, but lets a real connector replace a test placeholder", () => {
    const undo = registerConnector({ id: "twice", name: "One" });
    expect(() => registerConnector({ id: "twice", name: "Two" })).toThrow(/registered twice/);
    undo();
    registerConnector({ id: "stand", name: "placeholder" }, { placeholder: true });
    const real: AnyConnector = { id: "stand", name: "Real" };
    registerConnector(real);
    expect(getConnector("stand")).toBe(real);
  });

  it("names the known platforms when asked for an unknown one; demo is built in", () => {
    expect(getConnector("demo")?.name).toBe("Demo");
    expect(() => requireConnector("nope")).toThrow(/Unknown platform: nope\. Known: .*demo/);
  });
});

describe("setup fields as flags", () => {
  const connector: AnyConnector = {
    id: "acmeshop",
    name: "Acme",
    setup: {
      fields: z.object({
        url: z.url().describe("The shop's address"),
        accessToken: z.string().min(8).describe("Integration token"),
        syncInterval: z.coerce.number().int().min(1).optional().describe("Minutes between sweeps"),
      }),
      toStore: (i: { url: string; accessToken: string; syncInterval?: number }) => ({
        shopDomain: new URL(i.url).host,
        credentials: { accessToken: i.accessToken },
        settings: { url: i.url, ...(i.syncInterval ? { syncIntervalMinutes: i.syncInterval } : {}) },
      }),
    },
  };

  it("derives kebab-case flags, their help and whether they are required", () => {
    expect(setupFlags(connector)).toEqual([
      { flag: "url", key: "url", description: "The shop's address", required: true },
      { flag: "access-token", key: "accessToken", description: "Integration token", required: true },
      { flag: "sync-interval", key: "syncInterval", description: "Minutes between sweeps", required: false },
    ]);
  });

  it("turns strings into the stored identity, secrets and settings", () => {
    expect(
      readStoreSetup(connector, { url: "https://tienda.cl/", "access-token": "abcdefgh", "sync-interval": "10" }),
    ).toEqual({
      shopDomain: "tienda.cl",
      credentials: { accessToken: "abcdefgh" },
      settings: { url: "https://tienda.cl/", syncIntervalMinutes: 10 },
    });
  });

  it("names the flag that is missing or wrong, and refuses another platform's flags", () => {
    expect(() => readStoreSetup(connector, { url: "https://tienda.cl" })).toThrow(/--access-token/);
    expect(() => readStoreSetup(connector, { url: "not a url", "access-token": "abcdefgh" })).toThrow(/--url/);
    expect(() =>
      readStoreSetup(connector, { url: "https://tienda.cl", "access-token": "abcdefgh", "consumer-key": "ck_1" }, [
        "consumer-key",
      ]),
    ).toThrow(/--consumer-key does not apply to platform Acme/);
  });
});

describe("discovery", () => {
  function repo(): string {
    const root = mkdtempSync(join(tmpdir(), "timbre-discover-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ workspaces: ["core", "plugins/*"] }));
    mkdirSync(join(root, "core"));
    writeFileSync(join(root, "core/package.json"), JSON.stringify({ name: "@x/core" }));
    const ws = (name: string, timbre: unknown, files: Record<string, string>) => {
      const dir = join(root, "plugins", name);
      mkdirSync(join(dir, "dist"), { recursive: true });
      mkdirSync(join(dir, "src"), { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `@x/${name}`, type: "module", timbre }));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    };
    ws(
      "built",
      { connector: "./dist/connector.js" },
      {
        "dist/connector.js":
          "export default (setup) => ({ id: 'builtshop', name: 'Built ' + setup.env.SHOP_LABEL + ' ' + setup.role });",
      },
    );
    ws(
      "fresh",
      { connector: "./dist/connector.js", source: "./src/connector.ts" },
      {
        "src/connector.ts":
          "const id: string = 'freshshop';\nexport default (setup: { publicUrl: string }) => ({ id, name: setup.publicUrl });",
      },
    );
    ws("broken", { connector: "./dist/missing.js" }, {});
    ws("other", undefined, {});
    return root;
  }

  it("loads each workspace's declared connector: the built module, else its TypeScript source; reports the broken one", async () => {
    const root = repo();
    expect(findConnectorModules(root).map((m) => [m.workspace, m.fromSource])).toEqual([
      ["@x/broken", false],
      ["@x/built", false],
      ["@x/fresh", true],
    ]);
    const found = await discoverConnectors(
      { env: { SHOP_LABEL: "ok" }, publicUrl: "http://hub.test", role: "cli" },
      { root },
    );
    try {
      expect(found.connectors.map((c) => [c.id, c.name])).toEqual([
        ["builtshop", "Built ok cli"],
        ["freshshop", "http://hub.test"],
      ]);
      expect(found.failed).toEqual([{ workspace: "@x/broken", error: expect.stringContaining("npm run build") }]);
      expect(getConnector("freshshop")).toBeDefined();
    } finally {
      found.unregister();
    }
    expect(getConnector("freshshop")).toBeUndefined();
  });
});

describe("hmac", () => {
  it("accepts the base64 or hex digest of the raw bytes and nothing else", () => {
    const body = Buffer.from('{"id":1}');
    const sig = signHmac("s3cret", body);
    expect(verifyHmac("s3cret", body, sig)).toBe(true);
    expect(verifyHmac("s3cret", body, ` ${sig} `)).toBe(true);
    expect(verifyHmac("s3cret", body, signHmac("s3cret", body, "hex"), "hex")).toBe(true);
    expect(verifyHmac("s3cret", body, signHmac("s3cret", body, "hex"))).toBe(false);
    expect(verifyHmac("other", body, sig)).toBe(false);
    expect(verifyHmac("s3cret", Buffer.from('{"id":2}'), sig)).toBe(false);
    expect(verifyHmac("s3cret", body, `${sig}!!`)).toBe(false);
    expect(verifyHmac("s3cret", body, null)).toBe(false);
  });
});
