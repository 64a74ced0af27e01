import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signRequest } from "../hub/api/store-auth.js";
import { loadConfig } from "../hub/config.js";
import { startDemo } from "../hub/demo/start-demo.js";
import { openHub, type Hub, type WorkerStartOptions } from "../hub/hub.js";
import type { Worker } from "../hub/jobs/worker.js";
import { SEND_JOB } from "../hub/documents/issue-document.js";
import { POLL_JOB } from "../hub/documents/send-envelope.js";
import { CHECK_JOB } from "../hub/documents/check-documents.js";
import { createStore, type CreatedStore } from "../hub/stores/create-store.js";
import { startSiiEmulator, type SiiEmulator, type SiiEmulatorOptions } from "./sii/emulator.js";
import { ensureTestPlatform } from "./test-platforms.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

export interface PipelineHarness {
  tdb: TestDatabase;
  hub: Hub;
  companyId: string;
  /** The demo's test CAF authority (PEM public key). */
  authority: string;
  /** A store of the demo company on the given platform. */
  store: CreatedStore;
  sii: SiiEmulator;
  worker: Worker;
  /** A sync API call as the store's plugin makes it (Bearer key; signed when there is a body). */
  call(method: string, path: string, body?: unknown, as?: CreatedStore): Promise<Response>;
  /** Runs due jobs until `done` holds. */
  settle(done: () => Promise<boolean>, what?: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const FAST_BACKOFF = { baseMs: 5, maxMs: 20, jitter: 0 };

/**
 * The hub with the demo company, a store, the SII emulator and a fast worker: what every test of
 * the issuing pipeline starts from. Jobs run when the test drains them (`settle`), not on a timer.
 */
export async function startPipelineHarness(
  o: {
    platform?: string;
    env?: Record<string, string>;
    emulator?: Partial<SiiEmulatorOptions>;
    worker?: WorkerStartOptions;
  } = {},
): Promise<PipelineHarness> {
  const tdb = await createTestDatabase({ migrate: false });
  const hub = await openHub(
    loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-pipeline-")), ...o.env }),
    { role: "cli" },
  );
  const demo = await startDemo(hub);
  const platform = o.platform ?? "woocommerce";
  ensureTestPlatform(platform);
  const store = await createStore(hub.db, hub.encryptor, {
    companyId: demo.companyId,
    platform,
    name: `Tienda ${platform}`,
    shopDomain: `${platform}.example`,
    actor: "test",
  });
  const sii = await startSiiEmulator({
    cafAuthorities: [demo.cafAuthorityPublicKey],
    timing: { mode: "instant" },
    ...o.emulator,
  });
  const worker = hub.startWorker({
    siiBaseUrl: sii.url,
    extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
    boletaLingerMs: 0,
    pollIntervalMs: 20,
    pollMs: 60_000,
    backoff: FAST_BACKOFF,
    // The SII kinds keep their own backoff over the default: tests name them to go fast too.
    kinds: Object.fromEntries([SEND_JOB, POLL_JOB, CHECK_JOB].map((k) => [k, { backoff: FAST_BACKOFF }])),
    siiTransport: { timeoutMs: 2_000, retry: { attempts: 1 } },
    // The emulator has processed an upload well within a second.
    notReceivedGraceMs: 1_000,
    ...o.worker,
  });
  return {
    tdb,
    hub,
    companyId: demo.companyId,
    authority: demo.cafAuthorityPublicKey,
    store,
    sii,
    worker,
    call(method, path, body, as = store) {
      const raw = body === undefined ? undefined : JSON.stringify(body);
      return hub.api(
        new Request(`http://hub.test${path}`, {
          method,
          headers: {
            authorization: `Bearer ${as.apiKey}`,
            ...(raw !== undefined ? signRequest(as.secret, { method, target: path, body: raw }) : {}),
          },
          ...(raw !== undefined ? { body: raw } : {}),
        }),
      );
    },
    async settle(done, what = "the pipeline", timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await worker.drain();
        await new Promise((r) => setTimeout(r, 30));
      }
    },
    async close() {
      await hub.close();
      await sii.close();
      await tdb.close();
    },
  };
}
