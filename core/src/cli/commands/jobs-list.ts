import { z } from "zod";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { jobView } from "../../hub/jobs/job-view.js";

const State = z.enum(["queued", "running", "done", "dead"]);

export const jobsList: CliCommand = {
  path: ["jobs", "list"],
  summary: "List background jobs (newest first), e.g. the dead-lettered ones",
  usage: "jobs list [--state queued|running|done|dead] [--kind <kind>] [--limit <n>] [--json]",
  options: { state: { type: "string" }, kind: { type: "string" }, limit: { type: "string" } },
  async run(args) {
    const stateArg = optionalString(args, "state");
    const state = stateArg === undefined ? undefined : State.safeParse(stateArg);
    if (state && !state.success) throw new UsageError(`--state must be one of ${State.options.join(", ")}`);
    const limit = Number(optionalString(args, "limit") ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new UsageError("--limit must be a whole number from 1 to 1000");
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
        ? "No jobs."
        : rows
            .map(
              (r) =>
                `${r.id.padStart(6)}  ${r.state.padEnd(7)}  ${r.kind}  attempts ${r.attempts}/${r.maxAttempts}  ${r.runAt}${r.lastError ? `\n        last error: ${r.lastError}` : ""}`,
            )
            .join("\n");
    return { json: rows, text };
  },
};
