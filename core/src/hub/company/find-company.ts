import type { Company } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";

/** The company named by RUT, or the only one there is; never a guess among several. */
export async function findCompany(db: Db, rut?: string): Promise<Company> {
  if (rut) {
    const c = await db.company.findUnique({ where: { rut } });
    if (!c) {
      throw new TimbreError(
        "company.not_found",
        { es: `No hay empresa con RUT ${rut}.`, en: `No company with RUT ${rut}.` },
        { kind: "not_found" },
      );
    }
    return c;
  }
  const all = await db.company.findMany({ take: 11, orderBy: { createdAt: "asc" } });
  if (all.length === 1) return all[0]!;
  if (all.length === 0) {
    throw new TimbreError(
      "company.none",
      {
        es: "Aún no hay empresa emisora. Créela con `timbre company set --rut … --name … --activity … --acteco … --address … --commune …`.",
        en: "There is no issuing company yet. Create it with `timbre company set --rut … --name … --activity … --acteco … --address … --commune …`.",
      },
      { kind: "not_found" },
    );
  }
  throw new TimbreError(
    "company.ambiguous",
    {
      es: `Hay varias empresas; indique cuál con --rut (${all.map((c) => c.rut).join(", ")}).`,
      en: `There are several companies; choose one with --rut (${all.map((c) => c.rut).join(", ")}).`,
    },
    { fields: [{ field: "rut", message: "required when there are several companies" }] },
  );
}
