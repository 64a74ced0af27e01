import type { Db } from "../../db/prisma-client.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import type { Clock } from "../../platform/clock.js";

/** What the kit's runtime is built over: one per hub process. */
export interface RuntimeDeps {
  db: Db;
  encryptor: Encryptor;
  /** Where platforms reach the hub (OAuth redirects, hook URLs, document links). */
  publicUrl: string;
  /** Tells the worker new jobs are queued (PGlite has no LISTEN). */
  wake?: () => void;
  /** The hub's clock (tests move it); default Date.now. */
  now?: () => number;
  /** Paces store limiters (tests give a virtual one). */
  clock?: Clock;
}

export const nowOf = (deps: RuntimeDeps): number => (deps.now ?? Date.now)();
