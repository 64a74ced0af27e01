import type { Company } from "@prisma/client";

/**
 * The SII resolution that authorizes the company to issue, as envelopes and printed documents
 * state it. A company without a date yet (certification, demo) gets the earliest the SII accepts.
 */
export function companyResolution(c: Pick<Company, "resolutionNumber" | "resolutionDate">): {
  number: number;
  date: string;
} {
  return { number: c.resolutionNumber, date: c.resolutionDate?.toISOString().slice(0, 10) ?? "2000-01-01" };
}
