import { z } from "zod";
import { optionalString, UsageError, type CliCommand, parseDecimal } from "../command.js";
import { withHub } from "../hub-session.js";
import { jobView } from "../../hub/jobs/job-view.js";

const State = z.enum(["queued", "running", "done", "dead"]);

export const jobsList: CliCommand = {
  path: ["jobs", "list"],
  summary: "Lista los trabajos en segundo plano (los más nuevos primero), p. ej. los que se rindieron",
  usage: "jobs list [--state queued|running|done|dead] [--kind <kind>] [--limit <n>] [--json]",
  options: { state: { type: "string" }, kind: { type: "string" }, limit: { type: "string" } },
  async run(args) {
    const stateArg = optionalString(args, "state");
    const state = stateArg === undefined ? undefined : State.safeParse(stateArg);
    if (state && !state.success) throw new UsageError(`--state debe ser uno de: ${State.options.join(", ")}`);
    const limit = parseDecimal(optionalString(args, "limit") ?? "50", "limit", { integer: true, min: 1, max: 1000 });
    const kind = optionalString(args, "kind");
    const jobs = await withHub((hub) =>
      hub.db.job.findMany({
        where: { ...(state?.data ? { state: state.data } : {}), ...(kind ? { kind } : {}) },
        orderBy: { id: "desc" },
        take: limit,
      }),
    );
    const rows = jobs.map(jobView);

    const text =
      rows.length === 0
        ? "No hay tareas."
        : rows
            .map(
              (r) =>
                `${r.id.padStart(6)}  ${r.state.padEnd(7)}  ${r.kind}  attempts ${r.attempts}/${r.maxAttempts}  ${r.runAt}${r.lastError ? `\n        last error: ${r.lastError}` : ""}`,
            )
            .join("\n");
    return { json: rows, text };
  },
};
