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

/**
 * Phone + PIN. Five wrong PINs lock that courier's PIN for 15 minutes. The same phone may drive for
 * two merchants: the PIN tells which.
 */
export async function signInWithPin(
  db: Db,
  phoneText: string,
  pin: string,
): Promise<{ sessionToken: string; courier: SignedInCourier }> {
  const phone = normalizeChileanPhone(phoneText);
  const couriers = phone ? await db.courier.findMany({ where: { phone, active: true, pinHash: { not: null } } }) : [];
  if (couriers.length === 0) {
    await pinMatches(pin, await (decoy ??= hashPin("000000")));
    throw signInFailed();
  }
  const now = new Date();
  for (const c of couriers) {
    if (c.pinLockedUntil && c.pinLockedUntil > now) continue;
    if (await pinMatches(pin, c.pinHash!)) {
      await db.courier.update({ where: { id: c.id }, data: { pinFailures: 0, pinLockedUntil: null } });
      return openSession(db, c, "pin");
    }
  }
  for (const c of couriers) {
    if (c.pinLockedUntil && c.pinLockedUntil > now) continue;
    const failures = c.pinFailures + 1;
    const lock = failures >= MAX_PIN_FAILURES;
    await db.courier.update({
      where: { id: c.id },
      data: {
        pinFailures: lock ? 0 : failures,
        pinLockedUntil: lock ? new Date(now.getTime() + PIN_LOCK_MS) : c.pinLockedUntil,
      },
    });
  }
  if (couriers.every((c) => c.pinLockedUntil && c.pinLockedUntil > now)) {
    throw signInFailed(
      "Demasiados intentos: espere 15 minutos o pida un enlace de ingreso.",
      "Too many attempts: wait 15 minutes or ask for a sign-in link.",
    );
  }
  throw signInFailed();
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
