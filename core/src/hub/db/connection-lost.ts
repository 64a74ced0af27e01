/**
 * Whether an error means the database connection went away under the request (the server
 * restarting or failing over, `pg_terminate_backend`, a network cut): a transient condition, not a
 * fault of the request or of the hub. Its transaction rolled back, so the caller may send it again.
 */
export function isConnectionLost(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const err = e as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown; kind?: unknown } } };
  };
  const codes = [err.code, err.meta?.driverAdapterError?.cause?.originalCode, err.meta?.driverAdapterError?.cause?.code]
    .filter((c) => typeof c === "string")
    .map(String);
  // 57P01-03: the server terminated or is not accepting the session; class 08: connection exceptions;
  // P1001/P1017: Prisma could not reach the server / the server closed the connection.
  if (codes.some((c) => /^(57P0[123]|08\d{3}|P1001|P1017|ECONNRESET|ECONNREFUSED|EPIPE)$/.test(c))) return true;
  if (err.meta?.driverAdapterError?.cause?.kind === "ConnectionClosed") return true;
  const message = typeof err.message === "string" ? err.message : "";
  if (
    /Connection terminated|terminating connection|server closed the connection|Connection ended unexpectedly/i.test(
      message,
    )
  )
    return true;
  return isConnectionLost(err.cause, depth + 1);
}
