import { z } from "zod";

/**
 * The poll's position, opaque to core: the newest `updated_at` read, the orders read at exactly
 * the times inside the overlap window (so a re-read of the window is skipped), and when the last
 * full pass ran (the store's own interval, on a sweep that ticks at the shortest one).
 */
const CursorSchema = z.object({
  at: z.string(),
  seen: z.array(z.string()).default([]),
  ranAt: z.number().default(0),
  /** The newest customer `updated_at` read (customers are read by the same poll). */
  customersAt: z.string().optional(),
});
export type SweepCursor = z.output<typeof CursorSchema>;

/** `updated_at` has one-second resolution and rows commit late: every pass re-reads this much. */
export const OVERLAP_MS = 120_000;

export function readCursor(raw: string | null): SweepCursor | null {
  if (!raw) return null;
  try {
    return CursorSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

export const writeCursor = (c: SweepCursor): string => JSON.stringify(c);

/** The key deduplicating one version of one order. */
export const versionKey = (incrementId: string, updatedAt: string) => `${incrementId}@${updatedAt}`;

/** Keeps only the versions still inside the next pass's overlap window. */
export function keepSeen(seen: Iterable<[key: string, updatedIso: string]>, newest: string): string[] {
  const floor = Date.parse(newest) - OVERLAP_MS;
  return [...seen].filter(([, at]) => Date.parse(at) >= floor).map(([k]) => k);
}
