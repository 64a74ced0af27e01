import { folioStock } from "../documents/allocate-folio.js";
import type { Db } from "../db/prisma-client.js";
import { companyView, type CompanyView } from "./company-view.js";

export interface OnboardingStatus {
  company: CompanyView | null;
  certificate: { subject: string; rut: string | null; validTo: string; expired: boolean } | null;
  cafs: Array<{
    type: number;
    from: number;
    to: number;
    nextFolio: number;
    expiresAt: string | null;
    testOnly: boolean;
  }>;
  foliosLeft: Array<{ type: number; remaining: number }>;
  steps: { company: boolean; certificate: boolean; caf: boolean; environment: "certification" | "production" | null };
}

/** Where a company is in onboarding: what is loaded, and which steps are done. */
export async function onboardingStatus(
  db: Db,
  companyId: string | null,
  at: Date = new Date(),
): Promise<OnboardingStatus> {
  if (!companyId) {
    return {
      company: null,
      certificate: null,
      cafs: [],
      foliosLeft: [],
      steps: { company: false, certificate: false, caf: false, environment: null },
    };
  }
  const company = await db.company.findUniqueOrThrow({ where: { id: companyId } });
  const [cert, cafs, stock] = await Promise.all([
    db.certificate.findFirst({ where: { companyId, active: true }, orderBy: { createdAt: "desc" } }),
    db.caf.findMany({
      where: { companyId, state: "active" },
      orderBy: [{ documentType: "asc" }, { folioFrom: "asc" }],
    }),
    db.$transaction((tx) => folioStock(tx, companyId, at)),
  ]);
  return {
    company: companyView(company),
    certificate: cert
      ? {
          subject: cert.subjectName,
          rut: cert.subjectRut,
          validTo: cert.notAfter.toISOString(),
          expired: cert.notAfter <= at,
        }
      : null,
    cafs: cafs.map((c) => ({
      type: c.documentType,
      from: c.folioFrom,
      to: c.folioTo,
      nextFolio: c.nextFolio,
      expiresAt: c.expiresAt?.toISOString().slice(0, 10) ?? null,
      testOnly: c.testOnly,
    })),
    foliosLeft: stock.map((s) => ({ type: s.documentType, remaining: s.remaining })),
    steps: {
      company: true,
      certificate: cert !== null && cert.notAfter > at,
      caf: stock.some((s) => s.remaining > 0),
      environment: company.environment,
    },
  };
}
