import type { WaitOptions } from "../../hub/sii/client.js";
import type { EnvelopeStatus } from "../../hub/sii/results.js";
import { requireString, UsageError, type CliCommand } from "../command.js";
import { SII_CONNECTION_OPTIONS, SII_CONNECTION_USAGE, siiClientFromArgs } from "./sii-connection.js";

function describe(s: EnvelopeStatus): string {
  const lines = [`${s.trackId}: ${s.state} — ${s.meaning.es}${s.final ? "" : " (en proceso; consulte de nuevo)"}`];
  if (s.glosa && s.glosa !== s.meaning.es) lines.push(`  SII: ${s.glosa}`);
  for (const t of s.stats) {
    lines.push(
      `  Tipo ${t.tipo ?? "?"}: ${t.informados} informados, ${t.aceptados} aceptados, ${t.reparos} con reparos, ${t.rechazados} rechazados`,
    );
  }
  for (const d of s.documents) {
    lines.push(`  T${d.tipo ?? "?"} folio ${d.folio}: ${d.estado}${d.descripcion ? ` — ${d.descripcion}` : ""}`);
    for (const e of d.errors) {
      lines.push(
        `    ${[e.seccion, e.nivel, e.codigo].filter((x) => x !== undefined).join("-")} ${e.descripcion ?? ""}${e.detalle ? ` (${e.detalle})` : ""}`,
      );
    }
  }
  if (s.channel === "dte" && s.final && s.stats.some((t) => t.rechazados + t.reparos > 0)) {
    lines.push(
      "  El detalle por documento de un EnvioDTE llega por correo del SII; consulte cada uno en el sitio del SII.",
    );
  }
  return lines.join("\n");
}

export const siiStatus: CliCommand = {
  path: ["sii", "status"],
  summary: "Consulta al SII el estado de un envío y el resultado de cada documento",
  usage: `sii status <trackid> --rut <emisor> ${SII_CONNECTION_USAGE} [--boleta] [--wait] [--json]`,
  options: {
    ...SII_CONNECTION_OPTIONS,
    rut: { type: "string" },
    boleta: { type: "boolean" },
    wait: { type: "boolean" },
  },
  async run(args) {
    const trackId = args.positionals[0];
    if (!trackId || !/^\d{1,15}$/.test(trackId))
      throw new UsageError(
        "indique el número de atención (track id, solo dígitos): sii status <trackid> --rut <emisor>",
      );
    const rutEmisor = requireString(args, "rut");
    const client = siiClientFromArgs(args);
    // Boleta track ids have 15 digits; --boleta forces the REST channel for any other.
    const options: WaitOptions = args.values.boleta === true ? { rutEmisor, channel: "boleta" } : { rutEmisor };
    const status =
      args.values.wait === true
        ? await client.waitForFinal(trackId, options)
        : await client.envelopeStatus(trackId, options);
    return { json: status, text: describe(status) };
  },
};
