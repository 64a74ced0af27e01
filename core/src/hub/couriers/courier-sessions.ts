import { createHash, randomBytes } from "node:crypto";
import type { Courier } from "@prisma/client";
import { normalizeChileanPhone } from "../../rules/couriers/phone.js";
import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { hashPin, pinMatches } from "./courier-pin.js";

const LINK_TTL_MS = 72 * 3600_000;
export const SESSION_TTL_MS = 30 * 24 * 3600_000;
const MAX_PIN_FAILURES = 5;
const PIN_LOCK_MS = 15 * 60_000;

export type SignedInCourier = Pick<Courier, "id" | "companyId" | "name" | "phone">;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");

function signInFailed(es = "Teléfono o PIN incorrecto.", en = "Wrong phone or PIN."): TimbreError {
  return new TimbreError("courier.sign_in_failed", { es, en }, { kind: "unauthorized" });
}

/** A one-time sign-in link for the courier's phone; the token is returned once and stored hashed. */
export async function issueLoginLink(
  db: Db,
  companyId: string,
  courierId: string,
  actor: string,
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const courier = await db.courier.findFirst({
    where: { id: courierId, companyId },
    select: { id: true, active: true, name: true },
  });
  if (!courier)
    throw new TimbreError(
      "not_found",
      { es: "No existe ese repartidor.", en: "No such courier." },
      { kind: "not_found" },
    );
  if (!courier.active)
    throw new TimbreError(
      "courier.inactive",
      { es: `${courier.name} está inactivo.`, en: `${courier.name} is inactive.` },
      { kind: "conflict" },
    );
  const token = newToken();
  const expiresAt = new Date(Date.now() + LINK_TTL_MS);
  await db.$transaction(async (tx) => {
    await tx.courierLoginToken.create({ data: { courierId, tokenHash: sha256(token), expiresAt } });
    await recordAudit(tx, {
      companyId,
      subjectType: "courier",
      subjectId: courierId,
      action: "courier.login_link_issued",
      actor,
      data: { expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, path: `/courier/l/${token}`, expiresAt };
}

async function openSession(
  db: Db,
  courier: SignedInCourier,
  how: "link" | "pin",
): Promise<{ sessionToken: string; courier: SignedInCourier }> {
  const sessionToken = newToken();
  await db.$transaction(async (tx) => {
    await tx.courierSession.create({
      data: {
        courierId: courier.id,
        tokenHash: sha256(sessionToken),
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      },
    });
    await recordAudit(tx, {
      companyId: courier.companyId,
      subjectType: "courier",
      subjectId: courier.id,
      action: "courier.signed_in",
      actor: `courier:${courier.id}`,
      data: { how },
    });
  });
  return { sessionToken, courier };
}

/** Uses up a sign-in link: it works once, and not after it expires. */
export async function signInWithLink(
  db: Db,
  token: string,
): Promise<{ sessionToken: string; courier: SignedInCourier }> {
  const used = await db.courierLoginToken.updateMany({
    where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: new Date() }, courier: { active: true } },
    data: { usedAt: new Date() },
  });
  if (used.count === 0) {
    throw signInFailed(
      "El enlace ya se usó o venció. Pida uno nuevo o ingrese con su PIN.",
      "The link was already used or expired. Ask for a new one or sign in with your PIN.",
    );
  }
  const row = await db.courierLoginToken.findUniqueOrThrow({
    where: { tokenHash: sha256(token) },
    select: { courier: { select: { id: true, companyId: true, name: true, phone: true } } },
  });
  return openSession(db, row.courier, "link");
}

// Compared against when the phone is unknown, so a wrong phone takes as long as a wrong PIN.
let decoy: Promise<string> | undefined;

/** Every PIN guess, right or wrong, takes at least this long: guessing is slow even within the limits. */
export const PIN_ATTEMPT_FLOOR_MS = 400;
/** PIN guesses from one client address (any phone) per lock window. */
const MAX_ADDRESS_FAILURES = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Columns are UTC timestamps without a zone (Prisma's DateTime): compare them with UTC "now".
/**
 * Takes one of a courier's `MAX_PIN_FAILURES` attempts in one atomic statement, before the PIN is
 * compared: parallel guesses queue on the row, so no more than that many are ever compared per
 * lock window. Returns false when the courier's PIN is locked.
 */
async function reserveCourierAttempt(db: Db, courierId: string): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ pinFailures: number }>>`
    UPDATE "Courier" SET
      "pinFailures" = CASE WHEN "pinLockedUntil" IS NOT NULL THEN 1 ELSE "pinFailures" + 1 END,
      "pinLockedUntil" = CASE
        WHEN (CASE WHEN "pinLockedUntil" IS NOT NULL THEN 1 ELSE "pinFailures" + 1 END) >= ${MAX_PIN_FAILURES}
          THEN (now() AT TIME ZONE 'UTC') + make_interval(secs => ${PIN_LOCK_MS / 1000})
        ELSE NULL END
    WHERE id = ${courierId}::uuid AND ("pinLockedUntil" IS NULL OR "pinLockedUntil" <= (now() AT TIME ZONE 'UTC'))
    RETURNING "pinFailures"`;
  return rows.length > 0;
}

/**
 * The same per client address, across every phone, in fixed windows: one device cannot try PINs on
 * many couriers either.
 */
async function reserveAddressAttempt(db: Db, address: string): Promise<boolean> {
  const key = `courier-pin:${address}`;
  const rows = await db.$queryRaw<Array<{ failures: number }>>`
    INSERT INTO "SignInThrottle" (key, failures, "windowStart") VALUES (${key}, 1, (now() AT TIME ZONE 'UTC'))
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN "SignInThrottle"."windowStart" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${PIN_LOCK_MS / 1000})
        THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${PIN_LOCK_MS / 1000})
        THEN (now() AT TIME ZONE 'UTC') ELSE "SignInThrottle"."windowStart" END
    RETURNING failures`;
  return rows[0] !== undefined && rows[0].failures <= MAX_ADDRESS_FAILURES;
}

async function releaseAddressAttempt(db: Db, address: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "SignInThrottle" SET failures = greatest(failures - 1, 0) WHERE key = ${`courier-pin:${address}`}`;
}

function tooManyAttempts(): TimbreError {
  return signInFailed(
    "Demasiados intentos: espere 15 minutos o pida un enlace de ingreso.",
    "Too many attempts: wait 15 minutes or ask for a sign-in link.",
  );
}

/**
 * Phone + PIN. Each guess first takes an attempt, atomically in the database, from the courier
 * (five per 15 minutes) and from the client address (twenty per 15 minutes); a locked one is refused
 * without comparing. Every guess takes at least `PIN_ATTEMPT_FLOOR_MS`. The same phone may drive for
 * two merchants: the PIN tells which.
 */
export async function signInWithPin(
  db: Db,
  phoneText: string,
  pin: string,
  clientAddress = "unknown",
): Promise<{ sessionToken: string; courier: SignedInCourier }> {
  const floor = sleep(PIN_ATTEMPT_FLOOR_MS);
  try {
    if (!(await reserveAddressAttempt(db, clientAddress))) throw tooManyAttempts();
    const phone = normalizeChileanPhone(phoneText);
    const couriers = phone
      ? await db.courier.findMany({ where: { phone, active: true, pinHash: { not: null } }, orderBy: { id: "asc" } })
      : [];
    if (couriers.length === 0) {
      await pinMatches(pin, await (decoy ??= hashPin("000000")));
      throw signInFailed();
    }
    const open: typeof couriers = [];
    for (const c of couriers) if (await reserveCourierAttempt(db, c.id)) open.push(c);
    if (open.length === 0) throw tooManyAttempts();
    for (const c of open) {
      if (await pinMatches(pin, c.pinHash!)) {
        await db.courier.update({ where: { id: c.id }, data: { pinFailures: 0, pinLockedUntil: null } });
        await releaseAddressAttempt(db, clientAddress);
        return await openSession(db, c, "pin");
      }
    }
    throw signInFailed();
  } finally {
    await floor;
  }
}

/** The courier behind a session cookie, or undefined when it is unknown, expired or the courier was deactivated. */
export async function courierForSession(db: Db, sessionToken: string): Promise<SignedInCourier | undefined> {
  const session = await db.courierSession.findUnique({
    where: { tokenHash: sha256(sessionToken) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      courier: { select: { id: true, companyId: true, name: true, phone: true, active: true } },
    },
  });
  const now = new Date();
  if (!session || session.expiresAt <= now || !session.courier.active) return undefined;
  // Sliding expiry, written at most hourly so a list refresh is not a write.
  if (now.getTime() - session.lastSeenAt.getTime() > 3600_000) {
    await db.courierSession.update({
      where: { id: session.id },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
    });
  }
  const c = session.courier;
  return { id: c.id, companyId: c.companyId, name: c.name, phone: c.phone };
}

export async function signOut(db: Db, sessionToken: string): Promise<void> {
  await db.courierSession.deleteMany({ where: { tokenHash: sha256(sessionToken) } });
}
