/**
 * The Mercado Libre emulator's world: sellers, items and user products, orders grouped in packs,
 * billing data, shipments, fiscal documents and the notifications it sends. Ids are strings (as
 * digits where ML's are numbers) and go out as JSON numbers, like the real API's.
 */
export type OrderStatus =
  | "confirmed"
  | "payment_required"
  | "payment_in_process"
  | "partially_paid"
  | "paid"
  | "partially_refunded"
  | "pending_cancel"
  | "cancelled"
  | "invalid";

export interface EmuSeller {
  userId: string;
  nickname: string;
  siteId: string;
  tags: string[];
  /** Depots of a multi-warehouse seller (`warehouse_management`). */
  depots: Array<{ id: string; networkNodeId: string; description: string }>;
}

export interface EmuVariation {
  id: string;
  availableQuantity: number;
  sku: string | null;
  attributes: Array<{ name: string; value: string }>;
  userProductId: string | null;
  sold: number;
}

export interface EmuItem {
  id: string;
  sellerId: string;
  title: string;
  price: number;
  status: "active" | "paused" | "closed";
  availableQuantity: number;
  sku: string | null;
  userProductId: string | null;
  logisticType: string;
  variations: EmuVariation[];
  sold: number;
}

export interface EmuStockLocation {
  type: "selling_address" | "meli_facility" | "seller_warehouse";
  quantity: number;
  storeId?: string;
  networkNodeId?: string;
}

export interface EmuUserProduct {
  id: string;
  sellerId: string;
  locations: EmuStockLocation[];
  version: number;
}

export interface EmuOrderItem {
  itemId: string;
  variationId: string | null;
  title: string;
  sku: string | null;
  quantity: number;
  unitPrice: number;
}

export interface EmuOrder {
  id: string;
  sellerId: string;
  status: OrderStatus;
  packId: string | null;
  dateCreated: string;
  lastUpdated: string;
  items: EmuOrderItem[];
  buyer: { id: string; nickname: string; firstName: string; lastName: string };
  billingInfoId: string | null;
  shipmentId: string | null;
  refunded: number;
  shippingCost: number;
}

export interface EmuPack {
  id: string;
  sellerId: string;
  orderIds: string[];
  shipmentId: string | null;
  dateCreated: string;
}

export interface EmuShipment {
  id: string;
  sellerId: string;
  mode: "me1" | "me2" | "custom" | "not_specified";
  logisticType: string;
  status: string;
  substatus: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** What the seller sent to /seller_notifications, in order. */
  sellerNotifications: unknown[];
}

/** The buyer's billing data, as `/orders/billing-info/{site}/{id}` returns it under `buyer.billing_info`. */
export interface EmuBillingInfo {
  id: string;
  siteId: string;
  buyerCustId: string;
  info: Record<string, unknown>;
}

export interface EmuFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
}

export interface EmuFiscalDocument {
  /** The pack (or order, for an order without pack) it was uploaded to. */
  packId: string;
  files: EmuFile[];
  uploadedAt: string;
}

export interface EmuNotification {
  _id: string;
  resource: string;
  user_id: string;
  topic: string;
  application_id: string;
  attempts: number;
  sent: string;
  received: string;
}

export interface EmuDelivery {
  notification: EmuNotification;
  status: number;
  ms: number;
}

export interface TokenUse {
  grant: "authorization_code" | "refresh_token";
  /** The code or refresh token presented. */
  presented: string;
  ok: boolean;
  at: number;
  error?: string;
}

export class EmulatorWorld {
  sellers = new Map<string, EmuSeller>();
  items = new Map<string, EmuItem>();
  userProducts = new Map<string, EmuUserProduct>();
  orders = new Map<string, EmuOrder>();
  packs = new Map<string, EmuPack>();
  shipments = new Map<string, EmuShipment>();
  billing = new Map<string, EmuBillingInfo>();
  fiscalDocuments = new Map<string, EmuFiscalDocument[]>();
  /** Every POST to /packs/{id}/fiscal_documents, accepted or not. */
  uploads: Array<{ packId: string; status: number; fields: string[]; sizes: number[]; contentTypes: string[] }> = [];
  stockWrites: Array<{ path: string; body: unknown; status: number; version?: string | null }> = [];
  itemWrites: Array<{ itemId: string; body: unknown; status: number }> = [];
  deliveries: EmuDelivery[] = [];
  missedFeeds: EmuNotification[] = [];
  tokenUses: TokenUse[] = [];
  throttle: { remaining: number; pathPrefix: string | null } = { remaining: 0, pathPrefix: null };
  /** User products whose next stock write meets a sale landing first (units sold), as a real race would. */
  raceNextStockWrite = new Map<string, number>();
  throttled = 0;
  requests: Array<{ method: string; path: string; status: number }> = [];

  private seq = 0;
  private orderSeq = 2_000_008_000_000_000;
  private packSeq = 2_000_005_000_000_000;
  private shipSeq = 44_000_000_000;
  private itemSeq = 1_500_000_000;

  next(): number {
    return ++this.seq;
  }
  nextOrderId(): string {
    return String(++this.orderSeq);
  }
  nextPackId(): string {
    return String(++this.packSeq);
  }
  nextShipmentId(): string {
    return String(++this.shipSeq);
  }
  nextItemId(site = "MLC"): string {
    return `${site}${++this.itemSeq}`;
  }

  seller(userId: string): EmuSeller {
    const s = this.sellers.get(userId);
    if (!s) throw new Error(`no emulated seller ${userId}`);
    return s;
  }
}
