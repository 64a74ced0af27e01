import type { Db } from "../../db/prisma-client.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import type { SiiKeys } from "../../../rules/dte/caf.js";

/** What every group of sync API routes is built with. */
export interface RouteDeps {
  db: Db;
  encryptor: Encryptor;
  /** Called after new work was queued, so workers look for it right away. */
  onQueued?: () => void;
  /** Where the hub is reached from outside (TIMBRE_PUBLIC_URL); the request's origin otherwise. */
  publicUrl?: string | undefined;
  /** The SII's CAF-signing keys (TIMBRE_SII_KEY_*), for CAFs loaded through the API. */
  siiKeys?: SiiKeys | undefined;
}

export const actorOf = (store: { id: string }) => `api:${store.id}`;
