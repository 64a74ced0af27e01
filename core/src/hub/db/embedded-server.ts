import { createServer, type Server, type Socket } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import { SessionQueue } from "./session-queue.js";

export interface EmbeddedServer {
  /** A plain postgresql:// URL: the hub, the CLI and migrations all speak the wire protocol to it. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_CONNECTIONS = 64;

/**
 * PGlite (PostgreSQL in WASM) served on loopback, so one code path (node-postgres) serves both the
 * embedded default and a real server. PGlite has one backend session; SessionQueue shares it
 * between connections one unit of work (or one transaction) at a time.
 */
export async function startEmbeddedServer(options: {
  dataDir: string | "memory://";
  port?: number;
}): Promise<EmbeddedServer> {
  const db = await PGlite.create(options.dataDir);
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    if (handlers.size >= MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    // pglite-socket's handler frames messages and answers SSL/cancel requests; scheduling is ours.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let closed = false;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const h of handlers) void h.detach(true);
      });
      await db.close();
    },
  };
}
