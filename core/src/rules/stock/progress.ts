export interface ProgressInput {
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

export interface ProgressStats {
  /** Items per second since the start. */
  rate: number;
  /** Seconds left at that rate; null until there is a rate to go by. */
  etaSeconds: number | null;
  /** 0..1 */
  fraction: number;
}

export function progressStats(p: ProgressInput): ProgressStats {
  const elapsed = Math.max(0, p.now - p.startedAt) / 1000;
  const rate = elapsed > 0 ? p.done / elapsed : 0;
  const left = Math.max(0, p.total - p.done);
  return {
    rate,
    etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : null,
    fraction: p.total > 0 ? Math.min(1, p.done / p.total) : p.done > 0 ? 1 : 0,
  };
}

/** One line for a terminal: `publicando [#####-----] 500/1.000  42,0/s  ETA 12 s`. */
export function progressLine(phase: string, p: ProgressInput, width = 24): string {
  const s = progressStats(p);
  const filled = Math.round(s.fraction * width);
  const eta = s.etaSeconds === null ? "ETA —" : `ETA ${formatSeconds(s.etaSeconds)}`;
  const n = (x: number) => x.toLocaleString("es-CL");
  return `${phase} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${n(p.done)}/${n(p.total)}  ${s.rate.toLocaleString("es-CL", { maximumFractionDigits: 1 })}/s  ${eta}`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.ceil(s - m * 60)} s`;
}
