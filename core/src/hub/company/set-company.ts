import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { normalizeRut } from "../../rules/rut.js";
import { fieldIssues } from "../../validation.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { companyView, type CompanyView } from "./company-view.js";

// Lengths are the DTE XSD's for the emisor fields these end up in (RznSoc, GiroEmis, DirOrigen…).
export const CompanyPatchSchema = z
  .object({
    businessName: z.string().trim().min(1).max(100),
    activity: z.string().trim().min(1).max(80),
    actecos: z.array(z.number().int().min(10_000).max(999_999)).min(1).max(4),
    address: z.string().trim().min(1).max(70),
    commune: z.string().trim().min(1).max(20),
    city: z.string().trim().max(20),
    email: z.email().max(80).nullable(),
    resolutionNumber: z.number().int().min(0),
    resolutionDate: z.iso.date(),
    environment: z.enum(["certification", "production"]),
    lowFolioThreshold: z.number().int().min(0),
    siiOffice: z.string().trim().max(60),
    printCedible: z.boolean(),
  })
  .partial();

export type CompanyPatch = z.input<typeof CompanyPatchSchema>;

const REQUIRED_TO_CREATE = ["businessName", "activity", "actecos", "address", "commune"] as const;

/** Creates the company with that RUT or updates the fields given; every change is audited. */
export async function setCompany(
  db: Db,
  rutInput: string,
  patch: CompanyPatch,
  actor: string,
): Promise<{ company: CompanyView; created: boolean }> {
  const rut = normalizeRut(rutInput);
  const parsed = CompanyPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const fields = fieldIssues(parsed.error);
    throw new TimbreError(
      "company.invalid",
      {
        es: `Datos de empresa inválidos: ${fields.map((f) => f.field).join(", ")}.`,
        en: `Invalid company data: ${fields.map((f) => f.field).join(", ")}.`,
      },
      { fields },
    );
  }
  const { resolutionDate, ...rest } = parsed.data;
  const data = { ...rest, ...(resolutionDate ? { resolutionDate: new Date(`${resolutionDate}T00:00:00Z`) } : {}) };
  return db.$transaction(async (tx) => {
    const existing = await tx.company.findUnique({ where: { rut } });
    if (existing) {
      const company = await tx.company.update({ where: { rut }, data });
      await recordAudit(tx, {
        companyId: company.id,
        subjectType: "company",
        subjectId: company.id,
        action: "company.updated",
        actor,
        data: { fields: Object.keys(data) },
      });
      return { company: companyView(company), created: false };
    }
    const missing = REQUIRED_TO_CREATE.filter((k) => data[k] === undefined);
    if (missing.length > 0) {
      throw new TimbreError(
        "company.incomplete",
        {
          es: `Para crear la empresa ${rut} faltan: ${missing.join(", ")}.`,
          en: `To create company ${rut} these are missing: ${missing.join(", ")}.`,
        },
        { fields: missing.map((field) => ({ field, message: "required to create the company" })) },
      );
    }
    const company = await tx.company.create({
      data: {
        ...data,
        rut,
        businessName: data.businessName!,
        activity: data.activity!,
        actecos: data.actecos!,
        address: data.address!,
        commune: data.commune!,
      },
    });
    await recordAudit(tx, {
      companyId: company.id,
      subjectType: "company",
      subjectId: company.id,
      action: "company.created",
      actor,
    });
    return { company: companyView(company), created: true };
  });
}
