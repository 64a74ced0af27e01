import { z } from "zod";
import { logger } from "../../logging/logger.js";
import { PermanentFailure } from "../../jobs/worker.js";
import type { TopicHandler, TopicSpec } from "../connector.js";
import { getConnector } from "../registry.js";
import { isAccessRevoked } from "../access-revoked.js";
import type { PlatformContext } from "../context.js";
import type { AnyConnector } from "../connector.js";
import type { RuntimeDeps } from "./runtime-deps.js";

const EventPayload = z.object({ inboxId: z.string().regex(/^\d+$/) });

type Platforms = (connector: AnyConnector) => PlatformContext<unknown, Record<string, unknown>>;

/**
 * The dispatcher job: the inbox row's topic handler, with the store of its shop. An unknown topic,
 * a shop without a store and (unless the topic says `afterUninstall`) an uninstalled store are
 * marked processed without a handler. A handler that throws is retried by the job (the row stays
 * unprocessed); `PlatformAccessRevoked` uninstalls the store instead.
 */
export async function dispatchEvent(deps: RuntimeDeps, platforms: Platforms, payload: unknown): Promise<void> {
  const { inboxId } = EventPayload.parse(payload);
  const row = await deps.db.inboxEvent.findUnique({ where: { id: BigInt(inboxId) } });
  if (!row || row.processedAt) return;
  const done = () => deps.db.inboxEvent.update({ where: { id: row.id }, data: { processedAt: new Date() } });
  const connector = getConnector(row.platform);
  if (!connector) throw new PermanentFailure(`no connector for platform ${row.platform} (inbox ${inboxId})`);
  const spec = connector.topics?.[row.topic] as TopicHandler | TopicSpec | undefined;
  if (!spec) {
    logger.info({ platform: row.platform, topic: row.topic, inboxId }, "webhook topic without handler");
    await done();
    return;
  }
  const handle = typeof spec === "function" ? spec : spec.handle;
  const afterUninstall = typeof spec === "function" ? false : spec.afterUninstall === true;
  const store = await platforms(connector).findStore(row.shop);
  if (!store || (!store.installed && !afterUninstall)) {
    await done();
    return;
  }
  try {
    await handle(
      {
        id: inboxId,
        shop: row.shop,
        eventId: row.eventId,
        topic: row.topic,
        payload: row.payload,
        receivedAt: row.receivedAt,
      },
      store,
    );
  } catch (e) {
    if (!isAccessRevoked(e)) throw e;
    await store.uninstall({ actor: `${connector.id}:revoked`, reason: (e as Error).message, platformKnows: true });
  }
  await done();
}
