import type { Company, Document } from "@prisma/client";
import { renderPdf } from "../../rules/dte/pdf.js";
import { companyResolution } from "./company-resolution.js";

/** The printed representation (with its PDF417 timbre) of a stored document. */
export function renderDocumentPdf(
  doc: Pick<Document, "xml">,
  company: Pick<Company, "resolutionNumber" | "resolutionDate">,
): Promise<Buffer> {
  return renderPdf(doc.xml, { resolution: companyResolution(company) });
}
