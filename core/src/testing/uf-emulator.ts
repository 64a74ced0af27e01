import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small stand-in for the CMF's UF resource: GET <url>/<yyyy>/<mm>?apikey=…&formato=json answers
 * {"UFs":[{"Valor":"39.643,59","Fecha":"2026-11-30"}]} with the values it was given, 404 with the
 * CMF's error body for a month it has nothing of, 401 for a wrong key. Faults on demand.
 */
export interface UfEmulator {
  url: string;
  /** "2026-11-30" → "39.643,59" (the CMF's spelling). */
  readonly values: Map<string, string>;
  readonly requests: string[];
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export async function startUfEmulator(o: { apiKey?: string; values?: Record<string, string> } = {}): Promise<UfEmulator> {
  const values = new Map(Object.entries(o.values ?? {}));
  const requests: string[] = [];
  let failures = { count: 0, status: 503 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (failures.count > 0) {
      failures.count--;
      return send(failures.status, { CodigoHTTP: failures.status, Mensaje: "Servicio no disponible" });
    }
    if (o.apiKey && url.searchParams.get("apikey") !== o.apiKey)
      return send(401, { CodigoHTTP: 401, Mensaje: "API Key no válida", CodigoError: 10 });
    const m = /\/(\d{4})\/(\d{2})$/.exec(url.pathname);
    if (req.method !== "GET" || !m) return send(404, { CodigoHTTP: 404, Mensaje: "Recurso no encontrado", CodigoError: 81 });
    const prefix = `${m[1]}-${m[2]}-`;
    const UFs = [...values.entries()]
      .filter(([d]) => d.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([Fecha, Valor]) => ({ Valor, Fecha }));
    if (UFs.length === 0) return send(404, { CodigoHTTP: 404, Mensaje: "No existen datos para la fecha indicada", CodigoError: 81 });
    send(200, { UFs });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api-sbifv3/recursos_api/uf`,
    values,
    requests,
    failNext(count, status) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
