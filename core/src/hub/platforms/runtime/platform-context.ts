import type { Prisma, Store } from "@prisma/client";
import { TimbreError } from "../../../errors.js";
import { recordAudit } from "../../audit/record-audit.js";
import { enqueue } from "../../jobs/job-queue.js";
import { createStore } from "../../stores/create-store.js";
import { signingInput } from "../../stores/request-signature.js";
import { hashApiKey } from "../../stores/store-keys.js";
import type { AnyConnector } from "../connector.js";
import type { InstallInput, PlatformContext, StoreContext } from "../context.js";
import { sealCredentials } from "../credential-codec.js";
import { verifyHmac } from "../hmac.js";
import { KIT_KEY, readKitState, updateStoreSettingsLocked, type KitState } from "./kit-state.js";
import { createStoreContext, enqueueConnectorJob, SWEEP_JOB, sweepDedupeKey } from "./store-context.js";
import { nowOf, type RuntimeDeps } from "./runtime-deps.js";

type AnyStore = StoreContext<unknown, Record<string, unknown>>;

/** How far a signed plugin request's X-Timbre-Timestamp may be from now (the sync API's window). */
const SIGNATURE_TOLERANCE_S = 300;

/** Queues the store's next sweep (no-op while one is queued). */
export async function scheduleSweep(
  deps: RuntimeDeps,
  connector: AnyConnector,
  storeId: string,
  delayMs = 0,
): Promise<void> {
  if (!connector.sweep) return;
  await enqueue(deps.db, {
    kind: SWEEP_JOB,
    payload: { storeId },
    dedupeKey: sweepDedupeKey(storeId),
    runAt: new Date(nowOf(deps) + delayMs),
  });
  deps.wake?.();
}

/** The kit's PlatformContext of one connector: hub-wide use cases, never the database. */
export function createPlatformContext(
  deps: RuntimeDeps,
  connector: AnyConnector,
): PlatformContext<unknown, Record<string, unknown>> {
  const { db, encryptor } = deps;
  const ctxOf = (row: Store): AnyStore => createStoreContext(deps, connector, row);

  return {
    platform: connector.id,
    publicUrl: deps.publicUrl,
    now: () => nowOf(deps),
    async findStore(shop) {
      const row = await db.store.findUnique({
        where: { platform_shopDomain: { platform: connector.id, shopDomain: shop } },
      });
      return row ? ctxOf(row) : null;
    },
    async getStore(storeId) {
      if (!/^[0-9a-f-]{36}$/i.test(storeId)) return null;
      const row = await db.store.findUnique({ where: { id: storeId } });
      return row && row.platform === connector.id ? ctxOf(row) : null;
    },
    async listStores(filter = {}) {
      const rows = await db.store.findMany({ where: { platform: connector.id }, orderBy: { createdAt: "asc" } });
      const all = rows.map(ctxOf);
      return filter.installed ? all.filter((s) => s.installed) : all;
    },
    async install(input: InstallInput<unknown, Record<string, unknown>>) {
      const holder = await db.store.findUnique({
        where: { platform_shopDomain: { platform: connector.id, shopDomain: input.shopDomain } },
      });
      // A store the operator created for this install (`timbre store create`, then the platform's
      // OAuth start with its id) becomes this shop's store; the shop must not be another store's.
      const chosen = input.storeId ? await db.store.findUnique({ where: { id: input.storeId } }) : null;
      if (input.storeId && (!chosen || chosen.platform !== connector.id))
        throw new TimbreError(
          "platform.store_not_found",
          {
            es: "La tienda de esta conexión no existe en Timbre.",
            en: "This connection's store does not exist in Timbre.",
          },
          { kind: "not_found" },
        );
      if (chosen && holder && holder.id !== chosen.id)
        throw new TimbreError(
          "platform.shop_taken",
          {
            es: `La cuenta ${input.shopDomain} ya está conectada a la tienda ${holder.name} de Timbre.`,
            en: `Account ${input.shopDomain} is already connected to the Timbre store ${holder.name}.`,
          },
          { kind: "conflict", retryable: false, merchantActionable: true },
        );
      const existing = chosen ?? holder;
      const at = new Date(nowOf(deps)).toISOString();
      if (existing && existing.companyId !== input.companyId) {
        throw new TimbreError(
          "platform.shop_taken",
          {
            es: `La tienda ${input.shopDomain} ya está conectada a otra empresa en Timbre.`,
            en: `Shop ${input.shopDomain} is already connected to another company in Timbre.`,
          },
          { kind: "conflict", retryable: false, merchantActionable: true },
        );
      }
      let storeId: string;
      let created = false;
      let reinstalled = false;
      if (!existing) {
        const s = await createStore(db, encryptor, {
          companyId: input.companyId,
          platform: connector.id,
          name: input.name,
          shopDomain: input.shopDomain,
          ...(input.shopId ? { shopId: input.shopId } : {}),
          credentials: input.credentials,
          ...(input.settings ? { platformSettings: input.settings as Record<string, unknown> } : {}),
          settings: { [KIT_KEY]: { installedAt: at } } as Prisma.InputJsonObject,
          actor: input.actor,
        });
        storeId = s.id;
        created = true;
      } else {
        storeId = existing.id;
        const sealed = sealCredentials(encryptor, connector, input.credentials);
        reinstalled = await updateStoreSettingsLocked(
          db,
          storeId,
          (all) => {
            const kit = readKitState(all as Prisma.JsonValue);
            const mine = (all[connector.id] ?? {}) as Record<string, unknown>;
            let settings: Record<string, unknown> = { ...mine, ...input.settings };
            if (connector.settings) settings = connector.settings.parse(settings) as Record<string, unknown>;
            const wasOut = kit.uninstalledAt !== undefined || existing.credentials === null;
            const rest: KitState = { ...kit };
            delete rest.uninstalledAt;
            delete rest.uninstallReason;
            const next: KitState = { ...rest, installedAt: wasOut || !kit.installedAt ? at : kit.installedAt };
            return {
              next: { ...all, [connector.id]: settings, [KIT_KEY]: next },
              result: wasOut && kit.installedAt !== undefined,
            };
          },
          () => ({
            credentials: sealed,
            name: input.name,
            shopDomain: input.shopDomain,
            ...(input.shopId ? { shopId: input.shopId } : {}),
          }),
        );
      }
      await recordAudit(db, {
        companyId: input.companyId,
        storeId,
        subjectType: "store",
        subjectId: storeId,
        action: `${connector.id}.${reinstalled ? "reinstalled" : "installed"}`,
        actor: input.actor,
        data: { shop: input.shopDomain, created },
      });
      await scheduleSweep(deps, connector, storeId);
      const row = await db.store.findUniqueOrThrow({ where: { id: storeId } });
      return { store: ctxOf(row), created, reinstalled };
    },
    enqueue: (kind, payload, options) => enqueueConnectorJob(deps, connector, kind, payload, options),
    async soleCompanyId() {
      const rows = await db.company.findMany({ select: { id: true }, take: 2 });
      return rows.length === 1 ? rows[0]!.id : undefined;
    },
    async verifyStoreRequest(request) {
      const m = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
      if (!m) return null;
      const row = await db.store.findUnique({ where: { apiKeyHash: hashApiKey(m[1]!) } });
      if (!row || row.platform !== connector.id) return null;
      const timestamp = request.headers.get("x-timbre-timestamp")?.trim() ?? "";
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowOf(deps) / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_S)
        return null;
      const secret = encryptor.decryptText(row.secret, "store.secret");
      const target = `${request.url.pathname}${request.url.search}`;
      const ok = verifyHmac(
        secret,
        signingInput(timestamp, request.method, target, request.rawBody),
        request.headers.get("x-timbre-signature"),
      );
      return ok ? ctxOf(row) : null;
    },
    mac: (value, purpose) => encryptor.mac(value, `platform.${connector.id}.${purpose}`),
    verifyMac: (value, purpose, tag) => encryptor.verifyMac(value, `platform.${connector.id}.${purpose}`, tag),
  };
}
