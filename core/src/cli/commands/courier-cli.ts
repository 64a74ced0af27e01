import type { z } from "zod";
import { normalizeChileanPhone } from "../../rules/couriers/phone.js";
import { TimbreError } from "../../errors.js";
import { fieldIssues } from "../../validation.js";
import type { Db } from "../../hub/db/prisma-client.js";
import { optionalString, UsageError, type ParsedArgs } from "../command.js";

/** Shared by the `timbre courier …` commands: flag parsing into the same schemas the API uses. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const fields = fieldIssues(r.error);
  throw new TimbreError(
    "invalid_input",
    {
      es: `Datos inválidos: ${fields.map((f) => f.field).join(", ")}.`,
      en: `Invalid data: ${fields.map((f) => `${f.field} (${f.message})`).join(", ")}.`,
    },
    { fields },
  );
}

export function intOption(args: ParsedArgs, name: string): number | undefined {
  const v = optionalString(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.replace(/[.\s]/g, ""))) throw new UsageError(`--${name} debe ser un número entero`);
  return Number(v.replace(/[.\s]/g, ""));
}

export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const v = optionalString(args, name);
  return v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
}

/** --flat 3990 | --bands "1000:2990,5000:4990", with --free-from 30000. */
export function rateFromArgs(args: ParsedArgs): unknown {
  const flat = intOption(args, "flat");
  const bands = optionalString(args, "bands");
  const freeFrom = intOption(args, "free-from");
  if ((flat === undefined) === (bands === undefined))
    throw new UsageError("indique la tarifa con --flat <pesos> o --bands <gramos:pesos,…>");
  if (flat !== undefined) return { kind: "flat", amount: flat, ...(freeFrom !== undefined ? { freeFrom } : {}) };
  const parsed = bands!.split(",").map((b) => {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(b);
    if (!m) throw new UsageError(`--bands: "${b}" no es <hasta gramos>:<pesos>`);
    return { upToGrams: Number(m[1]), amount: Number(m[2]) };
  });
  return { kind: "weight", bands: parsed, ...(freeFrom !== undefined ? { freeFrom } : {}) };
}

/** --commission 1500 (pesos) | --commission 40% (of the fee). */
export function commissionFromArgs(args: ParsedArgs): unknown {
  const v = optionalString(args, "commission");
  if (v === undefined) throw new UsageError("falta --commission: pesos (1500) o un porcentaje de la tarifa (40%)");
  const pct = /^\s*(\d+(?:[.,]\d{1,2})?)\s*%\s*$/.exec(v);
  if (pct) return { kind: "percent", percent: Number(pct[1]!.replace(",", ".")) };
  if (/^\s*\d+\s*$/.test(v)) return { kind: "amount", amount: Number(v) };
  throw new UsageError("--commission debe ser pesos (1500) o un porcentaje (40%)");
}

/** A courier by id or by phone, within the company. */
export async function courierIdOf(db: Db, companyId: string, ref: string): Promise<string> {
  const phone = normalizeChileanPhone(ref);
  const c = await db.courier.findFirst({
    where: { companyId, OR: [...(/^[0-9a-f-]{36}$/i.test(ref) ? [{ id: ref }] : []), ...(phone ? [{ phone }] : [])] },
    select: { id: true },
  });
  if (!c)
    throw new TimbreError(
      "not_found",
      { es: `No existe el repartidor ${ref}.`, en: `No courier ${ref}.` },
      { kind: "not_found" },
    );
  return c.id;
}

export const money = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : `$${n.toLocaleString("es-CL")}`;

export function storeIdOption(args: ParsedArgs): string {
  const v = optionalString(args, "store");
  if (!v || !/^[0-9a-f-]{36}$/i.test(v))
    throw new UsageError("falta --store <id de tienda> (los imprime `timbre store list`)");
  return v;
}
