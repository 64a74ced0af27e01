import { UsageError, type CliCommand } from "../command.js";
import { readInputFile } from "./dte-files.js";
import { SII_CONNECTION_OPTIONS, SII_CONNECTION_USAGE, siiClientFromArgs } from "./sii-connection.js";

export const siiSend: CliCommand = {
  path: ["sii", "send"],
  summary: "Envía un EnvioDTE (carga SOAP) o EnvioBOLETA (REST) al SII e imprime su número de seguimiento",
  usage: `sii send <envio.xml> ${SII_CONNECTION_USAGE} [--json]`,
  options: SII_CONNECTION_OPTIONS,
  async run(args) {
    const file = args.positionals[0];
    if (!file) throw new UsageError("indique el archivo del envío: sii send <envio.xml>");
    if (args.positionals.length > 1) throw new UsageError(`sobra el argumento "${args.positionals[1]}"`);
    const bytes = readInputFile(file, "<envio.xml>");
    const client = siiClientFromArgs(args);
    const receipt = await client.sendEnvelope(bytes, { fileName: file.replace(/^.*[\\/]/, "") });
    return {
      json: receipt,
      text: [
        receipt.trackId,
        `  ${receipt.channel === "dte" ? "EnvioDTE" : "EnvioBOLETA"} de ${receipt.rutEmisor}, enviado por ${receipt.rutEnvia}, recibido ${receipt.receivedAt} (${client.environment}).`,
        `  Consulte su estado: timbre sii status ${receipt.trackId} --rut ${receipt.rutEmisor} …`,
      ].join("\n"),
    };
  },
};
