import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { MAX_PHOTO_BYTES, MAX_SIGNATURE_BYTES } from "../../rules/couriers/proof-media.js";
import { TimbreError } from "../../errors.js";
import { errorResponse, json, notFound, parseBody } from "../api/http.js";
import { completeDelivery } from "../couriers/complete-delivery.js";
import { courierAgenda } from "../couriers/courier-agenda.js";
import {
  courierForSession,
  SESSION_TTL_MS,
  signInWithLink,
  signInWithPin,
  signOut,
  type SignedInCourier,
} from "../couriers/courier-sessions.js";
import { failDelivery } from "../couriers/fail-delivery.js";
import { startDelivery } from "../couriers/start-delivery.js";
import type { Db } from "../db/prisma-client.js";
import { readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.js";
import { appShell } from "./page.js";
import { readLimited } from "./read-body.js";

export type CourierAppHandler = (request: Request) => Promise<Response>;

export interface CourierAppDeps {
  db: Db;
  /** Called after new work was queued (the write-back, the document), so workers look right away. */
  onQueued?: () => void;
  /** The bundled client and service worker; by default what `npm run build` wrote to dist/courier-app. */
  bundle?: () => Promise<{ app: string; serviceWorker: string }>;
}

const BUILT = new URL("../../../dist/courier-app/", import.meta.url);

async function builtBundle(): Promise<{ app: string; serviceWorker: string }> {
  const [app, serviceWorker] = await Promise.all([
    readFile(new URL("client.js", BUILT), "utf8"),
    readFile(new URL("sw.js", BUILT), "utf8"),
  ]);
  return { app, serviceWorker };
}

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const PinBody = z.object({ phone: z.string().max(30), pin: z.string().max(12) });
const LinkBody = z.object({ token: z.string().min(20).max(100) });
const StartBody = z.object({ clientId: z.string().min(1).max(100), at: z.iso.datetime({ offset: true }).optional() });
const FailBody = StartBody.extend({ reason: z.string().trim().min(1).max(500) });

const num = z.coerce.number().finite();
const ProofFields = z.object({
  clientId: z.string().min(1).max(100),
  capturedAt: z.iso.datetime({ offset: true }).optional(),
  receiverName: z.string().trim().max(100).optional(),
  notes: z.string().trim().max(1000).optional(),
  latitude: num.min(-90).max(90).optional(),
  longitude: num.min(-180).max(180).optional(),
  accuracy: num.min(0).max(100_000).optional(),
});

function unauthorized(): TimbreError {
  return new TimbreError(
    "unauthorized",
    { es: "Ingrese de nuevo.", en: "Please sign in again." },
    { kind: "unauthorized" },
  );
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

/**
 * The courier web app as a framework-free `Request → Response` function, mounted at /courier by the
 * hub's server: the page, its script, and the JSON endpoints the phone calls with its session cookie.
 */
export function createCourierApp(deps: CourierAppDeps): CourierAppHandler {
  const { db } = deps;
  let script: Promise<{ code: string; serviceWorker: string; version: string }> | undefined;
  const loadScript = () =>
    (script ??= (deps.bundle ?? builtBundle)().then(
      (b) => ({
        code: b.app,
        serviceWorker: b.serviceWorker,
        version: createHash("sha256").update(b.app).digest("hex").slice(0, 12),
      }),
      (e: unknown) => {
        script = undefined;
        throw new TimbreError(
          "courier.app_not_built",
          {
            es: "La aplicación de repartidores no está compilada.",
            en: "The courier app is not built (npm run build).",
          },
          { kind: "configuration", cause: e },
        );
      },
    ));

  async function courierOf(request: Request): Promise<SignedInCourier> {
    const token = readCookie(request, SESSION_COOKIE);
    const courier = token ? await courierForSession(db, token) : undefined;
    if (!courier) throw unauthorized();
    return courier;
  }

  function signedIn(request: Request, sessionToken: string, courier: SignedInCourier): Response {
    return json({ courier: { name: courier.name } }, 200, {
      "set-cookie": sessionCookie(request, sessionToken, SESSION_TTL_MS / 1000),
    });
  }

  async function page(linkToken?: string): Promise<Response> {
    const { version } = await loadScript();
    return new Response(appShell({ scriptVersion: version, ...(linkToken ? { linkToken } : {}) }), {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...SECURITY_HEADERS },
    });
  }

  async function api(request: Request, path: string): Promise<Response> {
    if (request.method === "GET" && path === "/agenda") {
      const courier = await courierOf(request);
      const agenda = await courierAgenda(db, courier.id);
      return json({ courier: { name: courier.name }, ...agenda }, 200, { "cache-control": "no-store" });
    }
    if (request.method !== "POST") throw notFound();
    // A cross-site form cannot set this header: with the SameSite cookie it closes CSRF.
    if (request.headers.get("x-timbre-courier") !== "1") {
      throw new TimbreError(
        "forbidden",
        { es: "Solicitud no permitida.", en: "Request not allowed." },
        { kind: "unauthorized" },
      );
    }
    if (path === "/session/pin") {
      const body = parseBody(PinBody, await request.text());
      const r = await signInWithPin(db, body.phone, body.pin);
      return signedIn(request, r.sessionToken, r.courier);
    }
    if (path === "/session/link") {
      const body = parseBody(LinkBody, await request.text());
      const r = await signInWithLink(db, body.token);
      return signedIn(request, r.sessionToken, r.courier);
    }
    if (path === "/session/logout") {
      const token = readCookie(request, SESSION_COOKIE);
      if (token) await signOut(db, token);
      return new Response(null, { status: 204, headers: { "set-cookie": sessionCookie(request, "", 0) } });
    }
    const m = /^\/deliveries\/([0-9a-f-]{36})\/(start|fail|proof)$/i.exec(path);
    if (!m) throw notFound();
    const [, deliveryId, action] = m as unknown as [string, string, "start" | "fail" | "proof"];
    const courier = await courierOf(request);
    const actor = `courier:${courier.id}`;
    let result: unknown;
    if (action === "start") {
      const body = parseBody(StartBody, await request.text());
      result = await startDelivery(
        db,
        courier.companyId,
        { deliveryId, courierId: courier.id, at: body.at ? new Date(body.at) : undefined },
        actor,
      );
    } else if (action === "fail") {
      const body = parseBody(FailBody, await request.text());
      result = await failDelivery(
        db,
        courier.companyId,
        { deliveryId, courierId: courier.id, reason: body.reason, at: body.at ? new Date(body.at) : undefined },
        actor,
      );
    } else {
      const raw = await readLimited(request, MAX_PHOTO_BYTES + MAX_SIGNATURE_BYTES + 64 * 1024);
      const form = await new Response(raw, { headers: { "content-type": request.headers.get("content-type") ?? "" } })
        .formData()
        .catch(() => {
          throw new TimbreError(
            "invalid_input",
            { es: "Envío de prueba de entrega ilegible.", en: "Unreadable proof upload." },
            { fields: [{ field: "(body)", message: "multipart/form-data expected" }] },
          );
        });
      const text: Record<string, string> = {};
      form.forEach((v, k) => {
        if (typeof v === "string" && v !== "") text[k] = v;
      });
      const fields = parseBody(ProofFields, JSON.stringify(text));
      const file = async (name: string) => {
        const f = form.get(name);
        return f && typeof f !== "string" ? new Uint8Array(await f.arrayBuffer()) : undefined;
      };
      const r = await completeDelivery(
        db,
        courier.companyId,
        {
          deliveryId,
          courierId: courier.id,
          proof: {
            clientId: fields.clientId,
            at: fields.capturedAt ? new Date(fields.capturedAt) : undefined,
            receiverName: fields.receiverName,
            notes: fields.notes,
            photo: await file("photo"),
            signature: await file("signature"),
            location:
              fields.latitude !== undefined && fields.longitude !== undefined
                ? { latitude: fields.latitude, longitude: fields.longitude, accuracyMeters: fields.accuracy }
                : undefined,
          },
        },
        actor,
      );
      result = r.delivery;
    }
    deps.onQueued?.();
    const d = result as { id: string; state: string };
    return json({ delivery: { id: d.id, state: d.state } });
  }

  return async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, "") || "/";
    try {
      if (path === "/courier" && request.method === "GET") return await page();
      if (path === "/courier/app.js" && request.method === "GET") {
        const { code } = await loadScript();
        return new Response(code, {
          headers: {
            "content-type": "text/javascript; charset=utf-8",
            "cache-control": "public, max-age=31536000, immutable",
          },
        });
      }
      if (path === "/courier/sw.js" && request.method === "GET") {
        const { serviceWorker } = await loadScript();
        // Scope "/courier" (not just "/courier/") so the app's own address is covered too.
        return new Response(serviceWorker, {
          headers: {
            "content-type": "text/javascript; charset=utf-8",
            "cache-control": "no-cache",
            "service-worker-allowed": "/courier",
          },
        });
      }
      const link = /^\/courier\/l\/([A-Za-z0-9_-]{20,100})$/.exec(path);
      if (link && request.method === "GET") return await page(link[1]);
      if (path.startsWith("/courier/api/"))
        return withHeaders(await api(request, path.slice("/courier/api".length)), { "cache-control": "no-store" });
      throw notFound({ es: "Página no encontrada.", en: "Page not found." });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
