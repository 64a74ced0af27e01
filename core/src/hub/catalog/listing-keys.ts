import type { PlatformRef } from "../platform/catalog-port.js";

/**
 * A listing's identity in its store: the platform ids when the store sent them, else its SKU. Two
 * items of one batch with the same SKU and no ids are two listings (`sku:X`, `sku:X#2`): the store
 * has a duplicate, and it is reported rather than collapsed.
 */
export function listingKey(ref: PlatformRef): string {
  return `${ref.productId}/${ref.variantId ?? ""}`;
}

export function listingKeys(items: ReadonlyArray<{ sku: string | null; ref?: PlatformRef | undefined }>): string[] {
  const seen = new Map<string, number>();
  return items.map((i) => {
    if (i.ref) return listingKey(i.ref);
    const n = (seen.get(i.sku ?? "") ?? 0) + 1;
    seen.set(i.sku ?? "", n);
    return n === 1 ? `sku:${i.sku ?? ""}` : `sku:${i.sku ?? ""}#${n}`;
  });
}
