import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlatformRef, StoreCatalogPort } from "../hub/platform/catalog-port.js";
import { pacedPort, type PacedPort } from "../hub/platform/paced-port.js";
import { RateLimiter } from "../hub/platform/rate-limiter.js";

export interface ContractItem {
  sku: string | null;
  title: string;
  quantity: number;
  /** Give it variants (true) or make it a product without variants. */
  variant: boolean;
}

/** What a platform adapter's test provides: the adapter, and a way to arrange and inspect the platform behind it (emulator or sandbox). */
export interface ContractSubject {
  port: StoreCatalogPort;
  /** Creates these items on the platform; returns their refs, in order. */
  seed(items: readonly ContractItem[]): Promise<PlatformRef[]>;
  /**
   * The platform cannot hold an item without a SKU (Magento): the suite seeds none. Platforms that
   * can (WooCommerce, Shopify, PrestaShop) must list it with `sku: null`.
   */
  skuRequired?: boolean;
  /** What the platform shows for an item now. */
  readQuantity(ref: PlatformRef): Promise<number | null>;
  /** A merchant edits stock in the store's admin. */
  editQuantity(ref: PlatformRef, quantity: number): Promise<void>;
  close?(): Promise<void>;
}

/**
 * The catalog port contract every platform adapter must pass (Shopify, Jumpseller, WooCommerce,
 * PrestaShop, and the fake). Call it at the top level of the adapter's test file. Requests go
 * through the same pacing the hub uses, so it also checks the declared limits are ones the platform
 * really accepts.
 */
export function describeCatalogPortContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`catalog port contract: ${name}`, () => {
    let subject: ContractSubject;
    let port: PacedPort;
    const sku = (s: string) => `${s}-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      subject = await makeSubject();
      port = pacedPort(subject.port, new RateLimiter(subject.port.limits));
    });
    afterAll(async () => {
      await subject?.close?.();
    });

    const listAll = async () => {
      const out = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await port.listListings(cursor);
        expect(page.listings.length).toBeLessThanOrEqual(port.limits.pageSize);
        out.push(...page.listings);
        cursor = page.nextCursor;
        if (++pages > 10_000) throw new Error("pagination does not end");
      } while (cursor !== null);
      return out;
    };

    it("declares usable limits", () => {
      const l = subject.port.limits;
      expect(Number.isInteger(l.inventoryBatchSize) && l.inventoryBatchSize >= 1).toBe(true);
      expect(Number.isInteger(l.pageSize) && l.pageSize >= 1).toBe(true);
      for (const r of [l.perSecond, l.perMinute]) if (r !== undefined) expect(r).toBeGreaterThan(0);
    });

    it("lists every item exactly once across pages, with string ids and the SKU as the store has it (null when missing)", async () => {
      const seeded = [
        { sku: sku("LIST-A"), title: "Polera roja M", quantity: 3, variant: true },
        { sku: sku("LIST-B"), title: "Taza", quantity: 0, variant: false },
        ...(subject.skuRequired ? [] : [{ sku: null, title: "Sin SKU", quantity: 1, variant: false }]),
      ];
      const refs = await subject.seed(seeded);
      const all = await listAll();
      for (const [i, ref] of refs.entries()) {
        const found = all.filter(
          (l) => l.ref.productId === ref.productId && (l.ref.variantId ?? "") === (ref.variantId ?? ""),
        );
        expect(found).toHaveLength(1);
        expect(typeof found[0]!.ref.productId).toBe("string");
        expect(found[0]!.sku).toBe(seeded[i]!.sku);
        expect(found[0]!.title).toContain(seeded[i]!.title.split(" ")[0]!);
        expect(found[0]!.quantity).toBe(seeded[i]!.quantity);
      }
    });

    it("sets absolute quantities, a full batch in one request, one outcome per update in order", async () => {
      const n = Math.min(port.limits.inventoryBatchSize, 250);
      const refs = await subject.seed(
        Array.from({ length: n }, (_, i) => ({
          sku: sku(`BATCH-${i}`),
          title: `Item ${i}`,
          quantity: 1,
          variant: i % 2 === 0,
        })),
      );
      const before = port.requests;
      const outcomes = await port.setInventory(
        refs.map((ref, i) => ({ ref, sku: `x${i}`, quantity: i % 7, expected: 1 })),
      );
      expect(port.requests - before).toBe(1);
      expect(outcomes).toHaveLength(n);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      for (const [i, ref] of refs.entries()) expect(await subject.readQuantity(ref)).toBe(i % 7);
    });

    it("answers an unknown item with a per-item outcome, still applying the others", async () => {
      const [ref] = await subject.seed([{ sku: sku("KNOWN"), title: "Conocido", quantity: 2, variant: false }]);
      const unknown: PlatformRef = { productId: "999999999999999999", variantId: "999999999999999998" };
      const updates = [
        { ref: unknown, sku: "NOPE", quantity: 1, expected: null },
        { ref: ref!, sku: "KNOWN", quantity: 9, expected: 2 },
      ].slice(0, Math.max(1, port.limits.inventoryBatchSize));
      const outcomes = await port.setInventory(updates);
      expect(outcomes[0]).toMatchObject({ ok: false, reason: "not_found" });
      if (updates.length > 1) {
        expect(outcomes[1]).toEqual({ ok: true });
        expect(await subject.readQuantity(ref!)).toBe(9);
      }
    });

    it("refuses a stale compare-and-set write when it supports one, and writes through otherwise", async () => {
      const [ref] = await subject.seed([{ sku: sku("CAS"), title: "Editado en tienda", quantity: 5, variant: true }]);
      await subject.editQuantity(ref!, 4);
      const [outcome] = await port.setInventory([{ ref: ref!, sku: "CAS", quantity: 7, expected: 5 }]);
      if (port.limits.compareAndSet) {
        expect(outcome).toEqual({ ok: false, reason: "stale", actual: 4 });
        expect(await subject.readQuantity(ref!)).toBe(4);
        const [forced] = await port.setInventory([{ ref: ref!, sku: "CAS", quantity: 7, expected: 4 }]);
        expect(forced).toEqual({ ok: true });
      } else {
        expect(outcome).toEqual({ ok: true });
      }
      expect(await subject.readQuantity(ref!)).toBe(7);
    });

    it("accepts zero", async () => {
      const [ref] = await subject.seed([{ sku: sku("ZERO"), title: "Agotado", quantity: 3, variant: false }]);
      expect(await port.setInventory([{ ref: ref!, sku: "ZERO", quantity: 0, expected: 3 }])).toEqual([{ ok: true }]);
      expect(await subject.readQuantity(ref!)).toBe(0);
    });

    it("is never throttled when paced by its own declared limits", async () => {
      const [ref] = await subject.seed([{ sku: sku("PACE"), title: "Ritmo", quantity: 0, variant: false }]);
      const burst = (port.limits.perSecond ?? 5) + 3;
      for (let i = 0; i < burst; i++)
        await port.setInventory([{ ref: ref!, sku: "PACE", quantity: i, expected: null }]);
      expect(port.throttled).toBe(0);
    });
  });
}
