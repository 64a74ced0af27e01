import { join } from "node:path";
import type { SigningCertificate } from "../../rules/dte/certificate.js";
import type { Db } from "../db/prisma-client.js";
import { createMailer, type Mailer } from "../email/mailer.js";
import type { JobHandler, KindPolicy } from "../jobs/worker.js";
import { PROCESS_ORDER_JOB } from "../orders/ingest-order.js";
import { PROCESS_REFUND_JOB } from "../orders/record-refund.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { createSiiClient, type SiiClient } from "../sii/client.js";
import type { TransportOptions } from "../sii/transport.js";
import { seedSignerFor } from "../sii/seed-signer.js";
import { emailDocumentJob } from "./email-document.js";
import { SEND_JOB } from "./issue-document.js";
import type { OrderStockHooks, PipelineDeps } from "./pipeline-deps.js";
import { EMAIL_JOB, pollEnvelopeJob } from "./poll-envelope.js";
import { processOrderJob } from "./process-order.js";
import { processRefundJob } from "./process-refund.js";
import { POLL_JOB, sendEnvelopeJob } from "./send-envelope.js";
import { createSigningMaterial } from "./signing-material.js";
import { WRITEBACK_JOB, writeBackDocumentJob } from "./write-back-document.js";
import { RECONCILE_JOB, reconcileJob } from "./reconcile-pipeline.js";
import { CHECK_JOB, checkDocumentsJob } from "./check-documents.js";
import type { DocumentWriteBackAdapters } from "../platform/document-writeback-port.js";

export interface PipelineOptions {
  db: Db;
  encryptor: Encryptor;
  dataDir: string;
  /** Every SII host at one URL (the emulator); unset: the SII's own hosts per environment. */
  siiBaseUrl: string | undefined;
  siiKeys: Record<number, string>;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailer?: Mailer;
  stock?: OrderStockHooks;
  /** Where the hub is reachable from outside, for document links written back to stores. */
  publicUrl?: string;
  /** Which stores are told about their documents; defaults to the adapters platform parts registered. */
  writeBack?: DocumentWriteBackAdapters;
  boletaLingerMs?: number;
  pollIntervalMs?: number;
  /** See check-documents.ts (default 10 minutes). */
  notReceivedGraceMs?: number;
  /** Timeouts and retries of each SII request (the job's own backoff comes on top). */
  siiTransport?: TransportOptions;
  now?: () => Date;
}

/** Talking to the SII is cheap to retry: after an outage documents go out within a minute of its return. */
const SII_BACKOFF = { baseMs: 2_000, maxMs: 60_000, jitter: 0.3 };
const ALL_SLOTS = 1_000;

/**
 * How the pipeline's jobs share a worker: issuing and sending first and on every slot (sends are
 * one at a time per company and channel by their dedupe key); following the SII next; e-mail and
 * telling the stores last and on two slots each, so a slow mail server never holds a boleta back.
 */
export const PIPELINE_KINDS: Record<string, KindPolicy> = {
  [PROCESS_ORDER_JOB]: { priority: 10, concurrency: ALL_SLOTS },
  [PROCESS_REFUND_JOB]: { priority: 10, concurrency: ALL_SLOTS },
  [SEND_JOB]: { priority: 10, concurrency: ALL_SLOTS, backoff: SII_BACKOFF },
  [POLL_JOB]: { priority: 20, concurrency: ALL_SLOTS, backoff: SII_BACKOFF },
  [CHECK_JOB]: { priority: 20, backoff: SII_BACKOFF },
  [RECONCILE_JOB]: { priority: 30, concurrency: 1 },
  [EMAIL_JOB]: { priority: 60, concurrency: 2 },
  [WRITEBACK_JOB]: { priority: 60, concurrency: 2 },
};

/** The issuing pipeline (ARCHITECTURE.md steps 3–7) as job handlers, with what they share. */
export function createPipeline(o: PipelineOptions): { deps: PipelineDeps; handlers: Record<string, JobHandler> } {
  const clients = new Map<string, SiiClient>();
  const deps: PipelineDeps = {
    db: o.db,
    material: createSigningMaterial(o.db, o.encryptor),
    siiKeys: o.siiKeys,
    boletaLingerMs: o.boletaLingerMs ?? 2_000,
    pollIntervalMs: o.pollIntervalMs ?? 5_000,
    mailer: o.mailer ?? createMailer({ smtpUrl: o.smtpUrl, from: o.mailFrom, outboxDir: join(o.dataDir, "outbox") }),
    ...(o.stock ? { stock: o.stock } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.notReceivedGraceMs !== undefined ? { notReceivedGraceMs: o.notReceivedGraceMs } : {}),
    // One client (and so one token cache) per environment and signer.
    siiClientFor(company, cert: SigningCertificate) {
      const key = `${company.environment}:${cert.certificateBase64.slice(-32)}`;
      let client = clients.get(key);
      if (!client) {
        client = createSiiClient({
          ...o.siiTransport,
          environment: company.environment,
          ...(o.siiBaseUrl ? { baseUrl: o.siiBaseUrl } : {}),
          signSeed: seedSignerFor(cert),
        });
        clients.set(key, client);
      }
      return client;
    },
  };
  return {
    deps,
    handlers: {
      [PROCESS_ORDER_JOB]: processOrderJob(deps),
      [PROCESS_REFUND_JOB]: processRefundJob(deps),
      [SEND_JOB]: sendEnvelopeJob(deps),
      [POLL_JOB]: pollEnvelopeJob(deps),
      [EMAIL_JOB]: emailDocumentJob(deps),
      [CHECK_JOB]: checkDocumentsJob(deps),
      [RECONCILE_JOB]: reconcileJob({ db: o.db, ...(o.now ? { now: o.now } : {}) }),
      [WRITEBACK_JOB]: writeBackDocumentJob({
        db: o.db,
        encryptor: o.encryptor,
        publicUrl: o.publicUrl ?? "http://localhost:3000",
        ...(o.writeBack ? { adapters: o.writeBack } : {}),
      }),
    },
  };
}
