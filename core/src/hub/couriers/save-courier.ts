import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { CourierInput, CourierPatch } from "./courier-input.js";
import { hashPin } from "./courier-pin.js";
import { courierView, withZoneNames, type CourierView } from "./courier-view.js";

async function zoneIds(tx: Prisma.TransactionClient, companyId: string, names: readonly string[]): Promise<string[]> {
  const zones = await tx.deliveryZone.findMany({
    where: { companyId, name: { in: [...names] } },
    select: { id: true, name: true },
  });
  const unknown = names.filter((n) => !zones.some((z) => z.name === n));
  if (unknown.length > 0) {
    throw new TimbreError(
      "courier.unknown_zone",
      { es: `Zonas desconocidas: ${unknown.join(", ")}.`, en: `Unknown zones: ${unknown.join(", ")}.` },
      { fields: unknown.map(() => ({ field: "zones", message: "unknown zone" })) },
    );
  }
  return zones.map((z) => z.id);
}

async function write(
  tx: Prisma.TransactionClient,
  companyId: string,
  courierId: string | undefined,
  input: CourierPatch,
  actor: string,
): Promise<{ courier: CourierView; created: boolean }> {
  const data = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.capacityPerDay !== undefined ? { capacityPerDay: input.capacityPerDay } : {}),
    ...(input.priority !== undefined ? { priority: input.priority } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.pin !== undefined ? { pinHash: await hashPin(input.pin), pinFailures: 0, pinLockedUntil: null } : {}),
  };
  const zones = input.zones === undefined ? undefined : await zoneIds(tx, companyId, input.zones);
  let id = courierId;
  if (id === undefined) {
    const row = await tx.courier.create({
      data: { companyId, name: input.name!, phone: input.phone!, capacityPerDay: input.capacityPerDay!, ...data },
    });
    id = row.id;
  } else if (Object.keys(data).length > 0) {
    try {
      await tx.courier.update({ where: { id }, data });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e;
      throw new TimbreError(
        "courier.duplicate_phone",
        {
          es: `Otro repartidor ya usa el teléfono ${input.phone ?? ""}.`,
          en: `Another courier already uses phone ${input.phone ?? ""}.`,
        },
        { kind: "conflict", fields: [{ field: "phone", message: "already used" }] },
      );
    }
  }
  if (zones !== undefined) {
    await tx.courierZone.deleteMany({ where: { courierId: id } });
    await tx.courierZone.createMany({ data: zones.map((zoneId) => ({ courierId: id, zoneId })) });
  }
  const saved = await tx.courier.findUniqueOrThrow({ where: { id }, include: withZoneNames });
  const view = courierView(saved);
  await recordAudit(tx, {
    companyId,
    subjectType: "courier",
    subjectId: id,
    action: courierId === undefined ? "courier.created" : "courier.updated",
    actor,
    data: {
      name: view.name,
      phone: view.phone,
      active: view.active,
      capacityPerDay: view.capacityPerDay,
      priority: view.priority,
      zones: view.zones,
      ...(input.pin !== undefined ? { pinChanged: true } : {}),
    },
  });
  return { courier: view, created: courierId === undefined };
}

/** Creates a courier, or updates the one with the same phone in this company. */
export async function saveCourier(tx: Prisma.TransactionClient, companyId: string, input: CourierInput, actor: string) {
  const existing = await tx.courier.findUnique({
    where: { companyId_phone: { companyId, phone: input.phone } },
    select: { id: true },
  });
  return write(tx, companyId, existing?.id, input, actor);
}

/** Changes only what the patch names. */
export async function updateCourier(
  tx: Prisma.TransactionClient,
  companyId: string,
  courierId: string,
  patch: CourierPatch,
  actor: string,
) {
  const existing = await tx.courier.findFirst({ where: { id: courierId, companyId }, select: { id: true } });
  if (!existing)
    throw new TimbreError(
      "not_found",
      { es: "No existe ese repartidor.", en: "No such courier." },
      { kind: "not_found" },
    );
  return write(tx, companyId, existing.id, patch, actor);
}
