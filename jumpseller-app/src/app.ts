import { randomBytes } from "node:crypto";
import {
  enqueue,
  isTimbreError,
  logger,
  registerCatalogAdapter,
  registerDocumentWriteBack,
  registerFulfillmentAdapter,
  TimbreError,
  type JobHandler,
} from "@timbre/core/platform-parts";
import type { Db, Encryptor } from "@timbre/core/hub";
import { jumpsellerCatalogPort } from "./adapter/catalog-adapter.js";
import { jumpsellerDocumentWriteBack } from "./adapter/document-writeback.js";
import { jumpsellerFulfillmentPort } from "./adapter/fulfillment-adapter.js";
import { runAdminAction } from "./admin/admin-actions.js";
import { layout, renderAdminPage } from "./admin/admin-page.js";
import { jumpsellerConfig, type JumpsellerAppConfig } from "./config.js";
import { receiveHook } from "./hooks/receive-hook.js";
import { installStore, SYNC_JOB, uninstallStore } from "./install/install-store.js";
import { jumpsellerJobHandlers, type JobDeps } from "./jobs/jumpseller-jobs.js";
import { authorizeUrl, exchangeCode } from "./oauth/oauth-client.js";
import { readSettings } from "./store/store-state.js";
import { storeClient } from "./store/store-session.js";

export interface JumpsellerAppDeps {
  /** The hub (or just what the app needs of it). */
  hub: { db: Db; encryptor: Encryptor; config?: { publicUrl?: string | undefined; port?: number } };
  /** Overrides of the env-derived configuration (JUMPSELLER_* variables, TIMBRE_PUBLIC_URL). */
  options?: Partial<JumpsellerAppConfig>;
  /** Wakes the worker after queuing (src/server.ts passes worker.wake). */
  wake?: () => void;
  fetch?: typeof fetch;
  now?: () => number;
  sweepEveryMs?: number;
  env?: Record<string, string | undefined>;
}

export interface JumpsellerApp {
  config: JumpsellerAppConfig;
  /** Serves every /jumpseller/* path. */
  handle(request: Request): Promise<Response>;
  jobHandlers: Record<string, JobHandler>;
  /** Registers the catalog, fulfillment and document write-back adapters; returns the undo. */
  register(): () => void;
}

const BASE = "/jumpseller";
const INSTALL_PURPOSE = "jumpseller.install";

/** The link that starts installing Timbre into a Jumpseller store for one company (signed: nobody else can make it). */
export function jumpsellerInstallPath(encryptor: Pick<Encryptor, "mac">, companyId: string): string {
  return `${BASE}/oauth/start?company=${encodeURIComponent(companyId)}&sig=${encodeURIComponent(encryptor.mac(companyId, INSTALL_PURPOSE))}`;
}
const STATE_TTL_MS = 30 * 60_000;
const STATUS_BY_KIND: Record<string, number> = {
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  invalid_input: 400,
  configuration: 503,
};

const html = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
const redirect = (to: string) => new Response(null, { status: 302, headers: { location: to } });

export function createJumpsellerApp(deps: JumpsellerAppDeps): JumpsellerApp {
  const env = deps.env ?? process.env;
  const hubPublicUrl =
    deps.hub.config?.publicUrl ?? (deps.hub.config?.port ? `http://localhost:${deps.hub.config.port}` : undefined);
  const config = jumpsellerConfig(
    { ...(hubPublicUrl && !env.TIMBRE_PUBLIC_URL ? { publicUrl: hubPublicUrl } : {}), ...deps.options },
    env,
  );
  const { db, encryptor } = deps.hub;
  const now = deps.now ?? Date.now;
  const production = () => (env.TIMBRE_ENV ?? env.NODE_ENV) === "production";
  const jobDeps: JobDeps = {
    db,
    encryptor,
    config,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.sweepEveryMs ? { sweepEveryMs: deps.sweepEveryMs } : {}),
  };
  const adminSig = (storeId: string) => encryptor.mac(storeId, "jumpseller.admin");
  const adminUrl = (storeId: string) =>
    `${BASE}/admin?store=${encodeURIComponent(storeId)}&sig=${encodeURIComponent(adminSig(storeId))}`;

  /** state = company.expiry.nonce.mac: the callback knows which company asked, and that we asked. */
  const makeState = (companyId: string) => {
    const value = `${companyId}.${now() + STATE_TTL_MS}.${randomBytes(8).toString("hex")}`;
    return `${value}.${encryptor.mac(value, "jumpseller.oauth-state")}`;
  };
  const readState = (state: string | null): string | undefined => {
    if (!state) return undefined;
    const i = state.lastIndexOf(".");
    const value = state.slice(0, i);
    if (i < 0 || !encryptor.verifyMac(value, "jumpseller.oauth-state", state.slice(i + 1))) return undefined;
    const [companyId, expires] = value.split(".");
    return Number(expires) > now() ? companyId : undefined;
  };

  /**
   * Which company an install belongs to: the one that started it from Timbre (state), or the only
   * company of this hub when the merchant started from the Jumpseller App Store.
   */
  async function companyFor(state: string | null): Promise<string> {
    const fromState = readState(state);
    if (fromState) return fromState;
    // Anyone can reach these URLs: outside development a store is only ever connected to the
    // company that started the install itself (a signed link, below).
    if (production())
      throw new TimbreError(
        "jumpseller.company_unknown",
        {
          es: "Inicie la instalación desde Timbre (enlace firmado de su empresa).",
          en: "Start the install from Timbre (your company's signed link).",
        },
        { kind: "unauthorized" },
      );
    const companies = await db.company.findMany({ select: { id: true }, take: 2 });
    if (companies.length === 1) return companies[0]!.id;
    throw new TimbreError(
      "jumpseller.company_unknown",
      {
        es: "No sabemos a qué empresa conectar esta tienda. Inicie la instalación desde Timbre (Configuración → Jumpseller).",
        en: "We do not know which company to connect this store to. Start the install from Timbre (Settings → Jumpseller).",
      },
      { kind: "invalid_input" },
    );
  }

  function errorPage(e: unknown): Response {
    const status = isTimbreError(e) ? (STATUS_BY_KIND[e.kind] ?? 502) : 500;
    const message = isTimbreError(e) ? e.user.es : "Ocurrió un error inesperado. Intente de nuevo.";
    if (!isTimbreError(e)) logger.error({ err: e }, "jumpseller: unexpected error");
    return html(
      status,
      layout(
        "Timbre · Jumpseller",
        `<h1>Timbre · Jumpseller</h1><section><p class="bad">${message.replace(/</g, "&lt;")}</p></section>`,
      ),
    );
  }

  async function signedStore(storeId: string | null, sig: string | null) {
    if (!storeId || !sig || !encryptor.verifyMac(storeId, "jumpseller.admin", sig)) return undefined;
    return (await db.store.findUnique({ where: { id: storeId } })) ?? undefined;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    try {
      if (path === `${BASE}/hooks` && request.method === "POST") {
        return await receiveHook({ db, encryptor, ...(deps.wake ? { onQueued: deps.wake } : {}) }, request);
      }
      if (path === `${BASE}/oauth/start` && request.method === "GET") {
        if (config.devKeys && (env.TIMBRE_ENV ?? env.NODE_ENV) === "production") {
          throw new TimbreError(
            "jumpseller.not_configured",
            {
              es: "La aplicación Jumpseller no está configurada en este servidor (faltan JUMPSELLER_APP_ID y JUMPSELLER_APP_SECRET).",
              en: "The Jumpseller app is not configured on this server (JUMPSELLER_APP_ID and JUMPSELLER_APP_SECRET are missing).",
            },
            { kind: "configuration" },
          );
        }
        const asked = url.searchParams.get("company");
        if (asked !== null && !encryptor.verifyMac(asked, INSTALL_PURPOSE, url.searchParams.get("sig") ?? "")) {
          throw new TimbreError(
            "jumpseller.install_unsigned",
            {
              es: "Este enlace de instalación no es válido: genérelo de nuevo desde Timbre.",
              en: "This install link is not valid: generate it again from Timbre.",
            },
            { kind: "unauthorized" },
          );
        }
        const company = asked ?? (await companyFor(null));
        const extra: Record<string, string> = {};
        // The emulator (and tests) pick the store to install into; Jumpseller ignores it.
        if (url.searchParams.get("store")) extra.store = url.searchParams.get("store")!;
        return redirect(authorizeUrl(config, makeState(company), extra));
      }
      if (path === `${BASE}/oauth/callback` && request.method === "GET") {
        if (url.searchParams.get("error")) {
          return html(
            400,
            layout(
              "Timbre · Jumpseller",
              `<h1>Instalación cancelada</h1><section><p>Jumpseller no autorizó la instalación (${url.searchParams.get("error")?.replace(/</g, "&lt;")}).</p></section>`,
            ),
          );
        }
        const code = url.searchParams.get("code");
        if (!code)
          throw new TimbreError("jumpseller.no_code", {
            es: "Falta el código de autorización de Jumpseller.",
            en: "Jumpseller's authorization code is missing.",
          });
        const companyId = await companyFor(url.searchParams.get("state"));
        const tokens = await exchangeCode(config, code, now(), deps.fetch);
        const result = await installStore(jobDeps, companyId, tokens);
        deps.wake?.();
        return redirect(adminUrl(result.store.id));
      }
      if ((path === `${BASE}/admin` || path === BASE) && request.method === "GET") {
        const store = await signedStore(url.searchParams.get("store"), url.searchParams.get("sig"));
        if (!store) {
          return html(
            url.searchParams.get("store") ? 401 : 200,
            layout(
              "Timbre · Jumpseller",
              `<h1>Timbre · Boletas y facturas electrónicas</h1><section><p>Para ver esta página, abra Timbre desde su tienda Jumpseller o instálelo:</p><p><a href="${BASE}/oauth/start">Instalar Timbre en Jumpseller</a></p></section>`,
            ),
          );
        }
        return html(200, await renderAdminPage(db, store, { sig: adminSig(store.id), base: BASE }));
      }
      if (path === `${BASE}/admin/action` && request.method === "POST") {
        const form = new URLSearchParams(await request.text());
        const store = await signedStore(form.get("store"), form.get("sig"));
        if (!store)
          return html(
            401,
            layout("Timbre · Jumpseller", `<h1>Sin acceso</h1><section><p>El enlace no es válido.</p></section>`),
          );
        const notice = await runAdminAction(db, store, form, config.publicUrl);
        deps.wake?.();
        return html(
          notice.ok ? 200 : 400,
          await renderAdminPage(db, store, { sig: adminSig(store.id), base: BASE, notice }),
        );
      }
      if ((path === `${BASE}/admin/sync` || path === `${BASE}/admin/uninstall`) && request.method === "POST") {
        const form = new URLSearchParams(await request.text());
        const store = await signedStore(form.get("store"), form.get("sig"));
        if (!store)
          return html(
            401,
            layout("Timbre · Jumpseller", `<h1>Sin acceso</h1><section><p>El enlace no es válido.</p></section>`),
          );
        if (path.endsWith("/sync")) {
          await enqueue(db, { kind: SYNC_JOB, payload: { storeId: store.id }, dedupeKey: `${SYNC_JOB}:${store.id}` });
          deps.wake?.();
        } else {
          await uninstallStore(jobDeps, store.id, "jumpseller.admin");
        }
        return new Response(null, { status: 303, headers: { location: adminUrl(store.id) } });
      }
      return html(404, layout("Timbre · Jumpseller", `<h1>No encontrado</h1>`));
    } catch (e) {
      return errorPage(e);
    }
  }

  function register(): () => void {
    // An uninstalled store keeps its orders and documents but has no token: nothing is pushed to it.
    const installed = (store: { credentials: string | null }) => store.credentials !== null;
    const undo = [
      registerCatalogAdapter("jumpseller", (store) =>
        installed(store) ? jumpsellerCatalogPort(storeClient(jobDeps, store.id)) : undefined,
      ),
      registerFulfillmentAdapter("jumpseller", (store) =>
        installed(store)
          ? jumpsellerFulfillmentPort(storeClient(jobDeps, store.id), {
              locationId: async () => readSettings(store).locationId,
            })
          : undefined,
      ),
      registerDocumentWriteBack("jumpseller", (store) =>
        installed(store) ? jumpsellerDocumentWriteBack(storeClient(jobDeps, store.id)) : undefined,
      ),
    ];
    return () => undo.forEach((u) => u());
  }

  return { config, handle, jobHandlers: jumpsellerJobHandlers(jobDeps), register };
}
