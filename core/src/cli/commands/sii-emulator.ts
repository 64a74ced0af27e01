import { readFile } from "node:fs/promises";
import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { loadConfig } from "../../hub/config.js";
import { demoCafAuthority } from "../../hub/demo/demo-authority.js";
import { startSiiEmulator, type SiiEmulatorTiming } from "../../testing/sii/emulator.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";

const PortSchema = z.coerce.number().int().min(0).max(65535);
const MillisSchema = z.coerce.number().int().min(0);

function parsed<T>(schema: z.ZodType<T>, value: string | undefined, flag: string): T | undefined {
  if (value === undefined) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`--${flag} debe ser un número entero, 0 o mayor`);
  return r.data;
}

async function readAuthority(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (e) {
    throw new TimbreError(
      "sii_emulator_authority_unreadable",
      { es: `No se pudo leer la llave pública ${path}.`, en: `Could not read the public key ${path}.` },
      { kind: "configuration", detail: (e as Error).message },
    );
  }
  if (!pem.includes("-----BEGIN")) {
    throw new TimbreError(
      "sii_emulator_authority_invalid",
      { es: `${path} no es una llave pública PEM.`, en: `${path} is not a PEM public key.` },
      { kind: "configuration" },
    );
  }
  return pem;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export const siiEmulator: CliCommand = {
  path: ["sii-emulator"],
  summary: "Ejecuta el emulador del SII (DTE por SOAP y carga, boletas por REST, en un puerto) hasta Ctrl-C",
  usage:
    "sii-emulator [--port <n>] [--host <addr>] [--caf-authority <public-key.pem>]... [--step-ms <ms>, 0 = instant] [--token-ttl-ms <ms>] [--journal <file>]",
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "caf-authority": { type: "string", multiple: true },
    "step-ms": { type: "string" },
    "token-ttl-ms": { type: "string" },
    journal: { type: "string" },
  },
  async run(args, io) {
    const port = parsed(PortSchema, optionalString(args, "port"), "port") ?? 0;
    const stepMs = parsed(MillisSchema, optionalString(args, "step-ms"), "step-ms");
    const tokenTtlMs = parsed(MillisSchema, optionalString(args, "token-ttl-ms"), "token-ttl-ms");
    const authorityFiles = (args.values["caf-authority"] as string[] | undefined) ?? [];
    // Without --caf-authority it trusts the demo's test authority, so the demo's CAFs are accepted.
    const cafAuthorities = authorityFiles.length
      ? await Promise.all(authorityFiles.map(readAuthority))
      : [demoCafAuthority(loadConfig().dataDir).publicKeyPem];
    const timing: SiiEmulatorTiming = stepMs === 0 ? { mode: "instant" } : { mode: "timer", stepMs: stepMs ?? 1_500 };

    const emulator = await startSiiEmulator({
      port,
      host: optionalString(args, "host") ?? "127.0.0.1",
      timing,
      cafAuthorities,
      ...(tokenTtlMs === undefined ? {} : { tokenTtlMs }),
      ...(optionalString(args, "journal") ? { journalFile: optionalString(args, "journal")! } : {}),
    });
    io.err(`SII emulator listening on ${emulator.url} (every SII host: use it as --base-url). Ctrl-C stops it.`);
    const signal = await untilSignal();
    await emulator.close();
    const envelopes = emulator.state.envelopes.size;
    return {
      json: { url: emulator.url, stoppedBy: signal, envelopes },
      text: `SII emulator stopped (${signal}); it received ${envelopes} envelope(s).`,
    };
  },
};
