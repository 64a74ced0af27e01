import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { validate } from "../../validation.js";
import { errorResponse, json, notFound } from "../api/http.js";
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
import { BODY_LIMITS, readLimited } from "../http/body-limit.js";
import { CLIENT_ADDRESS_HEADER } from "../http/client-address.js";
import { parseJsonBody } from "../http/safe-json.js";

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

  /** A JSON call's body: bounded, parsed at the edge, validated. */
  async function body<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
    const bytes = await readLimited(request, BODY_LIMITS.courierJson);
    return validate(schema, parseJsonBody(new TextDecoder().decode(bytes)));
  }

  /** The proof upload: multipart with a photo and maybe a signature, bounded before it is read. */
  async function proofUpload(request: Request) {
    const raw = await readLimited(request, BODY_LIMITS.courierUpload);
    const form = await new Response(raw, { headers: { "content-type": request.headers.get("content-type") ?? "" } })
      .formData()
      .catch(() => {
        throw new TimbreError(
          "invalid_input",
          { es: "Envío de prueba de entrega ilegible.", en: "Unreadable proof upload." },
          {
            fields: [
              {
                field: "(body)",
                message: "Se esperaba multipart/form-data.",
                messageEn: "multipart/form-data expected",
              },
            ],
          },
        );
      });
    const text: Record<string, string> = {};
    form.forEach((v, k) => {
      if (typeof v === "string" && v !== "") text[k] = v;
    });
    const fields = validate(ProofFields, parseJsonBody(JSON.stringify(text)));
    const file = async (name: string) => {
      const f = form.get(name);
      return f && typeof f !== "string" ? new Uint8Array(await f.arrayBuffer()) : undefined;
    };
    return { fields, photo: await file("photo"), signature: await file("signature") };
  }

  const app = new Hono({ strict: false });
  app.get("/courier", () => page());
  app.get("/courier/app.js", async () => {
    const { code } = await loadScript();
    return new Response(code, {
      headers: {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=31536000, immutable",
      },
    });
  });
  app.get("/courier/sw.js", async () => {
    const { serviceWorker } = await loadScript();
    // Scope "/courier" (not just "/courier/") so the app's own address is covered too.
    return new Response(serviceWorker, {
      headers: {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "no-cache",
        "service-worker-allowed": "/courier",
      },
    });
  });
  app.get("/courier/l/:token{[A-Za-z0-9_-]{20,100}}", (c) => page(c.req.param("token")));

  const api = new Hono();
  api.use(async (c, next) => {
    await next();
    c.res.headers.set("cache-control", "no-store");
  });
  api.get("/agenda", async (c) => {
    const courier = await courierOf(c.req.raw);
    const agenda = await courierAgenda(db, courier.id);
    return json({ courier: { name: courier.name }, ...agenda });
  });
  // A cross-site form cannot set this header: with the SameSite cookie it closes CSRF.
  api.post("*", async (c, next) => {
    if (c.req.header("x-timbre-courier") !== "1") {
      throw new TimbreError(
        "forbidden",
        { es: "Solicitud no permitida.", en: "Request not allowed." },
        { kind: "unauthorized" },
      );
    }
    await next();
  });
  api.post("/session/pin", async (c) => {
    const b = await body(c.req.raw, PinBody);
    const address = c.req.header(CLIENT_ADDRESS_HEADER) ?? "unknown";
    const r = await signInWithPin(db, b.phone, b.pin, address);
    return signedIn(c.req.raw, r.sessionToken, r.courier);
  });
  api.post("/session/link", async (c) => {
    const b = await body(c.req.raw, LinkBody);
    const r = await signInWithLink(db, b.token);
    return signedIn(c.req.raw, r.sessionToken, r.courier);
  });
  api.post("/session/logout", async (c) => {
    const token = readCookie(c.req.raw, SESSION_COOKIE);
    if (token) await signOut(db, token);
    return new Response(null, { status: 204, headers: { "set-cookie": sessionCookie(c.req.raw, "", 0) } });
  });
  const deliveryPath = "/deliveries/:id{[0-9a-fA-F-]{36}}";
  api.post(`${deliveryPath}/start`, async (c) => {
    const courier = await courierOf(c.req.raw);
    const b = await body(c.req.raw, StartBody);
    const d = await startDelivery(
      db,
      courier.companyId,
      { deliveryId: c.req.param("id"), courierId: courier.id, at: b.at ? new Date(b.at) : undefined },
      `courier:${courier.id}`,
    );
    return done(d);
  });
  api.post(`${deliveryPath}/fail`, async (c) => {
    const courier = await courierOf(c.req.raw);
    const b = await body(c.req.raw, FailBody);
    const d = await failDelivery(
      db,
      courier.companyId,
      {
        deliveryId: c.req.param("id"),
        courierId: courier.id,
        reason: b.reason,
        at: b.at ? new Date(b.at) : undefined,
      },
      `courier:${courier.id}`,
    );
    return done(d);
  });
  api.post(`${deliveryPath}/proof`, async (c) => {
    // Who is asking before the upload is read.
    const courier = await courierOf(c.req.raw);
    const { fields, photo, signature } = await proofUpload(c.req.raw);
    const r = await completeDelivery(
      db,
      courier.companyId,
      {
        deliveryId: c.req.param("id"),
        courierId: courier.id,
        proof: {
          clientId: fields.clientId,
          at: fields.capturedAt ? new Date(fields.capturedAt) : undefined,
          receiverName: fields.receiverName,
          notes: fields.notes,
          photo,
          signature,
          location:
            fields.latitude !== undefined && fields.longitude !== undefined
              ? { latitude: fields.latitude, longitude: fields.longitude, accuracyMeters: fields.accuracy }
              : undefined,
        },
      },
      `courier:${courier.id}`,
    );
    return done(r.delivery);
  });
  const done = (d: { id: string; state: string }) => {
    deps.onQueued?.();
    return json({ delivery: { id: d.id, state: d.state } });
  };
  api.notFound(() => errorResponse(notFound()));
  app.route("/courier/api", api);
  app.notFound(() => errorResponse(notFound({ es: "Página no encontrada.", en: "Page not found." })));
  app.onError((e) => errorResponse(e));
  api.onError((e) => errorResponse(e));

  return async (request) => app.fetch(request);
}
