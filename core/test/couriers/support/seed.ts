import type { Company } from "@prisma/client";
import { ZoneInputSchema, type ZoneInputRaw } from "../../../src/rules/couriers/zone-input.js";
import { NormalizedOrderSchema, type NormalizedOrderInput } from "../../../src/rules/order/normalized-order.js";
import { CourierInputSchema } from "../../../src/hub/couriers/courier-input.js";
import { saveCourier } from "../../../src/hub/couriers/save-courier.js";
import { saveShippingMethod } from "../../../src/hub/couriers/shipping-methods.js";
import { saveZone } from "../../../src/hub/couriers/save-zone.js";
import type { Db } from "../../../src/hub/db/prisma-client.js";
import { ingestOrder } from "../../../src/hub/orders/ingest-order.js";
import type { Encryptor } from "../../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";

let rutSeq = 0;

/** A valid company RUT per call (module 11 check digit), so a test file can make as many as it needs. */
function nextRut(): string {
  const body = 76_100_000 + ++rutSeq * 7919;
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split("").reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const r = 11 - (sum % 11);
  return `${body}-${r === 11 ? "0" : r === 10 ? "K" : r}`;
}

export async function seedCompany(
  db: Db,
  encryptor: Encryptor,
  storeSettings: Record<string, string> = {},
): Promise<{ company: Company; store: CreatedStore }> {
  const rut = nextRut();
  const company = await db.company.create({
    data: {
      rut,
      businessName: `Reparto ${rut} SpA`,
      activity: "Venta por internet",
      actecos: [479100],
      address: "Av. Providencia 1234",
      commune: "Providencia",
      email: "ventas@example.cl",
    },
  });
  const store = await createStore(db, encryptor, {
    companyId: company.id,
    platform: "woocommerce",
    name: "Tienda",
    shopDomain: `tienda-${rut}.example`,
    settings: storeSettings,
    actor: "test",
  });
  return { company, store };
}

export async function zone(db: Db, companyId: string, raw: ZoneInputRaw) {
  return (await saveZone(db, companyId, ZoneInputSchema.parse(raw), "test")).zone;
}

export async function courier(db: Db, companyId: string, raw: Record<string, unknown>) {
  return (await saveCourier(db, companyId, CourierInputSchema.parse(raw), "test")).courier;
}

export async function mapAllMethods(
  db: Db,
  store: { id: string; companyId: string },
  mode: "own_courier" | "carrier" | "pickup" = "own_courier",
) {
  await saveShippingMethod(db, store, { method: "*", mode }, "test");
}

export async function order(
  db: Db,
  store: { id: string },
  companyId: string,
  externalId: string,
  over: Partial<NormalizedOrderInput> = {},
) {
  const o = NormalizedOrderSchema.parse({
    externalId,
    number: `#${externalId}`,
    status: "paid",
    updatedAt: "2026-11-23T12:00:00Z",
    buyer: { email: "ana@example.cl", name: "Ana Pérez", document: "boleta" },
    lines: [{ externalId: "l1", sku: "CAFE-1", name: "Café en grano 1 kg", quantity: 2, unitPrice: 9990 }],
    shipping: { name: "Despacho a domicilio", price: 3990 },
    ...over,
  });
  return (await ingestOrder(db, store.id, companyId, o, "test")).order;
}

export const recipient = (comuna: string, over: Record<string, string> = {}) => ({
  name: "Ana Pérez",
  phone: "+56911112222",
  line1: "Av. Italia 1234, depto 5",
  comuna,
  notes: "Timbre 5",
  ...over,
});

/** A tiny valid JPEG header is enough for the hub, which checks the magic bytes. */
export const FAKE_JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);
