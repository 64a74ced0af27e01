import type { Company } from "@prisma/client";

/** What the CLI and API show of a company: plain JSON, dates as YYYY-MM-DD. */
export interface CompanyView {
  id: string;
  rut: string;
  businessName: string;
  activity: string;
  actecos: number[];
  address: string;
  commune: string;
  city: string;
  email: string | null;
  resolution: { number: number; date: string | null };
  environment: "certification" | "production";
  lowFolioThreshold: number;
  siiOffice: string;
  printCedible: boolean;
}

export function companyView(c: Company): CompanyView {
  return {
    id: c.id,
    rut: c.rut,
    businessName: c.businessName,
    activity: c.activity,
    actecos: c.actecos,
    address: c.address,
    commune: c.commune,
    city: c.city,
    email: c.email,
    resolution: {
      number: c.resolutionNumber,
      date: c.resolutionDate ? c.resolutionDate.toISOString().slice(0, 10) : null,
    },
    environment: c.environment,
    lowFolioThreshold: c.lowFolioThreshold,
    siiOffice: c.siiOffice,
    printCedible: c.printCedible,
  };
}
