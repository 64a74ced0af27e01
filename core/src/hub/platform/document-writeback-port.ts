import type { DocumentKind, DocumentState, Store } from "@prisma/client";

/**
 * What a store is told about a document of one of its orders: issued (folio known), then the SII's
 * verdict. The hub sends the document's current state each time, so a late or repeated call is
 * harmless; adapters must be idempotent (Shopify: metafieldsSet + tagsAdd; Jumpseller: attach the
 * PDF once, found by file name).
 */
export interface DocumentNotice {
  orderExternalId: string;
  documentId: string;
  kind: DocumentKind;
  /** SII type code: 39, 41, 33, 34, 61, 56. */
  type: number;
  /** "BOLETA ELECTRÓNICA", "NOTA DE CRÉDITO ELECTRÓNICA"… as the SII names them. */
  typeName: string;
  folio: number;
  state: DocumentState;
  total: number;
  /** Links anyone holding them can open (signed, no login): what a buyer or the store admin clicks. */
  pdfUrl: string;
  xmlUrl: string;
  /** The PDF with its timbre, rendered on demand (only adapters that upload it pay for it). */
  pdf(): Promise<Buffer>;
  /** The signed DTE as stored (ISO-8859-1 bytes), for platforms that take the XML with the PDF. */
  xml?(): Promise<Buffer>;
  /**
   * What this adapter recorded about the document on an earlier notice (the ids its platform
   * returned, an upload in progress), or null. Always given by the hub's write-back job.
   */
  writeBack?: unknown;
  /**
   * Replaces that record if it still is `expected` (compare-and-set on the document row), so two
   * write-backs of one document running at once cannot both upload it: the one that swaps first
   * goes ahead. Returns false when another writer changed it first.
   */
  swapWriteBack?(expected: unknown, next: unknown): Promise<boolean>;
}

export interface DocumentWriteBackPort {
  documentChanged(notice: DocumentNotice): Promise<void>;
}

export type DocumentWriteBackAdapters = (store: Store) => DocumentWriteBackPort | undefined;

const factories = new Map<Store["platform"], (store: Store) => DocumentWriteBackPort | undefined>();

/**
 * Platform parts register theirs when the hub starts; returns a function that undoes it (tests).
 * WooCommerce and PrestaShop register none: they read GET /api/v1/orders/{externalId}.
 */
export function registerDocumentWriteBack(
  platform: Store["platform"],
  factory: (store: Store) => DocumentWriteBackPort | undefined,
): () => void {
  factories.set(platform, factory);
  return () => {
    if (factories.get(platform) === factory) factories.delete(platform);
  };
}

/**
 * Where a store's adapter comes from when no factory was registered for its platform: the platform
 * kit's runtime (platforms/runtime), which asks the store's connector. Set when a hub opens; a slot
 * rather than an import, because the runtime imports the use cases that import this port.
 */
let kitFallback: DocumentWriteBackAdapters | undefined;

/** Returns the undo (the hub closing). */
export function setKitDocumentWriteBacks(adapters: DocumentWriteBackAdapters): () => void {
  kitFallback = adapters;
  return () => {
    if (kitFallback === adapters) kitFallback = undefined;
  };
}

export const registeredDocumentWriteBacks: DocumentWriteBackAdapters = (store) =>
  factories.get(store.platform)?.(store) ?? (factories.has(store.platform) ? undefined : kitFallback?.(store));
