/** The sync-API answers the admin app reads (see core's /api/v1/openapi.json). */
export interface CompanyData {
  rut: string;
  name: string;
  activity: string;
  acteco: string;
  address: string;
  commune: string;
  city: string;
}

export interface Onboarding {
  company: CompanyData | null;
  certificate: { subjectName: string; notAfter: string } | null;
  folios: Array<{ documentType: number; remaining: number; expiresAt: string | null }>;
  ready: boolean;
}

export interface DocumentRow {
  id: string;
  kind: "sale" | "credit_note";
  type: number;
  folio: number;
  state: string;
  issueDate: string;
  total: number;
}

export interface OrderRow {
  externalId: string;
  number: string | null;
  status: string;
  updatedAt: string;
  documents: DocumentRow[];
  pendingReasons: Array<{ code: string; message: string }>;
}

export interface SyncStatus {
  run: {
    state: "running" | "done" | "failed";
    done: number;
    total: number;
    etaSeconds: number | null;
    startedAt: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
  report: { counts: { listings: number; matched: number; unmatched: number; duplicate: number; missingSku: number } };
  publish: { pending: number; lastPublishedAt: string | null };
}

export interface StoreSettings {
  issueOn: "payment" | "delivery";
  defaultDocument: "boleta" | "factura";
  emailDocuments: boolean;
}
