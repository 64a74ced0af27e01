import type { Company, Document } from "@prisma/client";
import { renderPdf } from "../../rules/dte/pdf.js";

/** The printed representation (with its PDF417 timbre) of a stored document. */
export function renderDocumentPdf(
  doc: Pick<Document, "xml">,
  company: Pick<Company, "resolutionNumber" | "resolutionDate">,
): Promise<Buffer> {
  const resolution = {
    number: company.resolutionNumber,
    date: company.resolutionDate?.toISOString().slice(0, 10) ?? "2000-01-01",
  };
  return renderPdf(doc.xml, { resolution });
}
