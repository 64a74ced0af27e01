import type { Hub } from "../hub.js";
import { recordAudit } from "../audit/record-audit.js";
import { loadCaf } from "../cafs/load-caf.js";
import { loadCompanyCertificate } from "../certificates/load-certificate.js";
import { createStore } from "../stores/create-store.js";
import { siiDate } from "../../rules/dte/time.js";
import { createTestCaf, createTestCertificate } from "../../testing/certs.js";
import { demoCafAuthority } from "./demo-authority.js";
import { DEMO_CAF_RANGE, DEMO_CERTIFICATE, DEMO_COMPANY, DEMO_DOCUMENT_TYPES, DEMO_STORE } from "./demo-data.js";

export interface DemoHandle {
  companyId: string;
  /** For the startup banner. */
  companyName: string;
  companyRut: string;
  storeName: string;
  /** The public key the demo's SII emulator trusts for CAFs (IDK 100). */
  cafAuthorityPublicKey: string;
  close(): Promise<void>;
}

/**
 * Seeds the demo (idempotently: a restart finds what it left) so `npm start` shows a working hub
 * with nothing configured by hand: a company in certification mode, a self-signed certificate and
 * locally generated test CAFs, none of them valid at the SII.
 */
export async function startDemo(hub: Hub): Promise<DemoHandle> {
  const { db, encryptor } = hub;
  const authority = demoCafAuthority(hub.config.dataDir);
  let company = await db.company.findUnique({ where: { rut: DEMO_COMPANY.rut } });
  if (!company) {
    company = await db.company.create({ data: { ...DEMO_COMPANY, actecos: [...DEMO_COMPANY.actecos] } });
    await recordAudit(db, {
      companyId: company.id,
      subjectType: "company",
      subjectId: company.id,
      action: "company.created",
      actor: "demo",
    });
  }
  if ((await db.certificate.count({ where: { companyId: company.id, active: true } })) === 0) {
    const cert = createTestCertificate(DEMO_CERTIFICATE);
    await loadCompanyCertificate(db, encryptor, {
      companyId: company.id,
      source: { pfx: cert.pfx, password: cert.password },
      actor: "demo",
    });
  }
  const authorizedOn = siiDate(new Date());
  for (const type of DEMO_DOCUMENT_TYPES) {
    if (
      (await db.caf.count({
        where: { companyId: company.id, documentType: type, nextFolio: { lte: db.caf.fields.folioTo } },
      })) > 0
    )
      continue;
    // A fresh range after whatever earlier demo CAFs of this type already covered.
    const last = await db.caf.findFirst({
      where: { companyId: company.id, documentType: type },
      orderBy: { folioTo: "desc" },
    });
    const from = (last?.folioTo ?? 0) + 1;
    const caf = createTestCaf({ rut: company.rut, type, from, to: from + DEMO_CAF_RANGE - 1, authorizedOn, authority });
    await loadCaf(db, encryptor, {
      companyId: company.id,
      xml: caf.xml,
      siiKeys: { 100: authority.publicKeyPem },
      actor: "demo",
      testOnly: true,
    });
  }
  const store = await db.store.findFirst({
    where: { platform: DEMO_STORE.platform, shopDomain: DEMO_STORE.shopDomain },
  });
  if (!store) {
    await createStore(db, encryptor, { companyId: company.id, ...DEMO_STORE, actor: "demo" });
  }
  return {
    companyId: company.id,
    companyName: company.businessName,
    companyRut: company.rut,
    storeName: DEMO_STORE.name,
    cafAuthorityPublicKey: authority.publicKeyPem,
    close: async () => {},
  };
}
