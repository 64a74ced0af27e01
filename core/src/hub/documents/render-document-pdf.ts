import type { Caf, Company, Document } from "@prisma/client";
import { renderPdf } from "../../rules/dte/pdf.js";
import { companyResolution } from "./company-resolution.js";

export const TEST_CAF_NOTICE = "DOCUMENTO DE PRUEBA (CAF DE PRUEBA) · SIN VALIDEZ TRIBUTARIA";

/**
 * The printed representation (with its PDF417 timbre) of a stored document, as the company prints
 * it: its SII office, the CEDIBLE copy when it asked for one, and a plain notice when the folios
 * came from a test CAF (the demo's) — a certification CAF says so by itself.
 */
export function renderDocumentPdf(
  doc: Pick<Document, "xml"> & { caf: Pick<Caf, "testOnly"> },
  company: Pick<Company, "resolutionNumber" | "resolutionDate" | "siiOffice" | "printCedible">,
): Promise<Buffer> {
  return renderPdf(doc.xml, {
    resolution: companyResolution(company),
    ...(company.siiOffice ? { siiOffice: company.siiOffice } : {}),
    cedible: company.printCedible,
    ...(doc.caf.testOnly ? { noTaxValue: TEST_CAF_NOTICE } : {}),
  });
}
