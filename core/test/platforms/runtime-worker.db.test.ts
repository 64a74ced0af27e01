import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/hub/config.js";
import { openHub, type Hub } from "../../src/hub/hub.js";
import type { Worker } from "../../src/hub/jobs/worker.js";
import type { AnyConnector } from "../../src/hub/platforms/connector.js";
import { signHmac, verifyHmac } from "../../src/hub/platforms/hmac.js";
import { registerConnector } from "../../src/hub/platforms/registry.js";
import { createStore } from "../../src/hub/stores/create-store.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

/**
 * The kit as the server runs it: the hub's worker (not a test calling handlers) picks up the
 * dispatcher job a webhook queued, sweeps an installed store on its own, and runs a connector's jobs.
 */
const seen: string[] = [];
const swept: Array<string | null> = [];
const ran: unknown[] = [];

const connector: AnyConnector = {
  id: "kitwork",
  name: "Kit Work",
  credentials: z.object({ secret: z.string() }),
  webhooks: {
    async verify(req, platform) {
      const shop = req.headers.get("x-shop") ?? "";
      const store = await platform.findStore(shop);
      const c = (await store?.credentials.read()) as { secret: string } | undefined;
      if (!c || !verifyHmac(c.secret, req.rawBody, req.headers.get("x-sig"))) return { rejected: 401, message: "no" };
      return { shop, eventId: req.headers.get("x-id")!, topic: "ping", payload: JSON.parse(req.rawBody.toString()) };
    },
  },
  topics: {
    ping: async (event, store) => {
      seen.push(`${store.name}:${(event.payload as { n: number }).n}`);
      await store.enqueue("kitwork.follow", { n: (event.payload as { n: number }).n });
    },
  },
  sweep: {
    everyMs: 60_000,
    async run(_store, since) {
      swept.push(since);
      return { cursor: "after-first" };
    },
  },
  jobs: {
    "kitwork.follow": async (payload, platform) => {
      ran.push({ payload, platform: platform.platform });
    },
  },
};

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("platform kit in the hub's worker", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let worker: Worker;
  let undo: () => void;

  beforeAll(async () => {
    undo = registerConnector(connector);
    tdb = await createTestDatabase();
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url }), { role: "cli", migrate: false });
    const company = await hub.db.company.create({
      data: {
        rut: "76192083-9",
        businessName: "W SpA",
        activity: "Venta",
        actecos: [479100],
        address: "A 1",
        commune: "Ñuñoa",
      },
    });
    await createStore(hub.db, hub.encryptor, {
      companyId: company.id,
      platform: "kitwork",
      name: "Obra",
      shopDomain: "obra.example",
      credentials: { secret: "s" },
      actor: "test",
    });
    worker = hub.startWorker({ pollMs: 50 });
  });
  afterAll(async () => {
    await hub?.close();
    await tdb?.close();
    undo?.();
  });

  it("sweeps an installed store created by the CLI without anyone queueing it, and keeps its cursor", async () => {
    await until(() => swept.length >= 1);
    expect(swept[0]).toBeNull();
    await until(async () => {
      const s = await hub.db.store.findFirstOrThrow({ where: { platform: "kitwork" } });
      return (s.settings as { _platform?: { sweep?: { cursor?: string } } })._platform?.sweep?.cursor === "after-first";
    });
    const next = await hub.db.job.findFirstOrThrow({ where: { kind: "platform.sweep", state: "queued" } });
    expect(next.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it("a webhook at the default path is answered at once, then dispatched and its follow-up job run by the worker", async () => {
    const route = hub.platforms.routes().find((r) => r.prefix === "/webhooks/kitwork")!;
    const body = JSON.stringify({ n: 7 });
    const r = await route.handle(
      new Request("http://hub/webhooks/kitwork", {
        method: "POST",
        headers: { "x-shop": "obra.example", "x-sig": signHmac("s", body), "x-id": "e7" },
        body,
      }),
    );
    expect(r.status).toBe(200);
    worker.wake();
    await until(() => ran.length === 1);
    expect(seen).toEqual(["Obra:7"]);
    expect(ran[0]).toMatchObject({ platform: "kitwork", payload: { n: 7, storeId: expect.any(String) } });
  });
});
