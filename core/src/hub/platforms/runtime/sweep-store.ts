import { z } from "zod";
import { logger } from "../../logging/logger.js";
import { isAccessRevoked } from "../access-revoked.js";
import type { AnyConnector } from "../connector.js";
import { listConnectors, getConnector } from "../registry.js";
import { readKitState, updateKitState } from "./kit-state.js";
import { scheduleSweep } from "./platform-context.js";
import { nowOf, type RuntimeDeps } from "./runtime-deps.js";
import { createStoreContext } from "./store-context.js";

const SweepPayload = z.object({ storeId: z.string().uuid() });

/**
 * One sweep of one store (job `platform.sweep`): the connector's `sweep.run` from the persisted
 * cursor, the cursor it returns saved, the next run queued `everyMs` later. A failing run records
 * its error on the store and the next one happens on schedule (never a tight retry loop);
 * `PlatformAccessRevoked` uninstalls the store. An uninstalled store's sweep ends here.
 */
export async function sweepStore(deps: RuntimeDeps, payload: unknown): Promise<void> {
  const { storeId } = SweepPayload.parse(payload);
  const row = await deps.db.store.findUnique({ where: { id: storeId } });
  if (!row) return;
  const connector = getConnector(row.platform);
  if (!connector?.sweep) return;
  const store = createStoreContext(deps, connector, row);
  if (!store.installed) return;
  const since = readKitState(row.settings).sweep.cursor;
  const startedAt = new Date(nowOf(deps)).toISOString();
  try {
    const { cursor } = await connector.sweep.run(store, since);
    await updateKitState(deps.db, storeId, () => ({ sweep: { cursor, lastRunAt: startedAt, lastError: null } }));
  } catch (e) {
    if (isAccessRevoked(e)) {
      await store.uninstall({ actor: `${connector.id}:revoked`, reason: (e as Error).message, platformKnows: true });
      return;
    }
    logger.warn({ storeId, platform: connector.id, err: e }, "sweep failed; next run on schedule");
    const message = ((e as Error)?.message ?? String(e)).slice(0, 500);
    await updateKitState(deps.db, storeId, (s) => ({
      sweep: { ...s.sweep, lastRunAt: startedAt, lastError: message },
    }));
  }
  await scheduleSweep(deps, connector, storeId, connector.sweep.everyMs);
}

/**
 * Makes sure every installed store of every connector with a sweep has one queued (at start, and
 * then every `everyMs` of the planning job): stores created by `timbre store create`, or whose
 * sweep job was lost, join the schedule without anyone queueing it by hand.
 */
export async function planSweeps(
  deps: RuntimeDeps,
  connectors: readonly AnyConnector[] = listConnectors(),
): Promise<number> {
  let planned = 0;
  for (const connector of connectors) {
    if (!connector.sweep) continue;
    const rows = await deps.db.store.findMany({ where: { platform: connector.id } });
    for (const row of rows) {
      if (!createStoreContext(deps, connector, row).installed) continue;
      await scheduleSweep(deps, connector, row.id);
      planned++;
    }
  }
  return planned;
}
