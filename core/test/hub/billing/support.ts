import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Company } from "@prisma/client";
import { loadConfig } from "../../../src/hub/config.js";
import type { Db } from "../../../src/hub/db/prisma-client.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import { ingestOrder } from "../../../src/hub/orders/ingest-order.js";
import type { Encryptor } from "../../../src/hub/secrets/encryptor.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { NormalizedOrderSchema, type NormalizedOrderInput } from "../../../src/rules/order/normalized-order.js";
import type { TestDatabase } from "../../../src/testing/test-database.js";

export async function billingHub(tdb: TestDatabase, env: Record<string, string> = {}): Promise<Hub> {
  const dataDir = mkdtempSync(join(tmpdir(), "timbre-billing-"));
  return openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: dataDir, ...env }), { role: "cli" });
}

let seq = 0;
function rut(): string {
  const body = 77_300_000 + ++seq * 104_729;
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split("").reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const r = 11 - (sum % 11);
  return `${body}-${r === 11 ? "0" : r === 10 ? "K" : r}`;
}

export async function company(db: Db, over: Partial<Company> = {}): Promise<Company> {
  const r = over.rut ?? rut();
  return db.company.create({
    data: {
      rut: r,
      businessName: `Comercial ${r} SpA`,
      activity: "Venta por internet",
      actecos: [479100],
      address: "Av. Providencia 1234",
      commune: "Providencia",
      email: `pagos-${seq}@example.cl`,
      ...(over.businessName ? { businessName: over.businessName } : {}),
      ...(over.email !== undefined ? { email: over.email } : {}),
    },
  });
}

export async function store(
  db: Db,
  encryptor: Encryptor,
  companyId: string,
  platform: string,
  shopDomain: string,
): Promise<CreatedStore> {
  return createStore(db, encryptor, { companyId, platform, name: shopDomain, shopDomain, actor: "test" });
}

export function order(externalId: string, over: Partial<NormalizedOrderInput> = {}) {
  return NormalizedOrderSchema.parse({
    externalId,
    status: "paid",
    updatedAt: "2026-11-23T12:00:00Z",
    buyer: { document: "boleta" },
    lines: [{ externalId: "l1", name: "Café en grano 1 kg", quantity: 1, unitPrice: 9990 }],
    ...over,
  });
}

/** Many orders through the real ingest path, a few at a time (PGlite's one session serializes transactions). */
export async function ingestMany(db: Db, s: { id: string }, companyId: string, ids: string[], updatedAt = "2026-11-23T12:00:00Z") {
  for (let i = 0; i < ids.length; i += 4) {
    await Promise.all(ids.slice(i, i + 4).map((id) => ingestOrder(db, s.id, companyId, order(id, { updatedAt }), "test")));
  }
}
