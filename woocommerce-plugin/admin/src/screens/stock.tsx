import { useEffect, useState } from "preact/hooks";
import type { Hub } from "../host.js";
import type { SyncStatus } from "../api-types.js";
import { date } from "../format.js";
import { useLoad } from "./use-load.js";

/** The catalog sync: progress while it runs, then what matched by SKU. */
export function StockScreen({ hub }: { hub: Hub }) {
  const { data, error, reload } = useLoad(() => hub.get<SyncStatus>("sync/status"));
  const [note, setNote] = useState<string | null>(null);
  const running = data?.run?.state === "running";
  useEffect(() => {
    if (!running) return;
    const t = setInterval(reload, 2000);
    return () => clearInterval(t);
  }, [running, reload]);

  async function start() {
    try {
      await hub.send("POST", "sync/run");
      setNote("Sincronización iniciada.");
      reload();
    } catch (e) {
      setNote(e instanceof Error ? e.message : "No se pudo iniciar.");
    }
  }

  if (error) return <p class="timbre-error">{error}</p>;
  if (!data) return <p>Cargando…</p>;
  const run = data.run;
  const c = data.report.counts;
  const percent = run && run.total > 0 ? Math.round((100 * run.done) / run.total) : 0;
  return (
    <div>
      {note && <p class="timbre-ok">{note}</p>}
      {run ? (
        <section>
          <p>
            {run.state === "running"
              ? `Sincronizando: ${run.done.toLocaleString("es-CL")} de ${run.total.toLocaleString("es-CL")} productos`
              : run.state === "done"
                ? `Última sincronización: ${date(run.finishedAt)}`
                : `La última sincronización falló: ${run.error ?? "error desconocido"}`}
          </p>
          {run.state === "running" && (
            <progress max={100} value={percent} aria-label="Avance de la sincronización">
              {percent}%
            </progress>
          )}
        </section>
      ) : (
        <p>Aún no se sincroniza el catálogo.</p>
      )}
      <ul class="timbre-counts">
        <li>Productos en la tienda: {c.listings.toLocaleString("es-CL")}</li>
        <li>Con SKU encontrado en Timbre: {c.matched.toLocaleString("es-CL")}</li>
        <li>Con SKU que Timbre no conoce: {c.unmatched.toLocaleString("es-CL")}</li>
        <li>Con SKU repetido: {c.duplicate.toLocaleString("es-CL")}</li>
        <li>Sin SKU: {c.missingSku.toLocaleString("es-CL")}</li>
        <li>Cambios de stock por publicar: {data.publish.pending.toLocaleString("es-CL")}</li>
      </ul>
      <button type="button" class="button button-primary" disabled={running} onClick={() => void start()}>
        Sincronizar ahora
      </button>
    </div>
  );
}
