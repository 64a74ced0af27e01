import { z } from "zod";
import { shopDomainOf } from "./config.js";
import { createWooClient, WooRequestError } from "./woo-client.js";

/**
 * The hub's side of "Conectar con Timbre" (the plugin's side is class-timbre-connect.php):
 *
 * 1. `GET /woocommerce/connect?site&name&return_url&state`: the merchant, sent by the plugin, sees
 *    which shop joins which company and approves.
 * 2. `POST /woocommerce/connect`: the approval; back to the shop's `return_url` with `state` and a
 *    one-time code (signed by the hub, bound to the shop, valid ten minutes).
 * 3. `POST /woocommerce/connect/complete` `{code, site, consumerKey, consumerSecret}`: the plugin,
 *    server to server, hands over the REST keys it created. The hub checks them against the shop
 *    (so only someone who can create keys in that shop connects it), creates or re-keys the store
 *    and answers `{storeId, apiKey, secret}`: the sync-API keys the plugin keeps.
 *
 * Nothing here touches the database: `ConnectDeps` are the hub's use cases.
 */
export interface ConnectDeps {
  /**
   * Whether a shop may connect without signing in to the hub. The hub has no merchant sign-in yet,
   * so the composition root turns this off in production (the operator then uses `timbre store create`).
   */
  open: boolean;
  /** The company a connecting shop becomes a store of (the hub's only one), or undefined. */
  company(): Promise<{ id: string; businessName: string; rut: string } | undefined>;
  connect(
    companyId: string,
    shop: { shopDomain: string; name: string; url: string; consumerKey: string; consumerSecret: string },
  ): Promise<{ storeId: string; apiKey: string; secret: string }>;
  mac(value: string, purpose: string): string;
  verifyMac(value: string, purpose: string, tag: string): boolean;
  now(): number;
  fetch?: typeof fetch;
}

export const CONNECT_PREFIX = "/woocommerce/connect";
const APPROVAL_MS = 30 * 60_000;
const CODE_MS = 10 * 60_000;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const StartQuery = z.object({
  site: httpUrl,
  name: z.string().trim().max(200).optional(),
  return_url: httpUrl,
  state: z.string().min(8).max(200),
});
const Approval = StartQuery.extend({ expires: z.coerce.number().int(), approval: z.string().min(1).max(200) });
const CompleteBody = z.object({
  code: z.string().min(1).max(2000),
  site: httpUrl,
  consumerKey: z.string().startsWith("ck_").max(200),
  consumerSecret: z.string().startsWith("cs_").max(200),
});
const CodePayload = z.object({ s: z.string(), c: z.string(), e: z.number(), n: z.string().max(200) });

/** The merchant is sent back only to the shop's own admin, never to a host the link names. */
function returnUrlOk(site: string, returnUrl: string): boolean {
  const s = new URL(site);
  const r = new URL(returnUrl);
  return s.origin === r.origin && r.pathname.endsWith("/wp-admin/admin-post.php");
}

const approvalValue = (q: z.output<typeof StartQuery>, expires: number) =>
  JSON.stringify([expires, q.site, q.return_url, q.state, q.name ?? ""]);

export function createConnectHandler(deps: ConnectDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "");
    if (path === CONNECT_PREFIX && request.method === "GET") return approvalPage(url);
    if (path === CONNECT_PREFIX && request.method === "POST") return approve(request);
    if (path === `${CONNECT_PREFIX}/complete` && request.method === "POST") return complete(request);
    return page(404, "No encontrado", "<p>Esta dirección no existe.</p>");
  };

  async function approvalPage(url: URL): Promise<Response> {
    const q = StartQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!q.success || !returnUrlOk(q.data.site, q.data.return_url)) {
      return page(
        400,
        "Enlace de conexión no válido",
        "<p>El enlace no viene de una tienda WooCommerce o está incompleto. Vuelva a WooCommerce → Timbre y haga clic en «Conectar con Timbre».</p>",
      );
    }
    if (!deps.open) {
      return page(
        403,
        "Conexión no disponible",
        "<p>Este servidor de Timbre no acepta conexiones con un clic. Pida a quien administra Timbre que conecte la tienda.</p>",
      );
    }
    const company = await deps.company();
    if (!company) {
      return page(
        409,
        "Falta la empresa emisora",
        "<p>Este Timbre todavía no tiene una empresa emisora configurada, o tiene varias. Configure la empresa y vuelva a intentarlo.</p>",
      );
    }
    const expires = deps.now() + APPROVAL_MS;
    const approval = deps.mac(approvalValue(q.data, expires), "woocommerce.connect.approve");
    const hidden = { ...q.data, name: q.data.name ?? "", expires: String(expires), approval };
    const cancel = new URL(q.data.return_url);
    cancel.searchParams.set("state", q.data.state);
    cancel.searchParams.set("error", "access_denied");
    const shopName = q.data.name || new URL(q.data.site).host;
    return page(
      200,
      "Conectar con Timbre",
      `<p>La tienda <strong>${esc(shopName)}</strong> (${esc(q.data.site)}) quedará conectada a
       <strong>${esc(company.businessName)}</strong> (RUT ${esc(formatRut(company.rut))}).</p>
       <p>Timbre recibirá los pedidos pagados, emitirá sus boletas y facturas electrónicas y mantendrá el stock al día.
       La tienda le entrega a Timbre claves de la API de WooCommerce; usted no tiene que copiar nada.</p>
       <form method="post" action="${CONNECT_PREFIX}">
         ${Object.entries(hidden)
           .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
           .join("")}
         <button type="submit">Aprobar conexión</button>
         <a href="${esc(cancel.toString())}">Cancelar</a>
       </form>`,
    );
  }

  async function approve(request: Request): Promise<Response> {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    const a = Approval.safeParse(form);
    const expired = () =>
      page(
        400,
        "La aprobación expiró",
        "<p>Vuelva a WooCommerce → Timbre y haga clic otra vez en «Conectar con Timbre».</p>",
      );
    if (!a.success || !deps.open) return expired();
    const { expires, approval, ...q } = a.data;
    if (
      expires < deps.now() ||
      !returnUrlOk(q.site, q.return_url) ||
      !deps.verifyMac(approvalValue(q, expires), "woocommerce.connect.approve", approval)
    )
      return expired();
    const company = await deps.company();
    if (!company) return expired();
    const payload = Buffer.from(
      JSON.stringify({
        s: shopDomainOf(q.site),
        c: company.id,
        e: deps.now() + CODE_MS,
        n: q.name || new URL(q.site).host,
      }),
    ).toString("base64url");
    const back = new URL(q.return_url);
    back.searchParams.set("state", q.state);
    back.searchParams.set("code", `${payload}.${deps.mac(payload, "woocommerce.connect.code")}`);
    return new Response(null, { status: 303, headers: { location: back.toString(), "cache-control": "no-store" } });
  }

  async function complete(request: Request): Promise<Response> {
    let raw: unknown;
    try {
      raw = await request.json();
    } catch {
      raw = undefined;
    }
    const b = CompleteBody.safeParse(raw);
    if (!b.success) return json(400, "woocommerce.connect_invalid", "Faltan datos de la conexión o no son válidos.");
    const dot = b.data.code.lastIndexOf(".");
    const payload = b.data.code.slice(0, Math.max(dot, 0));
    const tag = b.data.code.slice(dot + 1);
    let code: z.output<typeof CodePayload> | undefined;
    if (dot > 0 && deps.verifyMac(payload, "woocommerce.connect.code", tag)) {
      try {
        code = CodePayload.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
      } catch {
        code = undefined;
      }
    }
    if (!code || code.e < deps.now() || code.s !== shopDomainOf(b.data.site)) {
      return json(
        400,
        "woocommerce.connect_expired",
        "El código de conexión no es válido o expiró. Vuelva a conectar.",
      );
    }
    // The keys must open this very shop: proof that whoever completes can create keys there.
    const client = createWooClient({
      url: b.data.site,
      credentials: async () => ({ consumerKey: b.data.consumerKey, consumerSecret: b.data.consumerSecret }),
      timeoutMs: 15_000,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    try {
      await client.get("/orders", { per_page: 1 });
    } catch (e) {
      if (e instanceof WooRequestError && (e.status === 401 || e.status === 403)) {
        return json(400, "woocommerce.keys_refused", "WooCommerce no aceptó las claves de la API REST entregadas.");
      }
      return json(
        502,
        "woocommerce.unreachable",
        "Timbre no pudo comunicarse con la tienda para comprobar las claves. Inténtelo de nuevo.",
      );
    }
    const store = await deps.connect(code.c, {
      shopDomain: code.s,
      name: code.n,
      url: b.data.site.replace(/\/+$/, ""),
      consumerKey: b.data.consumerKey,
      consumerSecret: b.data.consumerSecret,
    });
    return new Response(JSON.stringify(store), {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    });
  }
}

function json(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** 76192083-9 → 76.192.083-9, as people write it. */
function formatRut(rut: string): string {
  const m = /^(\d+)-?([\dkK])$/.exec(rut.replace(/\./g, ""));
  if (!m) return rut;
  return `${m[1]!.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}-${m[2]!.toUpperCase()}`;
}

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="es-CL"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · Timbre</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f7;color:#1d2327}
main{max-width:34rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;overflow-wrap:anywhere}
h1{font-size:1.4rem;margin-top:0}form{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin-top:1.5rem}
button{background:#2271b1;color:#fff;border:0;border-radius:4px;padding:.7rem 1.2rem;font-size:1rem;cursor:pointer}
@media (max-width:600px){main{margin:0;border-radius:0;min-height:100vh}}
</style></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // The approval must not be clicked through a frame of another site.
      "x-frame-options": "DENY",
      "content-security-policy": "frame-ancestors 'none'",
    },
  });
}
