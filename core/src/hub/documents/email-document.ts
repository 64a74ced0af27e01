import { z } from "zod";
import type { Buyer } from "../../rules/order/normalized-order.js";
import { recordAudit } from "../audit/record-audit.js";
import { documentEmail } from "../email/document-email.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { renderDocumentPdf } from "./render-document-pdf.js";
import { readStoreSettings } from "../stores/store-settings.js";

const Payload = z.object({ documentId: z.uuid() });

/** `document.email`: the PDF and the XML to the buyer, once. No address, no e-mail (and it says so). */
export function emailDocumentJob(deps: PipelineDeps): JobHandler {
  return async (payload) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("document.email payload");
    const { db } = deps;
    const doc = await db.document.findUnique({
      where: { id: parsed.data.documentId },
      include: { company: true, order: true, store: true, caf: { select: { testOnly: true } } },
    });
    if (!doc || doc.emailedAt) return;
    const buyer = (doc.order?.buyer ?? {}) as Partial<Buyer>;
    const to = (doc.receiver as { email?: string }).email ?? buyer.email;
    const audit = (action: string, data: Record<string, string | number>) =>
      recordAudit(db, {
        companyId: doc.companyId,
        ...(doc.storeId ? { storeId: doc.storeId } : {}),
        subjectType: doc.orderId ? "order" : "document",
        subjectId: doc.orderId ?? doc.id,
        action,
        actor: "hub",
        data: { documentId: doc.id, type: doc.type, folio: doc.folio, ...data },
      });
    if (doc.store && !readStoreSettings(doc.store.settings).emailBuyer) {
      await audit("document.email_skipped", { reason: "la tienda no envía documentos por correo" });
      return;
    }
    if (!to) {
      await audit("document.email_skipped", { reason: "sin correo del comprador" });
      return;
    }
    const pdf = await renderDocumentPdf(doc, doc.company);
    await deps.mailer.send(
      documentEmail({
        to,
        buyerName: buyer.name,
        issuer: { businessName: doc.company.businessName, rut: doc.company.rut },
        type: doc.type,
        folio: doc.folio,
        total: doc.totalAmount,
        issueDate: doc.issueDate.toISOString().slice(0, 10),
        orderNumber: doc.order?.number ?? undefined,
        pdf,
        xml: Buffer.from(doc.xml, "latin1"),
      }),
    );
    await db.document.update({ where: { id: doc.id }, data: { emailedAt: new Date() } });
    await audit("document.emailed", { to });
  };
}
