import type { Certificate } from "@prisma/client";
import {
  assertCertificateValid,
  loadCertificate as readCertificate,
  type CertificateSource,
} from "../../rules/dte/certificate.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";

/** What is sealed in Certificate.material; PFX bytes as base64. */
export type CertificateMaterial = { pfx: string; password: string } | { keyPem: string; certPem: string };

export function materialSource(m: CertificateMaterial): CertificateSource {
  return "pfx" in m ? { pfx: Buffer.from(m.pfx, "base64"), password: m.password } : m;
}

/**
 * Checks the certificate opens with its password and is valid today, then stores it sealed and
 * makes it the company's signing certificate (the previous one is kept, inactive, for the record).
 */
export async function loadCompanyCertificate(
  db: Db,
  encryptor: Encryptor,
  input: { companyId: string; source: CertificateSource; actor: string; at?: Date },
): Promise<Certificate> {
  const cert = readCertificate(input.source);
  assertCertificateValid(cert, input.at ?? new Date());
  const material: CertificateMaterial =
    "pfx" in input.source
      ? { pfx: Buffer.from(input.source.pfx).toString("base64"), password: input.source.password }
      : input.source;
  return db.$transaction(async (tx) => {
    await tx.certificate.updateMany({ where: { companyId: input.companyId, active: true }, data: { active: false } });
    const row = await tx.certificate.create({
      data: {
        companyId: input.companyId,
        subjectName: cert.subject,
        subjectRut: cert.rut ?? null,
        notBefore: cert.validFrom,
        notAfter: cert.validTo,
        material: encryptor.encrypt(JSON.stringify(material), "certificate"),
      },
    });
    await recordAudit(tx, {
      companyId: input.companyId,
      subjectType: "certificate",
      subjectId: row.id,
      action: "certificate.loaded",
      actor: input.actor,
      data: { subject: cert.subject, rut: cert.rut ?? null, validTo: cert.validTo.toISOString() },
    });
    return row;
  });
}
