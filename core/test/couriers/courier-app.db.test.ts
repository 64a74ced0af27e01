import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourierApp, type CourierAppHandler } from "../../src/hub/courier-app/handler.js";
import { issueLoginLink } from "../../src/hub/couriers/courier-sessions.js";
import { createDelivery } from "../../src/hub/couriers/create-delivery.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { serviceDay } from "../../src/rules/couriers/service-day.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { courier, FAKE_JPEG, mapAllMethods, order, recipient, seedCompany, zone } from "./support/seed.js";

const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
const BASE = "http://hub.test";

describe("courier web app endpoints", () => {
  let tdb: TestDatabase;
  let db: Db;
  let app: CourierAppHandler;
  let companyId: string;
  let courierId: string;
  let deliveryId: string;

  const post = (path: string, body: unknown, cookie?: string, extra: Record<string, string> = {}) =>
    app(
      new Request(BASE + path, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-timbre-courier": "1",
          ...(cookie ? { cookie } : {}),
          ...extra,
        },
        body: JSON.stringify(body),
      }),
    );
  const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const { company, store } = await seedCompany(db, encryptor);
    companyId = company.id;
    await mapAllMethods(db, { id: store.id, companyId });
    await zone(db, companyId, {
      name: "Centro",
      comunas: ["Providencia"],
      rate: { kind: "flat", amount: 3990 },
      commission: { kind: "amount", amount: 1500 },
    });
    courierId = (
      await courier(db, companyId, {
        name: "Pedro",
        phone: "+56 9 1234 5678",
        zones: ["Centro"],
        capacityPerDay: 5,
        pin: "2468",
      })
    ).id;
    const o = await order(db, store, companyId, "APP1");
    deliveryId = (await createDelivery(db, o.id, { recipient: recipient("Providencia") }, "test")).delivery.id;
    app = createCourierApp({ db, bundle: async () => ({ app: "console.log('app')", serviceWorker: "// sw" }) });
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("serves the page with a versioned script, strict headers and no cache", async () => {
    const page = await app(new Request(`${BASE}/courier`));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="es-CL"');
    expect(html).toMatch(/<script type="module" src="\/courier\/app\.js\?v=[0-9a-f]{12}"><\/script>/);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const js = await app(new Request(`${BASE}/courier/app.js?v=x`));
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect(await js.text()).toBe("console.log('app')");
    expect((await app(new Request(`${BASE}/courier/nothing`))).status).toBe(404);
  });

  it("signs in with phone and PIN into an HttpOnly cookie, and locks the PIN after five misses", async () => {
    expect((await app(new Request(`${BASE}/courier/api/agenda`))).status).toBe(401);
    const wrong = await post("/courier/api/session/pin", { phone: "912345678", pin: "0000" });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe("Teléfono o PIN incorrecto.");
    const ok = await post("/courier/api/session/pin", { phone: "9 1234 5678", pin: "2468" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(
      /^timbre_courier=[^;]+; Path=\/courier; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const agenda = await app(new Request(`${BASE}/courier/api/agenda`, { headers: { cookie: cookieOf(ok) } }));
    const body = (await agenda.json()) as {
      courier: { name: string };
      day: string;
      items: Array<{ id: string; state: string; mapUrl: string; comuna: string }>;
    };
    expect(body.courier.name).toBe("Pedro");
    expect(body.day).toBe(serviceDay(new Date()));
    expect(body.items).toEqual([
      expect.objectContaining({
        id: deliveryId,
        state: "assigned",
        comuna: "Providencia",
        mapUrl: expect.stringContaining("google.com/maps"),
      }),
    ]);
    // Agenda items carry no money.
    expect(JSON.stringify(body)).not.toContain("commission");

    for (let i = 0; i < 5; i++) await post("/courier/api/session/pin", { phone: "+56912345678", pin: "1111" });
    const locked = await post("/courier/api/session/pin", { phone: "+56912345678", pin: "2468" });
    expect(locked.status).toBe(401);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toContain("Demasiados intentos");
    await db.courier.update({ where: { id: courierId }, data: { pinLockedUntil: null } });
  });

  it("signs in once with a link; the link page itself spends nothing", async () => {
    const { token, path } = await issueLoginLink(db, companyId, courierId, "test");
    const page = await app(new Request(BASE + path));
    expect(await page.text()).toContain(`<meta name="timbre-link-token" content="${token}">`);
    const first = await post("/courier/api/session/link", { token });
    expect(first.status).toBe(200);
    expect((await post("/courier/api/session/link", { token })).status).toBe(401);
  });

  it("refuses writes without the app's header (CSRF) and deliveries of other couriers", async () => {
    const session = cookieOf(await post("/courier/api/session/pin", { phone: "+56912345678", pin: "2468" }));
    const forged = await post(`/courier/api/deliveries/${deliveryId}/start`, { clientId: "c1" }, session, {
      "x-timbre-courier": "0",
    });
    expect(forged.status).toBe(401);
    const otherId = (
      await courier(db, companyId, {
        name: "Otro",
        phone: "+56 9 8765 4321",
        zones: ["Centro"],
        capacityPerDay: 5,
        pin: "1357",
      })
    ).id;
    const other = cookieOf(await post("/courier/api/session/pin", { phone: "+56987654321", pin: "1357" }));
    expect(otherId).toBeTruthy();
    expect((await post(`/courier/api/deliveries/${deliveryId}/start`, { clientId: "c1" }, other)).status).toBe(404);
    const started = await post(
      `/courier/api/deliveries/${deliveryId}/start`,
      { clientId: "c1", at: new Date().toISOString() },
      session,
    );
    expect(await started.json()).toEqual({ delivery: { id: deliveryId, state: "picked_up" } });
  });

  it("takes the proof as multipart with the photo, caps its size, and answers a resend the same", async () => {
    const session = cookieOf(await post("/courier/api/session/pin", { phone: "+56912345678", pin: "2468" }));
    const upload = (photo: Uint8Array, clientId = "proof-1") => {
      const form = new FormData();
      form.set("clientId", clientId);
      form.set("capturedAt", new Date().toISOString());
      form.set("receiverName", "Ana Pérez");
      form.set("latitude", "-33.43");
      form.set("longitude", "-70.61");
      form.set("accuracy", "8");
      form.set("photo", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), "foto.jpg");
      return app(
        new Request(`${BASE}/courier/api/deliveries/${deliveryId}/proof`, {
          method: "POST",
          headers: { cookie: session, "x-timbre-courier": "1" },
          body: form,
        }),
      );
    };
    const huge = new Uint8Array(3 * 1024 * 1024);
    huge.set(FAKE_JPEG.subarray(0, 4));
    expect((await upload(huge)).status).toBe(413);
    const ok = await upload(FAKE_JPEG);
    expect(await ok.json()).toEqual({ delivery: { id: deliveryId, state: "delivered" } });
    expect((await upload(FAKE_JPEG)).status).toBe(200);
    const conflict = await upload(FAKE_JPEG, "proof-2");
    expect(conflict.status).toBe(409);
    const proof = await db.deliveryProof.findUniqueOrThrow({ where: { deliveryId } });
    expect(proof).toMatchObject({
      receiverName: "Ana Pérez",
      latitude: -33.43,
      longitude: -70.61,
      accuracyMeters: 8,
      photoType: "image/jpeg",
    });
  });

  it("signs out, clearing the cookie and the session", async () => {
    const session = cookieOf(await post("/courier/api/session/pin", { phone: "+56912345678", pin: "2468" }));
    const out = await post("/courier/api/session/logout", {}, session);
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await app(new Request(`${BASE}/courier/api/agenda`, { headers: { cookie: session } }))).status).toBe(401);
  });
});
