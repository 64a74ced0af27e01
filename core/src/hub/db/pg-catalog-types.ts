import type pg from "pg";

// prisma/orm#27403: Prisma's schema engine cannot deserialize the catalog types "char" (18) and
// name (19); reporting them as text lets `prisma migrate` introspect a PostgreSQL server.
const OID_AS: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

let patched = false;

export function patchPgCatalogTypes(pgModule: typeof pg): void {
  if (patched) return;
  patched = true;
  for (const proto of [pgModule.Pool.prototype, pgModule.Client.prototype] as Array<{
    query: (...a: unknown[]) => unknown;
  }>) {
    const query = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const r = query.apply(this, args);
      if (r && typeof (r as Promise<unknown>).then === "function") {
        return (r as Promise<{ fields?: Array<{ dataTypeID: number }> }>).then((res) => {
          for (const f of res?.fields ?? []) {
            const mapped = OID_AS[f.dataTypeID];
            if (mapped !== undefined) f.dataTypeID = mapped;
          }
          return res;
        });
      }
      return r;
    };
  }
}
