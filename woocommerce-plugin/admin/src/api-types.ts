/** The sync-API answers the admin app reads (see core's /api/v1/openapi.json). */
export interface CompanyData {
  rut: string;
  businessName: string;
  activity: string;
  actecos: number[];
  address: string;
  commune: string;
  city: string;
}

/** GET onboarding (core's onboardingStatus). */
export interface Onboarding {
  company: CompanyData | null;
  certificate: { subject: string; rut: string | null; validTo: string; expired: boolean } | null;
  cafs: Array<{
    type: number;
    from: number;
    to: number;
    nextFolio: number;
    expiresAt: string | null;
    testOnly: boolean;
  }>;
  foliosLeft: Array<{ type: number; remaining: number }>;
  steps: { company: boolean; certificate: boolean; caf: boolean };
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
  emailBuyer: boolean;
}

/** GET billing/usage (core's companyUsage). */
export interface BillingUsage {
  month: string;
  ordersCounted: number;
  stores: Array<{ platform: string; shop: string; orders: number }>;
  tier: { code: string; from: number; to: number | null };
  uf: string;
  ufValue: { date: string; wantedDate: string; value: string } | null;
  clp: number | null;
  provisional: boolean;
  provisionalReasons: Array<"month_open" | "uf_missing" | "uf_not_loaded">;
  fairUse: Array<{ code: string; message: { es: string } }>;
}
