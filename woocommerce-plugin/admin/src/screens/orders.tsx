import { useState } from "preact/hooks";
import type { Hub } from "../host.js";
import type { OrderRow } from "../api-types.js";
import { clp, date, documentState, documentTitle, orderStatus } from "../format.js";
import { useLoad } from "./use-load.js";

/** Orders with their documents, and those that wait with why. */
export function OrdersScreen({ hub }: { hub: Hub }) {
  const [onlyProblems, setOnlyProblems] = useState(false);
  const { data, error, loading, reload } = useLoad(
    () => hub.get<{ orders: OrderRow[]; next: string | null }>(`orders?take=50${onlyProblems ? "&show=pending" : ""}`),
    [onlyProblems],
  );
  const [note, setNote] = useState<string | null>(null);

  async function issue(order: OrderRow) {
    try {
      await hub.send("POST", `orders/${encodeURIComponent(order.externalId)}/issue`);
      setNote(`Pedido ${order.number ?? order.externalId}: se pidió emitir ahora.`);
      reload();
    } catch (e) {
      setNote(e instanceof Error ? e.message : "No se pudo emitir.");
    }
  }

  return (
    <div>
      <label class="timbre-inline">
        <input type="checkbox" checked={onlyProblems} onChange={() => setOnlyProblems(!onlyProblems)} /> Solo pedidos
        que esperan
      </label>
      {note && <p class="timbre-ok">{note}</p>}
      {loading && !data && <p>Cargando…</p>}
      {error && <p class="timbre-error">{error}</p>}
      {data && data.orders.length === 0 && <p>No hay pedidos todavía.</p>}
      <ul class="timbre-cards">
        {data?.orders.map((o) => (
          <li key={o.externalId} class="timbre-card">
            <div class="timbre-card-head">
              <strong>Pedido {o.number ?? o.externalId}</strong>
              <span>
                {orderStatus(o.status)} · {date(o.updatedAt)}
              </span>
            </div>
            {o.documents.map((d) => {
              const href = hub.documentHref(`${d.id}.pdf`);
              return (
                <div key={d.id} class="timbre-doc">
                  <span>{documentTitle(d.type, d.folio)}</span>
                  <span>
                    {clp(d.total)} · {documentState(d.state)}
                  </span>
                  {href && (
                    <a href={href} target="_blank" rel="noopener">
                      Ver PDF
                    </a>
                  )}
                </div>
              );
            })}
            {o.pendingReasons.length > 0 && (
              <div class="timbre-pending">
                <p>Espera porque:</p>
                <ul>
                  {o.pendingReasons.map((r) => (
                    <li key={r.code}>{r.message}</li>
                  ))}
                </ul>
                <button type="button" class="button" onClick={() => void issue(o)}>
                  Emitir ahora
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
