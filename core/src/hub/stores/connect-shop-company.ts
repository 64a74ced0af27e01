import { setCompany, type CompanyPatch } from "../company/set-company.js";
import type { CompanyView } from "../company/company-view.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { createStore } from "./create-store.js";
import { findShopStore } from "./find-shop-store.js";

/**
 * Onboarding's first step from a platform admin: creates or updates the issuing company, and
 * connects the shop to it as a store when it is not connected yet. A shop already connected keeps
 * its store (and so its orders); the company is the one whose RUT was entered.
 */
export async function connectShopCompany(
  db: Db,
  encryptor: Encryptor,
  input: {
    platform: string;
    shopDomain: string;
    shopName?: string;
    rut: string;
    company: CompanyPatch;
    actor: string;
  },
): Promise<{ company: CompanyView; storeId: string; companyCreated: boolean; storeCreated: boolean }> {
  const { company, created } = await setCompany(db, input.rut, input.company, input.actor);
  const existing = await findShopStore(db, input.platform, input.shopDomain);
  if (existing) {
    if (existing.companyId !== company.id) {
      await db.$transaction(async (tx) => {
        await tx.store.update({ where: { id: existing.id }, data: { companyId: company.id } });
        await tx.auditEvent.create({
          data: {
            companyId: company.id,
            storeId: existing.id,
            subjectType: "store",
            subjectId: existing.id,
            action: "store.company_changed",
            actor: input.actor,
            data: { from: existing.companyId },
          },
        });
      });
    }
    return { company, storeId: existing.id, companyCreated: created, storeCreated: false };
  }
  const store = await createStore(db, encryptor, {
    companyId: company.id,
    platform: input.platform,
    name: input.shopName ?? input.shopDomain,
    shopDomain: input.shopDomain,
    actor: input.actor,
  });
  return { company, storeId: store.id, companyCreated: created, storeCreated: true };
}
