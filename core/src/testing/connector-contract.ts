import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../hub/config.js";
import { openHub, type Hub } from "../hub/hub.js";
import type { DocumentNotice } from "../hub/platform/document-writeback-port.js";
import type { AnyConnector } from "../hub/platforms/connector.js";
import type { StoreContext } from "../hub/platforms/context.js";
import { getConnector, registerConnector } from "../hub/platforms/registry.js";
import { createStore } from "../hub/stores/create-store.js";
import { describeCatalogPortContract, type ContractSubject } from "./platform-contract.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

/**
 * The contract every platform connector passes (`@timbre/core/testing/connector-contract`), run
 * through the platform kit's real runtime over a test database — the StoreContext a connector gets
 * in production, not a stand-in: order reading (ingested, idempotent, not found, unreadable as a
 * problem), the sweep, document write-back, fulfillment, uninstall, and the catalog port contract.
 * What the connector does not declare (no `documents`, no `sweep`…) is not asked of it.
 *
 *     describeConnectorContract("WooCommerce (emulator)", connector, async (hub) => ({ … }));
 */
export interface ContractOrderLine {
  sku: string;
  name: string;
  quantity: number;
  /** Gross CLP per unit. */
  unitPrice: number;
}

export interface ConnectorContractHub {
  /** Where the hub says it is (document links). */
  publicUrl: string;
}

export interface ConnectorContractSubject {
  /** The store as it is connected to the platform under test (its emulator or sandbox). */
  store: {
    shopDomain: string;
    credentials?: unknown;
    /** The connector's own settings (`Store.settings[<id>]`). */
    settings?: Record<string, unknown>;
  };
  orders: {
    /** Places a paid order with these lines on the platform; returns its platform id. */
    createPaid(lines: readonly ContractOrderLine[]): Promise<string>;
    /** Places an order the platform returns but that cannot be used (no lines, garbage amounts). */
    createUnreadable?(): Promise<string>;
    /** An id the platform has no order for (default "999999999"). */
    missingId?: string;
  };
  /** What the platform shows of our document on an order (required when the connector has `documents`). */
  documents?: { read(orderId: string): Promise<{ folio?: string; pdfUrl?: string } | undefined> };
  /** What the platform shows of the shipment (required when the connector has `fulfillment`). */
  fulfillment?: {
    read(orderId: string): Promise<{ trackingNumber?: string | undefined; completed: boolean } | undefined>;
  };
  /** After an uninstall started from Timbre: whether the platform still has our hooks or token. */
  stillConnected?(): Promise<boolean>;
  /** Arranging the platform's catalog (required when the connector has `catalog`). */
  catalog?: Omit<ContractSubject, "port">;
  close?(): Promise<void>;
}

type AnyStore = StoreContext<unknown, Record<string, unknown>>;

export function describeConnectorContract(
  name: string,
  connector: AnyConnector,
  makeSubject: (hub: ConnectorContractHub) => Promise<ConnectorContractSubject>,
): void {
  describe(`connector contract: ${name}`, () => {
    const publicUrl = "https://hub.example";
    let tdb: TestDatabase;
    let hub: Hub;
    let subject: ConnectorContractSubject;
    let companyId: string;
    let undo: (() => void) | undefined;
    let n = 0;
    const stores: string[] = [];

    async function newStore(): Promise<AnyStore> {
      const s = await createStore(hub.db, hub.encryptor, {
        companyId,
        platform: connector.id,
        name: `Contrato ${++n}`,
        shopDomain: n === 1 ? subject.store.shopDomain : `${n}.${subject.store.shopDomain}`,
        ...(subject.store.credentials !== undefined ? { credentials: subject.store.credentials } : {}),
        ...(subject.store.settings ? { platformSettings: subject.store.settings } : {}),
        actor: "contract",
      });
      stores.push(s.id);
      return (await hub.platforms.platform(connector.id).getStore(s.id))!;
    }
    let store: AnyStore;
    const lines: ContractOrderLine[] = [
      { sku: "CT-CAFE", name: "Café de grano", quantity: 2, unitPrice: 5_990 },
      { sku: "CT-TAZA", name: "Taza", quantity: 1, unitPrice: 3_500 },
    ];
    const hubOrder = (externalId: string) =>
      hub.db.order.findUnique({ where: { storeId_externalId: { storeId: store.id, externalId } } });

    beforeAll(async () => {
      if (getConnector(connector.id) !== connector) undo = registerConnector(connector);
      tdb = await createTestDatabase();
      hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_PUBLIC_URL: publicUrl }), {
        role: "cli",
        migrate: false,
      });
      const company = await hub.db.company.create({
        data: {
          rut: "76192083-9",
          businessName: "Contrato SpA",
          activity: "Venta por internet",
          actecos: [479100],
          address: "Av. Siempre Viva 742",
          commune: "Providencia",
        },
      });
      companyId = company.id;
      subject = await makeSubject({ publicUrl });
      store = await newStore();
    });
    afterAll(async () => {
      await subject?.close?.();
      await hub?.close();
      await tdb?.close();
      undo?.();
    });

    if (connector.readOrder) {
      it("reads a paid order from the platform and the kit ingests it with its lines, idempotently", async () => {
        const id = await subject.orders.createPaid(lines);
        const first = await store.orders.sync(id);
        expect(first).toMatchObject({ kind: "ingested", status: "paid", changed: true });
        const order = await hubOrder(id);
        const got = (order!.lines as Array<{ sku?: string; quantity: number; unitPrice: number; discount: number }>)
          .map((l) => ({ sku: l.sku, quantity: l.quantity, total: l.quantity * l.unitPrice - l.discount }))
          .sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
        expect(got).toEqual([
          { sku: "CT-CAFE", quantity: 2, total: 11_980 },
          { sku: "CT-TAZA", quantity: 1, total: 3_500 },
        ]);
        expect(await store.orders.sync(id)).toMatchObject({ kind: "ingested", changed: false });
      });

      it("an order the platform does not have is not_found, and nothing is recorded", async () => {
        const missing = subject.orders.missingId ?? "999999999";
        expect(await store.orders.sync(missing)).toEqual({ kind: "not_found" });
        expect(await hubOrder(missing)).toBeNull();
      });

      it("an unreadable order is a problem the merchant sees on the store, not an error to retry", async () => {
        if (!subject.orders.createUnreadable) return;
        const id = await subject.orders.createUnreadable();
        const outcome = await store.orders.sync(id);
        expect(outcome.kind).toBe("unreadable");
        const problems = await store.problems.list();
        expect(problems.some((p) => p.code === "order.unreadable" && p.orderExternalId === id)).toBe(true);
        expect(await hubOrder(id)).toBeNull();
      });
    }

    if (connector.sweep) {
      it("the sweep finds a new paid order and returns a cursor the next run starts from", async () => {
        const id = await subject.orders.createPaid(lines.slice(0, 1));
        const { cursor } = await connector.sweep!.run(store, null);
        expect(cursor === null || typeof cursor === "string").toBe(true);
        expect(await hubOrder(id)).toMatchObject({ status: "paid" });
        await expect(connector.sweep!.run(store, cursor)).resolves.toHaveProperty("cursor");
        expect(connector.sweep!.everyMs).toBeGreaterThan(0);
      });
    }

    if (connector.documents) {
      it("writes the document's folio and PDF link on the order, and converges when told again", async () => {
        if (!subject.documents) throw new Error("the subject must say how to read written-back documents");
        const id = await subject.orders.createPaid(lines.slice(0, 1));
        await store.orders.sync(id);
        const port = connector.documents!(store);
        expect(port).toBeDefined();
        const notice: DocumentNotice = {
          orderExternalId: id,
          documentId: "00000000-0000-4000-8000-000000000001",
          kind: "sale",
          type: 39,
          typeName: "Boleta electrónica",
          folio: 4321,
          state: "accepted",
          total: 11_980,
          pdfUrl: `${publicUrl}/d/contract.pdf`,
          xmlUrl: `${publicUrl}/d/contract.xml`,
          pdf: async () => Buffer.from("%PDF-1.4 contract"),
          xml: async () => Buffer.from("<DTE/>"),
        };
        await port!.documentChanged(notice);
        await port!.documentChanged(notice);
        const shown = await subject.documents.read(id);
        expect(shown?.folio).toBe("4321");
        if (shown?.pdfUrl !== undefined) expect(shown.pdfUrl).toBe(notice.pdfUrl);
      });
    }

    if (connector.fulfillment) {
      it("writes tracking when shipped and marks the order delivered when completed", async () => {
        if (!subject.fulfillment) throw new Error("the subject must say how to read the platform's fulfillment");
        const id = await subject.orders.createPaid(lines.slice(0, 1));
        await store.orders.sync(id);
        const port = connector.fulfillment!(store);
        expect(port).toBeDefined();
        const tracking = { number: "TMB-CT-1", carrier: "Timbre", url: `${publicUrl}/t/TMB-CT-1` };
        await port!.markFulfilled(id, { status: "shipped", tracking });
        expect(await subject.fulfillment.read(id)).toMatchObject({ trackingNumber: "TMB-CT-1", completed: false });
        await port!.markFulfilled(id, { status: "completed", tracking });
        await port!.markFulfilled(id, { status: "completed", tracking });
        expect(await subject.fulfillment.read(id)).toMatchObject({ completed: true });
      });
    }

    if (connector.catalog) {
      describeCatalogPortContract(`${name} (through the kit's StoreContext)`, async () => {
        if (!subject.catalog) throw new Error("the subject must say how to arrange the platform's catalog");
        const port = connector.catalog!(store);
        if (!port) throw new Error("catalog(store) is undefined for an installed store");
        return { port, ...subject.catalog };
      });
    }

    it("uninstall from Timbre: the platform side is disconnected, credentials forgotten, adapters gone, orders kept", async () => {
      const s = await newStore();
      if (connector.readOrder) {
        const id = await subject.orders.createPaid(lines.slice(0, 1));
        await s.orders.sync(id);
      }
      const ordersBefore = await hub.db.order.count({ where: { storeId: s.id } });
      await s.uninstall({ actor: "contract", platformKnows: false });
      const after = (await hub.platforms.platform(connector.id).getStore(s.id))!;
      expect(after.installed).toBe(false);
      expect(await after.credentials.read()).toBeUndefined();
      expect(connector.catalog?.(after)).toBeUndefined();
      expect(connector.documents?.(after)).toBeUndefined();
      expect(connector.fulfillment?.(after)).toBeUndefined();
      expect(await hub.db.order.count({ where: { storeId: s.id } })).toBe(ordersBefore);
      if (subject.stillConnected) expect(await subject.stillConnected()).toBe(false);
      expect(await hub.db.auditEvent.count({ where: { storeId: s.id, action: `${connector.id}.uninstalled` } })).toBe(
        1,
      );
    });
  });
}
