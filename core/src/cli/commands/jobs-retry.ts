import { TimbreError } from "../../errors.js";
import { retryJob } from "../../hub/jobs/job-queue.js";
import { UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const jobsRetry: CliCommand = {
  path: ["jobs", "retry"],
  summary: "Vuelve a encolar trabajos que se rindieron, con intentos nuevos",
  usage: "jobs retry <id>... [--json]",
  options: {},
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError("indique al menos un id de tarea");
    const ids = args.positionals.map((p) => {
      if (!/^\d+$/.test(p)) throw new UsageError(`"${p}" no es un id de tarea (los imprime \`timbre jobs list\`)`);
      return BigInt(p);
    });
    const retried = await withHub(async (hub) => {
      const done: string[] = [];
      for (const id of ids) if (await retryJob(hub.db, id)) done.push(id.toString());
      return done;
    });
    const missing = ids.map(String).filter((id) => !retried.includes(id));
    if (missing.length > 0) {
      throw new TimbreError(
        "jobs.not_retryable",
        {
          es: `No se pudo reintentar: ${missing.join(", ")} (no existe o no está en estado dead).`,
          en: `Could not retry: ${missing.join(", ")} (no such job, or not dead).`,
        },
        { kind: "not_found", fields: missing.map((id) => ({ field: id, message: "not found or not dead" })) },
      );
    }
    return { json: { retried }, text: `De nuevo en cola: ${retried.join(", ")}` };
  },
};
