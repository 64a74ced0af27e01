import type { Prisma } from "@prisma/client";
import type { Db } from "./prisma-client.js";

export type Tx = Prisma.TransactionClient;

/** The PostgreSQL SQLSTATE behind a Prisma error, when there is one (e.g. "23505", "40P01"). */
export function pgErrorCode(e: unknown): string | undefined {
  const err = e as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
    message?: unknown;
  };
  const original = err?.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof original === "string") return original;
  if (err?.code === "P2034") return "40001";
  if (err?.code === "P2002") return "23505";
  const m = typeof err?.message === "string" ? /Code: `([0-9A-Z]{5})`/.exec(err.message) : null;
  return m?.[1];
}

const ALWAYS_RETRY = ["40001", "40P01"];

/**
 * Runs `fn` in one transaction, again (with a short jittered pause) when the server aborted it for a
 * deadlock or a serialization failure, and for the extra SQLSTATEs the caller names (e.g. "23505"
 * when two requests insert the same new key at once and the retry will find it).
 */
export async function runTransaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  options: { retryOn?: string[]; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const retryable = new Set([...ALWAYS_RETRY, ...(options.retryOn ?? [])]);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { maxWait: 15_000, timeout: 60_000 });
    } catch (e) {
      const code = pgErrorCode(e);
      if (attempt >= attempts || code === undefined || !retryable.has(code)) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
