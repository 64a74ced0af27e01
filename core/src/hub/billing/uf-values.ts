import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";

export interface UfLookup {
  /** The day asked for (a month's last day). */
  wantedDate: string;
  /** The day whose value was found; differs from `wantedDate` when that one is missing. */
  date: string;
  valueCentavos: number;
  /** The wanted day's own value was missing: the last one known before it (or, failing that, any) was used. */
  fallback: boolean;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The UF of `wantedDate`, else the last value known before it, else the nearest after it; undefined
 * only while the table is empty. Never throws for a missing value: billing goes on, provisional.
 */
export async function ufValueFor(db: Db | Tx, wantedDate: string): Promise<UfLookup | undefined> {
  const day = new Date(`${wantedDate}T00:00:00Z`);
  const row =
    (await db.ufValue.findFirst({ where: { date: { lte: day } }, orderBy: { date: "desc" } })) ??
    (await db.ufValue.findFirst({ where: { date: { gt: day } }, orderBy: { date: "asc" } }));
  if (!row) return undefined;
  const date = iso(row.date);
  return { wantedDate, date, valueCentavos: row.valueCentavos, fallback: date !== wantedDate };
}

export interface UfRow {
  date: string;
  valueCentavos: number;
}

/** Upserts daily values (the same day again overwrites: the CMF may correct one). */
export async function saveUfValues(db: Db, rows: readonly UfRow[], source: string): Promise<number> {
  if (rows.length === 0) return 0;
  await db.$executeRaw`
    INSERT INTO "UfValue" (date, "valueCentavos", source, "fetchedAt")
    SELECT v.d::date, v.c, ${source}, now()
    FROM unnest(${rows.map((r) => r.date)}::text[], ${rows.map((r) => r.valueCentavos)}::int[]) AS v(d, c)
    ON CONFLICT (date) DO UPDATE SET "valueCentavos" = EXCLUDED."valueCentavos", source = EXCLUDED.source, "fetchedAt" = now()`;
  return rows.length;
}
