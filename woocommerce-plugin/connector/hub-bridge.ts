import type { Prisma, Store } from "@prisma/client";
import { logger, type Hub } from "@timbre/core/hub";
import { getConnector, isTimbreError, openCredentials } from "@timbre/core/platforms";
import {
  ingestOrder,
  recordRefund,
  registerCatalogAdapter,
  registerDocumentWriteBack,
  registerFulfillmentAdapter,
} from "@timbre/core/platform-parts";
import { wooCatalogPort } from "./catalog.js";
import { WooSettingsSchema, type WooSettings } from "./config.js";
import { sweepOrders } from "./sweep.js";
import { createWooClient, type WooClient, type WooCredentials } from "./woo-client.js";
import { wooDocumentWriteBack, wooFulfillmentPort } from "./write-back.js";

/**
 * Runs the WooCommerce connector in today's hub: the stock, write-back and delivery jobs still look
 * adapters up in core's per-port registries, and the hub has no sweep scheduler yet, so this
 * registers the connector's ports there and runs its sweep on a timer. When the platform kit drives
 * the connector through StoreContext (connector/index.ts already declares everything), this file
 * goes away.
 */
export interface WooCommerceBridge {
  /** Sweeps every connected WooCommerce store once now (tests, and right after start). */
  sweepNow(): Promise<void>;
  close(): void;
}

function settingsOf(store: Store): WooSettings {
  const all = (store.settings ?? {}) as Record<string, unknown>;
  return WooSettingsSchema.parse(all.woocommerce ?? {});
}

export function registerWooCommerce(options: {
  hub: Pick<Hub, "db" | "encryptor">;
  wake?: () => void;
  /** 0 turns the timer off (sweepNow only). */
  sweepEveryMs?: number;
  fetch?: typeof fetch;
}): WooCommerceBridge {
  const { db, encryptor } = options.hub;
  const connector = getConnector("woocommerce");
  if (!connector) throw new Error("the woocommerce connector is not registered (loadPlatforms first)");

  function clientFor(store: Store): WooClient | undefined {
    if (!store.credentials) return undefined;
    const settings = settingsOf(store);
    if (!settings.url) return undefined;
    return createWooClient({
      url: settings.url,
      queryStringAuth: settings.queryStringAuth,
      credentials: async () => openCredentials<WooCredentials>(encryptor, connector!, store.credentials)!,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  const undo = [
    registerCatalogAdapter("woocommerce", (s) => {
      const c = clientFor(s);
      return c ? wooCatalogPort(c) : undefined;
    }),
    registerDocumentWriteBack("woocommerce", (s) => {
      const c = clientFor(s);
      return c ? wooDocumentWriteBack(c) : undefined;
    }),
    registerFulfillmentAdapter("woocommerce", (s) => {
      const c = clientFor(s);
      return c ? wooFulfillmentPort(c) : undefined;
    }),
  ];

  async function sweepStore(store: Store): Promise<void> {
    const client = clientFor(store);
    if (!client) return;
    const settings = settingsOf(store);
    let queued = false;
    const { cursor } = await sweepOrders(
      client,
      settings.sweepCursor,
      async (o) => {
        if (!o.order) {
          logger.warn({ storeId: store.id, order: o.externalId, error: o.unreadable }, "woocommerce order unreadable");
          return;
        }
        const result = await ingestOrder(db, store.id, store.companyId, o.order, "woocommerce.sweep");
        queued ||= result.changed;
        for (const refund of o.refunds) {
          try {
            queued ||= (await recordRefund(db, store, o.externalId, refund, "woocommerce.sweep")).created;
          } catch (e) {
            if (!isTimbreError(e) || e.kind !== "invalid_input") throw e;
          }
        }
      },
      { paidStatuses: settings.paidStatuses },
    );
    // Only the cursor key changes: a locked read-modify-write keeps what others wrote meanwhile.
    await db.$transaction(async (tx) => {
      const fresh = await tx.store.findUniqueOrThrow({ where: { id: store.id } });
      const all = (fresh.settings ?? {}) as Record<string, Prisma.InputJsonValue>;
      const mine = (all.woocommerce ?? {}) as Record<string, Prisma.InputJsonValue>;
      await tx.store.update({
        where: { id: store.id },
        data: { settings: { ...all, woocommerce: { ...mine, sweepCursor: cursor } } },
      });
    });
    if (queued) options.wake?.();
  }

  let running: Promise<void> | undefined;
  async function sweepNow(): Promise<void> {
    running ??= (async () => {
      try {
        const stores = await db.store.findMany({ where: { platform: "woocommerce", credentials: { not: null } } });
        for (const store of stores) {
          try {
            await sweepStore(store);
          } catch (e) {
            logger.warn({ storeId: store.id, error: (e as Error).message }, "woocommerce sweep failed");
          }
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const every = options.sweepEveryMs ?? 60_000;
  const first = every > 0 ? setTimeout(() => void sweepNow(), Math.min(every, 5_000)) : undefined;
  const timer = every > 0 ? setInterval(() => void sweepNow(), every) : undefined;
  first?.unref();
  timer?.unref();
  return {
    sweepNow,
    close() {
      clearTimeout(first);
      clearInterval(timer);
      undo.forEach((u) => u());
    },
  };
}
