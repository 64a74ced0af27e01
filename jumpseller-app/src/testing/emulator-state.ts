import { randomBytes } from "node:crypto";

/**
 * The data one emulated Jumpseller store holds, shaped like the API's resources
 * (shared/fixtures/jumpseller/openapi.stripped.json). Ids are integers, as Jumpseller sends them.
 */
export interface EmuVariant {
  id: number;
  sku: string | null;
  price: number;
  stock: number;
  stock_unlimited: boolean;
  options: Array<{ name: string; value: string }>;
}

export interface EmuProduct {
  id: number;
  name: string;
  sku: string | null;
  price: number;
  stock: number;
  stock_unlimited: boolean;
  status: "available" | "not-available" | "disabled";
  images: Array<{ id: number; position: number; url: string }>;
  variants: EmuVariant[];
  created_at: string;
  updated_at: string;
}

export interface EmuCheckoutField {
  id: number;
  label: string;
  type: "text" | "select" | "input" | "checkbox" | "date";
  area: "contact" | "billing_shipping" | "other";
  required: boolean;
  position: number;
  deletable: boolean;
  custom_field_select_options: string[];
}

export interface EmuHook {
  id: number;
  name: string | null;
  event: string;
  url: string;
  created_at: string;
  /** Not in the API's answer: Jumpseller pauses a hook after 8 failed deliveries and only e-mails about it. */
  failures: number;
  paused: boolean;
}

export interface EmuDocument {
  document_type: 0 | 1;
  external_id: string;
  public_id: string;
  url: string;
  order_id: number;
  app_code: string;
}

export interface EmuFulfillment {
  id: number;
  order_id: number;
  type: string;
  location_id: string;
  tracking_number: string | null;
  tracking_company: string | null;
  tracking_url: string | null;
  shipment_status: "requested" | "in_transit" | "delivered" | "failed";
  created_at: string;
  updated_at: string;
}

export type StatusEnum = "paid" | "pending_payment" | "canceled" | "abandoned";

/** An order as the API returns it (the fields the app reads, plus the translated status texts). */
export type EmuOrder = Record<string, unknown> & { id: number; status_enum: StatusEnum };

export interface EmuStore {
  code: string;
  name: string;
  hooksToken: string;
  email: string;
  products: Map<number, EmuProduct>;
  orders: Map<number, EmuOrder>;
  customFields: Map<number, EmuCheckoutField>;
  hooks: Map<number, EmuHook>;
  documents: Map<number, EmuDocument[]>;
  fulfillments: Map<number, EmuFulfillment>;
  history: Map<number, Array<{ message: string; log: boolean; created_at: string }>>;
  locations: Array<{ id: number; name: string; main: boolean; active: boolean; is_stock_origin: boolean }>;
  /** Start times of API requests this store accepted (for the rate limit and for tests). */
  accepted: number[];
  throttled: number;
  /** Every API request with its answer (method, path, status, time). */
  requestLog: Array<{ at: number; method: string; path: string; status: number }>;
  /** Every stock write the API accepted, with its time: tests check the pace. */
  stockWrites: Array<{ at: number; productId: number; variantId: number | null; stock: number }>;
}

/** Status texts as a Spanish store shows them: what `status` carries, and why code must branch on `status_enum`. */
export const STATUS_TEXT: Record<StatusEnum, string> = {
  paid: "Pagado",
  pending_payment: "Pendiente de Pago",
  canceled: "Cancelado",
  abandoned: "Abandonado",
};

export function newStore(code: string, name = code): EmuStore {
  return {
    code,
    name,
    hooksToken: randomBytes(16).toString("hex"),
    email: `admin@${code}.example`,
    products: new Map(),
    orders: new Map(),
    customFields: new Map(),
    hooks: new Map(),
    documents: new Map(),
    fulfillments: new Map(),
    history: new Map(),
    locations: [{ id: 269115, name: "Bodega principal", main: true, active: true, is_stock_origin: true }],
    accepted: [],
    throttled: 0,
    requestLog: [],
    stockWrites: [],
  };
}

/** "2026-05-01 10:30:00 UTC", the timestamp format of the API. */
export function jsTime(d = new Date()): string {
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}
