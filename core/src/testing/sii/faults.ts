/**
 * Failures on demand, so tests and the demo can show what happens when the SII misbehaves.
 * `times` limits a fault to the next n requests; without it the fault lasts until cleared.
 */
export type SiiFault =
  /** Connections are dropped without an answer (the client sees a network error). */
  | { kind: "down"; times?: number }
  /** Answers arrive after `delayMs` (exercise client timeouts). */
  | { kind: "slow"; delayMs: number; times?: number }
  /** Requests get this HTTP status (default 503) instead of an answer. */
  | { kind: "http-error"; status?: number; times?: number }
  /** Every token issued so far stops working now (a token expiring mid-run). */
  | { kind: "expire-tokens" }
  /** Envelopes never leave REC. */
  | { kind: "stuck-in-rec" }
  /** The next upload(s), DTE or boleta, are received and processed, but the answer is lost on the way back. */
  | { kind: "lose-upload-answer"; uploads?: number }
  /**
   * Uploads are received and processed at once, but the answer waits `delayMs` (longer than the
   * client's timeout, the SII "hanging"): the client cannot know the SII has the file.
   */
  | { kind: "hang-after-upload"; delayMs: number; uploads?: number };

type RequestFault = Exclude<
  SiiFault,
  { kind: "expire-tokens" | "stuck-in-rec" | "lose-upload-answer" | "hang-after-upload" }
>;

export class FaultBoard {
  private readonly active: Array<{ fault: RequestFault; left: number }> = [];
  stuckInRec = false;
  private lostUploadAnswers = 0;
  private hangs: { delayMs: number; left: number } | undefined;

  constructor(private readonly onExpireTokens: () => void) {}

  set(fault: SiiFault): void {
    if (fault.kind === "expire-tokens") return this.onExpireTokens();
    if (fault.kind === "stuck-in-rec") {
      this.stuckInRec = true;
      return;
    }
    if (fault.kind === "lose-upload-answer") {
      this.lostUploadAnswers += fault.uploads ?? 1;
      return;
    }
    if (fault.kind === "hang-after-upload") {
      this.hangs = { delayMs: fault.delayMs, left: fault.uploads ?? Number.POSITIVE_INFINITY };
      return;
    }
    this.active.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.active.length = 0;
    this.stuckInRec = false;
    this.lostUploadAnswers = 0;
    this.hangs = undefined;
  }

  /** How long this upload's answer is held back (consumes one), 0 for none. */
  uploadHang(): number {
    if (!this.hangs || this.hangs.left <= 0) return 0;
    this.hangs.left -= 1;
    return this.hangs.delayMs;
  }

  /** Whether this upload's answer is to be lost (consumes one). */
  loseUploadAnswer(): boolean {
    if (this.lostUploadAnswers <= 0) return false;
    this.lostUploadAnswers -= 1;
    return true;
  }

  /** The faults that hit this request (each consumes one of its `times`). */
  take(): RequestFault[] {
    const hit: RequestFault[] = [];
    for (const entry of [...this.active]) {
      hit.push(entry.fault);
      entry.left -= 1;
      if (entry.left <= 0) this.active.splice(this.active.indexOf(entry), 1);
    }
    return hit;
  }
}
