/** What `sii send` and `sii status` share: the certificate that authenticates, and where the SII is. */
import { createSiiClient, type SiiClient } from "../../hub/sii/client.js";
import { SiiEnvironmentSchema } from "../../hub/sii/environments.js";
import { seedSignerFor } from "../../hub/sii/seed-signer.js";
import { assertCertificateValid, loadCertificate, type SigningCertificate } from "../../rules/dte/certificate.js";
import { optionalString, UsageError, type OptionSpec, type ParsedArgs } from "../command.js";
import { readInputFile } from "./dte-files.js";

export const SII_CONNECTION_OPTIONS: OptionSpec = {
  pfx: { type: "string" },
  password: { type: "string" },
  key: { type: "string" },
  cert: { type: "string" },
  env: { type: "string" },
  "base-url": { type: "string" },
};

export const SII_CONNECTION_USAGE =
  "(--pfx <cert.p12> --password <pw> | --key <key.pem> --cert <cert.pem>) [--env certification|production] [--base-url <url>]";

function certificate(args: ParsedArgs): SigningCertificate {
  const pfx = optionalString(args, "pfx");
  const key = optionalString(args, "key");
  const cert = optionalString(args, "cert");
  if (pfx !== undefined) {
    if (key !== undefined || cert !== undefined) throw new UsageError("use --pfx/--password o --key/--cert, no ambos");
    const password = args.values.password;
    if (typeof password !== "string") throw new UsageError("falta --password para el --pfx");
    return loadCertificate({ pfx: readInputFile(pfx, "--pfx"), password });
  }
  if (key === undefined || cert === undefined)
    throw new UsageError(
      "indique el certificado: --pfx <archivo> --password <clave>, o --key <key.pem> --cert <cert.pem>",
    );
  return loadCertificate({
    keyPem: readInputFile(key, "--key").toString("utf8"),
    certPem: readInputFile(cert, "--cert").toString("utf8"),
  });
}

export function siiClientFromArgs(args: ParsedArgs): SiiClient {
  const env = SiiEnvironmentSchema.safeParse(optionalString(args, "env") ?? "certification");
  if (!env.success) throw new UsageError(`--env es certification o production, no "${optionalString(args, "env")}"`);
  const cert = certificate(args);
  assertCertificateValid(cert, new Date());
  return createSiiClient({
    environment: env.data,
    baseUrl: optionalString(args, "base-url"),
    signSeed: seedSignerFor(cert),
  });
}
