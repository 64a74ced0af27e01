import type { Job } from "@prisma/client";

/** A job as the CLI and the API show it (ids as strings: they are bigints). */
export interface JobView {
  id: string;
  kind: string;
  state: Job["state"];
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  payload: unknown;
}

export function jobView(j: Job): JobView {
  return {
    id: j.id.toString(),
    kind: j.kind,
    state: j.state,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt.toISOString(),
    lastError: j.lastError,
    payload: j.payload,
  };
}
