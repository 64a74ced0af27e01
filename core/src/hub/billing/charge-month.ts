import type { BillingCharge, Company } from "@prisma/client";
import { isTimbreError, TimbreError } from "../../errors.js";
import { formatUf, formatUfValue } from "../../rules/billing/index.js";
import type { BillingMonth } from "../../rules/billing/month.js";
import { day } from "../../rules/dates.js";
import { saleDocumentRequest } from "../../rules/order/document-request.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { issueDocument, type IssueDeps } from "../documents/issue-document.js";
import { issuerData } from "../documents/process-order.js";
import { renderDocumentPdf } from "../documents/render-document-pdf.js";
import type { Mailer } from "../email/mailer.js";
import { usageBillingFor } from "../platform/usage-billing-port.js";

export interface ChargeDeps {
  db: Db;
  /** For the factura: the operator's certificate and CAFs. */
  issue: IssueDeps;
  mailer: Mailer;
  /** RUT of the hub operator's company (TIMBRE_OPERATOR_RUT): the issuer of our facturas. */
  operatorRut: string | undefined;
  now?: () => Date;
}

const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

export function monthName(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}

const clp = (n: number) => `$${n.toLocaleString("es-CL")}`;

/** "Timbre, noviembre 2026: 2.001 pedidos, 2,5 UF × $39.643,59 (UF del 30-11-2026)". */
export function chargeDescription(c: BillingCharge): string {
  const uf = c.ufValueCentavos === null ? "" : ` × $${formatUfValue(c.ufValueCentavos)} (UF del ${day(c.ufDate?.toISOString().slice(0, 10))}${c.provisional ? ", provisoria" : ""})`;
  return `Timbre, ${monthName(c.month)}: ${c.orders.toLocaleString("es-CL")} pedidos, ${formatUf(c.ufHundredths)} UF${uf}`;
}

/**
 * Charges one month once. Shopify: the usage record with the charge's idempotency key (a repeat after
 * a lost answer gets the same record back). Factura: our own DTE 33 from the operator's company, keyed
 * by the charge (a repeat finds the document), then e-mailed with the statement. A failure leaves the
 * charge "failed" with its reason, and the next run tries again.
 */
export async function chargeMonth(deps: ChargeDeps, chargeId: string): Promise<BillingCharge> {
  const { db } = deps;
  // One run at a time per charge: two monthly runs at once never both e-mail or both call Shopify
  // (Shopify's idempotency key would still make it one record). A claim older than 15 minutes is
  // a run that died, and is taken over.
  const claimed = await db.$executeRaw`
    UPDATE "BillingCharge" SET state = 'charging', "updatedAt" = now()
    WHERE id = ${chargeId}::uuid
      AND (state IN ('pending', 'failed') OR (state = 'charging' AND "updatedAt" < now() - interval '15 minutes'))`;
  const charge = await db.billingCharge.findUniqueOrThrow({ where: { id: chargeId }, include: { company: true } });
  if (claimed === 0) return charge;
  try {
    const done =
      charge.method === "factura" ? await invoice(deps, charge, charge.company) : await platformCharge(deps, charge);
    await recordAudit(db, {
      companyId: charge.companyId,
      subjectType: "billing",
      subjectId: charge.id,
      action: "billing.charged",
      actor: "hub",
      data: { month: charge.month, method: charge.method, clp: charge.clpAmount, orders: charge.orders },
    });
    return done;
  } catch (e) {
    const message = isTimbreError(e) ? e.user.es : "Error inesperado al cobrar; se reintentará.";
    return db.billingCharge.update({
      where: { id: charge.id },
      data: { state: "failed", attempts: { increment: 1 }, lastError: message.slice(0, 500) },
    });
  }
}

async function platformCharge(deps: ChargeDeps, charge: BillingCharge): Promise<BillingCharge> {
  const { db } = deps;
  const store = charge.storeId ? await db.store.findUnique({ where: { id: charge.storeId } }) : null;
  const port = store ? usageBillingFor(store) : undefined;
  const sub = store ? await db.shopifySubscription.findUnique({ where: { storeId: store.id } }) : null;
  if (!store || !port || !sub) {
    throw new TimbreError(
      "billing.no_subscription",
      {
        es: "La tienda no tiene una suscripción de cobro aprobada; apruébela desde la app en Shopify.",
        en: "The store has no approved billing subscription; approve it from the app in Shopify.",
      },
      { kind: "configuration" },
    );
  }
  if (sub.status !== "ACTIVE") {
    const status = await port.status(sub.subscriptionId);
    await db.shopifySubscription.update({ where: { storeId: store.id }, data: { status } });
    if (status !== "ACTIVE") {
      throw new TimbreError(
        "billing.subscription_not_active",
        {
          es: `La suscripción de cobro en Shopify está ${status}; el comerciante debe aprobarla en ${sub.confirmationUrl}.`,
          en: `The Shopify billing subscription is ${status}; the merchant must approve it at ${sub.confirmationUrl}.`,
        },
        { kind: "configuration" },
      );
    }
  }
  const { usageRecordId } = await port.charge({
    lineItemId: sub.lineItemId,
    amount: charge.clpAmount,
    currency: sub.currency,
    description: chargeDescription(charge),
    idempotencyKey: charge.idempotencyKey,
  });
  return db.billingCharge.update({
    where: { id: charge.id },
    data: { state: "charged", usageRecordId, chargedAt: deps.now?.() ?? new Date(), attempts: { increment: 1 }, lastError: null },
  });
}

function chileToday(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(at);
}

async function invoice(deps: ChargeDeps, charge: BillingCharge, customer: Company): Promise<BillingCharge> {
  const { db } = deps;
  const operator = deps.operatorRut ? await db.company.findUnique({ where: { rut: deps.operatorRut } }) : null;
  if (!operator) {
    throw new TimbreError(
      "billing.no_operator",
      {
        es: "Falta la empresa que factura Timbre (TIMBRE_OPERATOR_RUT); el cobro espera.",
        en: "The company that invoices Timbre is missing (TIMBRE_OPERATOR_RUT); the charge waits.",
      },
      { kind: "configuration" },
    );
  }
  const now = deps.now?.() ?? new Date();
  const request = saleDocumentRequest({
    company: issuerData(operator),
    type: 33,
    receiver: {
      rut: customer.rut,
      name: customer.businessName,
      activity: customer.activity.slice(0, 40),
      address: customer.address,
      commune: customer.commune,
      ...(customer.email ? { email: customer.email } : {}),
    },
    order: {
      lines: [
        {
          externalId: "uso",
          name: `Servicio Timbre ${monthName(charge.month)}`.slice(0, 80),
          quantity: 1,
          unitPrice: charge.clpAmount,
          discount: 0,
          exempt: false,
        },
      ],
      shipping: null,
      // The price list is in UF plus IVA: the factura's net is the month's pesos.
      pricesIncludeTax: false,
    },
    issueDate: chileToday(now),
  });
  const line = request.lines[0]!;
  line.description = chargeDescription(charge).slice(0, 1000);
  const { document } = await issueDocument(deps.issue, {
    companyId: operator.id,
    storeId: null,
    orderId: null,
    idempotencyKey: charge.idempotencyKey,
    kind: "sale",
    request,
    receiver: {
      rut: customer.rut,
      name: customer.businessName,
      activity: customer.activity.slice(0, 40),
      address: customer.address,
      commune: customer.commune,
      ...(customer.email ? { email: customer.email } : {}),
    },
    actor: "billing",
  });
  let updated = await db.billingCharge.update({ where: { id: charge.id }, data: { documentId: document.id } });
  if (customer.email) {
    const withCompany = await db.document.findUniqueOrThrow({
      where: { id: document.id },
      include: { company: true, caf: { select: { testOnly: true } } },
    });
    const pdf = await renderDocumentPdf(withCompany, withCompany.company);
    const statement = [
      `Estado de cuenta de ${monthName(charge.month)} — ${customer.businessName} (${customer.rut})`,
      "",
      `Pedidos contados: ${charge.orders.toLocaleString("es-CL")}`,
      `Plan del mes: ${formatUf(charge.ufHundredths)} UF`,
      charge.ufValueCentavos === null
        ? ""
        : `Valor UF del ${day(charge.ufDate?.toISOString().slice(0, 10))}: $${formatUfValue(charge.ufValueCentavos)}${charge.provisional ? " (provisorio: aún no se publicaba la UF del último día del mes)" : ""}`,
      `Neto: ${clp(document.netAmount)}   IVA: ${clp(document.ivaAmount)}   Total: ${clp(document.totalAmount)}`,
      "",
      `Adjuntamos la factura electrónica N° ${document.folio}.`,
    ].filter((l, i, a) => l !== "" || a[i - 1] !== "");
    await deps.mailer.send({
      to: customer.email,
      subject: `Timbre: factura de ${monthName(charge.month)} (N° ${document.folio})`,
      text: statement.join("\n"),
      html: statement.map((l) => `<p>${escapeHtml(l)}</p>`).join(""),
      attachments: [
        { filename: `factura-${document.folio}.pdf`, content: pdf, contentType: "application/pdf" },
        { filename: `factura-${document.folio}.xml`, content: Buffer.from(document.xml, "latin1"), contentType: "application/xml" },
      ],
    });
  }
  updated = await db.billingCharge.update({
    where: { id: charge.id },
    data: { state: "charged", chargedAt: now, attempts: { increment: 1 }, lastError: null },
  });
  return updated;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type { BillingMonth };
