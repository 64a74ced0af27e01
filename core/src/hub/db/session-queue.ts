import type { PGlite } from "@electric-sql/pglite";

/**
 * Schedules the wire-protocol messages of many client connections onto PGlite's single backend
 * session. pglite-socket's own queue switches connections between any two messages, so the Parse
 * of one client could be followed by the Bind of another ("bind message supplies 5 parameters,
 * but prepared statement requires 3", "portal does not exist"). Here a connection keeps the
 * backend from its first message until a unit of work ends — a simple Query, or a Sync closing an
 * extended-protocol exchange — and for as long as a transaction it opened is still open.
 */
interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (e: Error) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

function isStartup(m: Uint8Array): boolean {
  return m.length >= 8 && new DataView(m.buffer, m.byteOffset, m.byteLength).getInt32(4) === 196608;
}

function endsUnit(m: Uint8Array): boolean {
  return isStartup(m) || m[0] === SYNC || m[0] === QUERY || m[0] === TERMINATE;
}

export class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A client that vanished mid-unit must not leave the backend in its transaction or exchange. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => {} });
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    });
    this.owner = null;
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const i = this.owner === null ? 0 : this.queue.findIndex((q) => q.handlerId === this.owner);
        if (i < 0 || this.queue.length === 0) return;
        const [next] = this.queue.splice(i, 1) as [Pending];
        this.owner = next.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (e) {
          this.owner = null;
          next.reject(e as Error);
          continue;
        }
        if (endsUnit(next.message) && !this.db.isInTransaction()) this.owner = null;
        next.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }
}
