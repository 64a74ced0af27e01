import type { Company } from "@prisma/client";
import type { SigningCertificate } from "../../rules/dte/certificate.js";
import type { Prisma } from "@prisma/client";
import type { Mailer } from "../email/mailer.js";
import type { SiiClient } from "../sii/client.js";
import type { IssueDeps } from "./issue-document.js";

/** How the order pipeline reaches the catalog and stock (issue 6); optional so invoicing works alone. */
export interface OrderStockHooks {
  /** SKUs of the order that the company's catalog does not know, or the store lists twice. */
  skuProblems(
    db: Prisma.TransactionClient,
    store: { id: string; companyId: string },
    skus: string[],
  ): Promise<{ unknown: string[]; duplicated: string[] }>;
  /** A placed, paid or held order holds its units back from what stores show. */
  reserve(tx: Prisma.TransactionClient, order: { id: string; storeId: string; lines: Prisma.JsonValue }): Promise<void>;
  /** Its document is issued: the reservation becomes a sale movement. */
  consume(tx: Prisma.TransactionClient, orderId: string): Promise<void>;
  /** Cancelled before issuing: the units are free again. */
  release(tx: Prisma.TransactionClient, orderId: string): Promise<void>;
}

export interface PipelineDeps extends IssueDeps {
  mailer: Mailer;
  siiClientFor(company: Pick<Company, "environment">, cert: SigningCertificate): SiiClient;
  stock?: OrderStockHooks;
  /** Between status queries while the SII processes an envelope. */
  pollIntervalMs: number;
  /** How long the SII must keep saying "not received" before a document is sent again (sii.check). */
  notReceivedGraceMs?: number;
}
