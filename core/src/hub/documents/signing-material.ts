import { createPrivateKey } from "node:crypto";
import { TimbreError } from "../../errors.js";
import { parseCaf, type Caf } from "../../rules/dte/caf.js";
import { loadCertificate, type SigningCertificate } from "../../rules/dte/certificate.js";
import { materialSource, type CertificateMaterial } from "../certificates/load-certificate.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";

/**
 * Decrypted signing keys, kept in memory by row id: opening a PFX costs far more than signing, and
 * a CAF or certificate row never changes once stored (a new one gets a new id).
 */
export interface SigningMaterial {
  /** Pass the transaction that allocated the folio: on PGlite another connection would wait for it. */
  caf(cafId: string, db?: Pick<Db, "caf">): Promise<Caf>;
  certificate(companyId: string): Promise<{ id: string; cert: SigningCertificate }>;
}

export function createSigningMaterial(db: Pick<Db, "caf" | "certificate">, encryptor: Encryptor): SigningMaterial {
  const cafs = new Map<string, Caf>();
  const certs = new Map<string, SigningCertificate>();
  return {
    async caf(cafId, client = db) {
      const cached = cafs.get(cafId);
      if (cached) return cached;
      const row = await client.caf.findUniqueOrThrow({ where: { id: cafId } });
      const caf = {
        ...parseCaf(row.cafXml),
        privateKey: createPrivateKey(encryptor.decryptText(row.privateKey, "caf.key")),
      };
      cafs.set(cafId, caf);
      return caf;
    },
    async certificate(companyId) {
      const row = await db.certificate.findFirst({
        where: { companyId, active: true },
        orderBy: { createdAt: "desc" },
      });
      if (!row) {
        throw new TimbreError(
          "certificate.missing",
          {
            es: "La empresa no tiene certificado digital cargado.",
            en: "The company has no signing certificate loaded.",
          },
          { kind: "configuration" },
        );
      }
      let cert = certs.get(row.id);
      if (!cert) {
        cert = loadCertificate(
          materialSource(JSON.parse(encryptor.decryptText(row.material, "certificate")) as CertificateMaterial),
        );
        certs.set(row.id, cert);
      }
      return { id: row.id, cert };
    },
  };
}
