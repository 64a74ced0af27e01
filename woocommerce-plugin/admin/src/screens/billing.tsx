import type { Hub } from "../host.js";
import type { BillingUsage } from "../api-types.js";
import { clp, date } from "../format.js";
import { useLoad } from "./use-load.js";

const REASONS: Record<BillingUsage["provisionalReasons"][number], string> = {
  month_open: "el mes aún no termina",
  uf_missing: "aún no se publica la UF del último día del mes; se usa la última conocida",
  uf_not_loaded: "aún no hay valores de la UF",
};

/** The month's plan: orders counted across all the company's stores, the tier in UF and the pesos. */
export function BillingScreen({ hub }: { hub: Hub }) {
  const { data: u, error } = useLoad(() => hub.get<BillingUsage>("billing/usage"));
  if (error) return <p class="timbre-error">{error}</p>;
  if (!u) return <p>Cargando…</p>;
  const [y, m] = u.month.split("-");
  return (
    <section>
      {u.fairUse.map((w) => (
        <p key={w.code} class="timbre-warning" role="status">
          {w.message.es}
        </p>
      ))}
      <h2>
        Uso de {m}-{y}
      </h2>
      <p>
        Pedidos contados: <strong>{u.ordersCounted.toLocaleString("es-CL")}</strong>
        {u.stores.length > 1 ? ` (en ${u.stores.length} tiendas)` : ""}
      </p>
      <p>
        Plan del mes: <strong>{u.uf} UF</strong> (de {u.tier.from.toLocaleString("es-CL")}
        {u.tier.to === null ? " pedidos en adelante" : ` a ${u.tier.to.toLocaleString("es-CL")} pedidos`})
      </p>
      {u.ufValue && (
        <p>
          Valor de la UF del {date(u.ufValue.date)}: ${u.ufValue.value}
        </p>
      )}
      <p>
        Total del mes: <strong>{u.clp === null ? "—" : clp(u.clp)}</strong> + IVA
        {u.provisional ? ` (provisorio: ${u.provisionalReasons.map((r) => REASONS[r]).join("; ")})` : ""}
      </p>
    </section>
  );
}
