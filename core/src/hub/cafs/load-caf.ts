import type { Caf as CafRow } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { cafExpiry, checkCaf, parseCaf, type SiiKeys } from "../../rules/dte/caf.js";
import { siiDate } from "../../rules/dte/time.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";

export interface LoadCafInput {
  companyId: string;
  xml: string | Uint8Array;
  siiKeys: SiiKeys;
  actor: string;
  /** Generated locally (demo, tests): never valid at the SII. */
  testOnly?: boolean;
  at?: Date;
}

/** The CAF as every TED embeds it, without the private key that must never leave the vault. */
function publicPart(xml: string): string {
  return xml.replace(/<RSASK>[\s\S]*?<\/RSASK>\s*/g, "");
}

/**
 * Stores a CAF after every check the SII would make when stamping with it: the issuer's RUT, the
 * environment (IDK), the SII's signature (when its key is configured), authorization date and
 * expiry. Loading the same CAF twice is harmless; an overlapping range is refused.
 */
export async function loadCaf(
  db: Db,
  encryptor: Encryptor,
  input: LoadCafInput,
): Promise<{ caf: CafRow; created: boolean }> {
  const text = typeof input.xml === "string" ? input.xml : Buffer.from(input.xml).toString("latin1");
  const caf = parseCaf(text);
  const company = await db.company.findUniqueOrThrow({ where: { id: input.companyId } });
  const at = input.at ?? new Date();
  const today = siiDate(at);
  const problems = checkCaf(caf, {
    issuerRut: company.rut,
    environment: company.environment,
    siiKeys: input.siiKeys,
    needsPrivateKey: true,
    issueDate: today,
  });
  const expires = cafExpiry(caf);
  if (expires && expires <= today) {
    problems.push({ code: "caf.expired", es: `El CAF venció el ${expires}.`, en: `The CAF expired on ${expires}.` });
  }
  if (problems.length > 0) {
    throw new TimbreError(
      problems[0]!.code,
      { es: problems.map((p) => p.es).join(" "), en: problems.map((p) => p.en).join(" ") },
      { fields: problems.map((p) => ({ field: p.code, message: p.es })) },
    );
  }
  const { from, to } = caf.range;
  return db.$transaction(async (tx) => {
    const same = await tx.caf.findUnique({
      where: { companyId_documentType_folioFrom: { companyId: company.id, documentType: caf.type, folioFrom: from } },
    });
    if (same && same.folioTo === to) return { caf: same, created: false };
    const overlap = await tx.caf.findFirst({
      where: { companyId: company.id, documentType: caf.type, folioFrom: { lte: to }, folioTo: { gte: from } },
    });
    if (overlap) {
      throw new TimbreError(
        "caf.overlap",
        {
          es: `Los folios ${from}–${to} del tipo ${caf.type} se cruzan con un CAF ya cargado (${overlap.folioFrom}–${overlap.folioTo}).`,
          en: `Folios ${from}–${to} of type ${caf.type} overlap a CAF already loaded (${overlap.folioFrom}–${overlap.folioTo}).`,
        },
        { kind: "conflict" },
      );
    }
    const privateKeyPem = caf.privateKey!.export({ type: "pkcs1", format: "pem" }).toString();
    const row = await tx.caf.create({
      data: {
        companyId: company.id,
        documentType: caf.type,
        folioFrom: from,
        folioTo: to,
        nextFolio: from,
        authorizedAt: new Date(`${caf.authorizedOn}T00:00:00Z`),
        expiresAt: expires ? new Date(`${expires}T00:00:00Z`) : null,
        cafXml: publicPart(text),
        privateKey: encryptor.encrypt(privateKeyPem, "caf.key"),
        testOnly: input.testOnly ?? false,
      },
    });
    await recordAudit(tx, {
      companyId: company.id,
      subjectType: "caf",
      subjectId: row.id,
      action: "caf.loaded",
      actor: input.actor,
      data: { type: caf.type, from, to, authorizedOn: caf.authorizedOn, expires: expires ?? null },
    });
    return { caf: row, created: true };
  });
}
