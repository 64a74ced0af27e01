import { randomInt } from "node:crypto";
import type { NormalizedOrder } from "../../rules/order/normalized-order.js";
import type { Db } from "../db/prisma-client.js";
import { documentLinks } from "../documents/document-links.js";
import { ingestOrder } from "../orders/ingest-order.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { DEMO_STORE } from "./demo-data.js";

/** The demo store's catalogue: what a simulated shopper buys. */
const DEMO_ITEMS = [
  { sku: "CAFE-ORIGEN-250", name: "Café de origen 250 g", unitPrice: 6990 },
  { sku: "TAZA-GRES", name: "Taza de gres", unitPrice: 8490 },
  { sku: "FILTRO-V60", name: "Filtros de papel V60 (100)", unitPrice: 4990 },
] as const;

/**
 * A shopper pays an order in the demo store: the same path a platform's webhook takes
 * (ingestOrder), so what the visitor watches is the real pipeline at the SII sandbox.
 */
export async function simulatePaidOrder(
  db: Db,
  options: { document?: "boleta" | "factura"; email?: string } = {},
): Promise<{ externalId: string }> {
  const store = await db.store.findFirstOrThrow({
    where: { platform: DEMO_STORE.platform, shopDomain: DEMO_STORE.shopDomain },
  });
  const externalId = `DEMO-${Date.now().toString(36).toUpperCase()}${randomInt(10, 99)}`;
  const picked = DEMO_ITEMS.filter(() => randomInt(0, 2) === 1);
  const items = picked.length > 0 ? picked : [DEMO_ITEMS[0]];
  const order: NormalizedOrder = {
    externalId,
    number: `#${externalId.slice(5)}`,
    status: "paid",
    updatedAt: new Date().toISOString(),
    pricesIncludeTax: true,
    buyer:
      options.document === "factura"
        ? {
            email: options.email ?? "compras@cliente-demo.cl",
            name: "Cliente Demo Ltda.",
            document: "factura",
            rut: "77777777-7",
            businessName: "Cliente Demo Limitada",
            activity: "Servicios de diseño",
            address: "Av. Apoquindo 4500",
            commune: "Las Condes",
          }
        : { email: options.email ?? "comprador@ejemplo.cl", name: "Ana Pérez", document: "boleta" },
    lines: items.map((item, i) => ({
      externalId: `l${i + 1}`,
      sku: item.sku,
      name: item.name,
      quantity: randomInt(1, 3),
      unitPrice: item.unitPrice,
      discount: 0,
      exempt: false,
    })),
    shipping: { name: "Despacho a domicilio", price: 3990, exempt: false },
  };
  await ingestOrder(db, store.id, store.companyId, order, "demo");
  return { externalId };
}

export interface DemoOrderProgress {
  externalId: string;
  number: string | null;
  pendingReasons: unknown;
  document: {
    type: number;
    folio: number;
    state: string;
    total: number;
    emailed: boolean;
    pdfUrl: string;
    xmlUrl: string;
  } | null;
  /** Nothing more will happen by itself. */
  settled: boolean;
}

export async function demoOrderProgress(
  db: Db,
  encryptor: Encryptor,
  externalId: string,
): Promise<DemoOrderProgress | null> {
  const order = await db.order.findFirst({
    where: { externalId, store: { platform: DEMO_STORE.platform, shopDomain: DEMO_STORE.shopDomain } },
    include: { documents: { where: { kind: "sale" } } },
  });
  if (!order) return null;
  const d = order.documents[0];
  const pending = Array.isArray(order.pendingReasons) && order.pendingReasons.length > 0;
  return {
    externalId,
    number: order.number,
    pendingReasons: order.pendingReasons,
    document: d
      ? {
          type: d.type,
          folio: d.folio,
          state: d.state,
          total: d.totalAmount,
          emailed: d.emailedAt !== null,
          ...documentLinks(encryptor, "", d.id),
        }
      : null,
    settled: pending || (d !== undefined && (d.state === "rejected" || d.emailedAt !== null)),
  };
}
